#include <cstdio>

char* readLine(int round) {
    char* line = new char[64];
    std::snprintf(line, 64, "round %d", round);
    return line;
}

int main() {
    char* current = nullptr;
    for (int round = 0; round < 3; ++round) {
        current = readLine(round);
    }
    std::printf("%s\n", current);
    delete[] current;
    return 0;
}
