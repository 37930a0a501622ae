#include <cstdio>
#include <vector>

int addDiscounted(std::vector<int>& prices) {
    const int& first = prices[0];
    prices.push_back(first / 2);
    return first;
}

int main() {
    std::vector<int> prices = {80, 120};
    prices.shrink_to_fit();
    std::printf("%d\n", addDiscounted(prices));
    return 0;
}
