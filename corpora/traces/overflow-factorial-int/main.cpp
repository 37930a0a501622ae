#include <cstdio>

int factorial(int n) {
    int result = 1;
    for (int k = 2; k <= n; ++k) {
        result *= k;
    }
    return result;
}

int main() {
    for (int n = 10; n <= 14; ++n) {
        std::printf("%d\n", factorial(n));
    }
    return 0;
}
