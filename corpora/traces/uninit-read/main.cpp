#include <cstdio>

int countAbove(const int* values, int n, int limit) {
    int count;
    for (int i = 0; i < n; ++i) {
        if (values[i] > limit) {
            ++count;
        }
    }
    return count;
}

int main() {
    int values[] = {4, 9, 12, 1};
    int above = countAbove(values, 4, 5);
    if (above > 1) {
        std::printf("many\n");
    }
    return 0;
}
