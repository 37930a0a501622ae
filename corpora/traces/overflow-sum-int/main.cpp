#include <cstdio>

int totalBytes(const int* sizes, int count) {
    int total = 0;
    for (int i = 0; i < count; ++i) {
        total += sizes[i];
    }
    return total;
}

int main() {
    int sizes[] = {900000000, 800000000, 700000000};
    std::printf("%d\n", totalBytes(sizes, 3));
    return 0;
}
