#include <climits>
#include <cstdio>

int elapsed(int start, int end) {
    return end - start;
}

int main() {
    std::printf("%d\n", elapsed(100, 250));
    std::printf("%d\n", elapsed(-2000000000, 2000000000));
    return 0;
}
