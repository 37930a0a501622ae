#include <cstdio>
#include <cstdlib>
#include <cstring>

char* makeLabel(const char* text) {
    char* label = static_cast<char*>(std::malloc(std::strlen(text) + 1));
    std::strcpy(label, text);
    return label;
}

void dropLabel(char* label) {
    delete[] label;
}

int main() {
    char* label = makeLabel("north");
    std::printf("%s\n", label);
    dropLabel(label);
    return 0;
}
