#include <cstdio>

int mostCommonScore(const int* scores, int count) {
    int seen[10] = {0};
    for (int i = 0; i < count; ++i) {
        seen[scores[i]] += 1;
    }
    int best = 0;
    for (int s = 1; s < 10; ++s) {
        if (seen[s] > seen[best]) {
            best = s;
        }
    }
    return best;
}

int main() {
    int scores[] = {7, 9, 10, 7, 3};
    std::printf("%d\n", mostCommonScore(scores, 5));
    return 0;
}
