#include <cstdio>
#include <vector>

std::vector<int> histogram(const std::vector<int>& values, int maxValue) {
    std::vector<int> counts(maxValue);
    for (int value : values) {
        counts[value] += 1;
    }
    return counts;
}

int main() {
    std::vector<int> rolls = {1, 3, 3, 2, 6, 1};
    std::vector<int> counts = histogram(rolls, 6);
    std::printf("%d\n", counts[3]);
    return 0;
}
