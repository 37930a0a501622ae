#include <cstdio>

int hashName(const char* name) {
    int hash = 7;
    for (const char* p = name; *p != '\0'; ++p) {
        hash = hash * 31 + *p;
    }
    return hash;
}

int main() {
    std::printf("%d\n", hashName("ab"));
    std::printf("%d\n", hashName("configuration"));
    return 0;
}
