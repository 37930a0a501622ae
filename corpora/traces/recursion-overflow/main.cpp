#include <cstdio>

long countDown(long n) {
    if (n == 0) {
        return 0;
    }
    return 1 + countDown(n - 2);
}

int main() {
    std::printf("%ld\n", countDown(10));
    std::printf("%ld\n", countDown(7));
    return 0;
}
