#include <cstdio>
#include <list>

void dropExpired(std::list<int>& ages, int limit) {
    for (auto it = ages.begin(); it != ages.end(); ++it) {
        if (*it > limit) {
            ages.erase(it);
        }
    }
}

int main() {
    std::list<int> ages = {3, 12, 5, 30, 1};
    dropExpired(ages, 10);
    std::printf("%zu\n", ages.size());
    return 0;
}
