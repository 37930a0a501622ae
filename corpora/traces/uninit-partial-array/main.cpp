#include <cstdio>

int total(int n) {
    int weights[8];
    for (int i = 0; i < n; ++i) {
        weights[i] = i + 1;
    }
    int sum = 0;
    for (int i = 0; i < 8; ++i) {
        sum += weights[i];
    }
    return sum;
}

int main() {
    if (total(3) > 6) {
        std::printf("heavy\n");
    }
    return 0;
}
