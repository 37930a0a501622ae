#include <cstdio>

int highest(const int* readings, int count) {
    int best = readings[0];
    for (int i = 1; i <= count; ++i) {
        if (readings[i] > best) {
            best = readings[i];
        }
    }
    return best;
}

int main() {
    int* readings = new int[6]{3, 9, 4, 1, 7, 2};
    std::printf("%d\n", highest(readings, 6));
    delete[] readings;
    return 0;
}
