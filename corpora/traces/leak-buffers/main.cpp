#include <cstdio>
#include <cstring>

char* formatLine(int id) {
    char* line = new char[32];
    std::snprintf(line, 32, "record %d", id);
    return line;
}

int main() {
    size_t total = 0;
    for (int id = 0; id < 4; ++id) {
        char* line = formatLine(id);
        total += std::strlen(line);
    }
    std::printf("%zu\n", total);
    return 0;
}
