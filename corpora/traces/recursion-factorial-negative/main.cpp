#include <cstdio>

long factorial(long n) {
    if (n == 0) {
        return 1;
    }
    return n * factorial(n - 1);
}

int main() {
    std::printf("%ld\n", factorial(5));
    std::printf("%ld\n", factorial(-3));
    return 0;
}
