#include <cstdio>

bool contains(const int* values, int count, int wanted) {
    bool found;
    for (int i = 0; i < count; ++i) {
        if (values[i] == wanted) {
            found = true;
        }
    }
    return found;
}

int main() {
    int values[] = {5, 8, 13};
    if (contains(values, 3, 4)) {
        std::printf("yes\n");
    } else {
        std::printf("no\n");
    }
    return 0;
}
