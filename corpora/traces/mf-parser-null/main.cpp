#include <cstdio>
#include "tokens.h"

int main() {
    Token close{")", 1, nullptr};
    Token name{"print", 5, &close};
    Token open{"(", 1, &name};
    int width = tokenWidth(findToken(&open, "print"));
    width += tokenWidth(findToken(&open, ";"));
    std::printf("%d\n", width);
    return 0;
}
