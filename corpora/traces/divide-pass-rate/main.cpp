#include <cstdio>

struct Result {
    bool skipped;
    bool passed;
};

int passRate(const Result* results, int count) {
    int ran = 0;
    int passed = 0;
    for (int i = 0; i < count; ++i) {
        if (results[i].skipped) {
            continue;
        }
        ++ran;
        if (results[i].passed) {
            ++passed;
        }
    }
    return passed * 100 / ran;
}

int main() {
    Result nightly[] = {{false, true}, {false, false}, {true, false}};
    std::printf("%d%%\n", passRate(nightly, 3));
    Result weekend[] = {{true, false}, {true, false}};
    std::printf("%d%%\n", passRate(weekend, 2));
    return 0;
}
