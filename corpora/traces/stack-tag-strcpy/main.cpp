#include <cstdio>
#include <cstring>

void printTagged(const char* label, int value) {
    char tag[6];
    std::strcpy(tag, label);
    std::printf("[%s] %d\n", tag, value);
}

int main() {
    printTagged("cpu", 40);
    printTagged("memory", 71);
    return 0;
}
