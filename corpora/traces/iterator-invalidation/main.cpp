#include <cstdio>
#include <vector>

void addNegatives(std::vector<int>& numbers) {
    for (auto it = numbers.begin(); it != numbers.end(); ++it) {
        if (*it > 0) {
            numbers.push_back(-*it);
        }
    }
}

int main() {
    std::vector<int> numbers{1, 2, 3};
    addNegatives(numbers);
    std::printf("%zu\n", numbers.size());
    return 0;
}
