#include <cstdio>
#include <cstring>

int checksum(const char* text) {
    std::size_t length = std::strlen(text);
    char* copy = new char[length + 1];
    std::memcpy(copy, text, length + 1);
    if (copy[0] == '#') {
        return 0;
    }
    int sum = 0;
    for (std::size_t i = 0; i < length; ++i) {
        sum += copy[i];
    }
    delete[] copy;
    return sum;
}

int main() {
    std::printf("%d\n", checksum("# comment"));
    std::printf("%d\n", checksum("abc"));
    return 0;
}
