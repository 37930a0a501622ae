#include <cstdio>
#include <cstring>

char* duplicate(const char* text) {
    char* copy = new char[std::strlen(text)];
    std::strcpy(copy, text);
    return copy;
}

int main() {
    char* name = duplicate("rotor");
    std::printf("%s\n", name);
    delete[] name;
    return 0;
}
