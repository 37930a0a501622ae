#include <cstdio>
#include "cache.h"

int warmUp(Cache& cache) {
    cache.add(1, 10);
    cache.add(2, 20);
    const Entry* first = cache.get(1);
    cache.add(3, 30);
    return first->value;
}

int main() {
    Cache cache;
    std::printf("%d\n", warmUp(cache));
    return 0;
}
