#include <cstdio>

int checksum(const char* text) {
    char buffer[8];
    int i = 0;
    while (text[i] != '\0') {
        buffer[i] = text[i];
        ++i;
    }
    int sum = 0;
    for (int j = 0; j < i; ++j) {
        sum += buffer[j];
    }
    return sum;
}

int main() {
    std::printf("%d\n", checksum("abc"));
    std::printf("%d\n", checksum("a much longer line"));
    return 0;
}
