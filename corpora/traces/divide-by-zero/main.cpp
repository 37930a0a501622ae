#include <cstdio>
#include <vector>

int average(const std::vector<int>& samples) {
    int total = 0;
    for (int s : samples) {
        total += s;
    }
    int count = static_cast<int>(samples.size());
    return total / count;
}

int main() {
    std::vector<int> week{3, 5, 7};
    std::vector<int> empty;
    std::printf("%d\n", average(week));
    std::printf("%d\n", average(empty));
    return 0;
}
