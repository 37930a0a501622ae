#include <cstdio>
#include <cstring>

struct Setting {
    const char* key;
    const char* value;
};

static const Setting kSettings[] = {
    {"host", "localhost"},
    {"port", "8080"},
};

const char* lookup(const char* key) {
    for (const Setting& s : kSettings) {
        if (std::strcmp(s.key, key) == 0) {
            return s.value;
        }
    }
    return nullptr;
}

size_t valueLength(const char* key) {
    const char* value = lookup(key);
    size_t length = std::strlen(value);
    return length;
}

int main() {
    std::printf("%zu\n", valueLength("host"));
    std::printf("%zu\n", valueLength("timeout"));
    return 0;
}
