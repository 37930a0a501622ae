#include <cstdio>

void printTicks(int from, int to, int points) {
    int step = (to - from) / (points - 1);
    for (int i = 0; i < points; ++i) {
        std::printf("%d ", from + i * step);
    }
    std::printf("\n");
}

int main() {
    printTicks(0, 100, 5);
    printTicks(10, 20, 1);
    return 0;
}
