#include <cstdio>

int divideWithRemainder(int a, int b, int* remainder) {
    *remainder = a % b;
    return a / b;
}

int main() {
    int r = 0;
    int q = divideWithRemainder(17, 5, &r);
    std::printf("%d %d\n", q, r);
    int whole = divideWithRemainder(9, 4, nullptr);
    std::printf("%d\n", whole);
    return 0;
}
