#include <cstdio>

static int kLimits[4] = {10, 20, 40, 80};

int limitFor(int level) {
    return kLimits[level];
}

int main() {
    for (int level = 0; level <= 4; ++level) {
        std::printf("%d\n", limitFor(level));
    }
    return 0;
}
