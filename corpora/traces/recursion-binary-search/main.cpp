#include <cstdio>

int find(const int* values, int low, int high, int target) {
    if (low > high) {
        return -1;
    }
    int mid = (low + high) / 2;
    if (values[mid] == target) {
        return mid;
    }
    if (values[mid] < target) {
        return find(values, mid, high, target);
    }
    return find(values, low, mid - 1, target);
}

int main() {
    int values[] = {2, 4, 8, 16, 32};
    std::printf("%d\n", find(values, 0, 4, 8));
    std::printf("%d\n", find(values, 0, 4, 40));
    return 0;
}
