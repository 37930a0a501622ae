#include <cstdio>
#include <cstdlib>
#include <cstring>

bool parseHeader(char* buffer) {
    if (std::strncmp(buffer, "HDR", 3) != 0) {
        std::free(buffer);
        return false;
    }
    return true;
}

int load(const char* input) {
    char* buffer = static_cast<char*>(std::malloc(32));
    std::strncpy(buffer, input, 31);
    buffer[31] = '\0';
    if (!parseHeader(buffer)) {
        std::free(buffer);
        return -1;
    }
    std::free(buffer);
    return 0;
}

int main() {
    std::printf("%d\n", load("HDR v1"));
    std::printf("%d\n", load("junk"));
    return 0;
}
