#include "tokens.h"
#include <cstring>

Token* findToken(Token* first, const char* text) {
    for (Token* t = first; t != nullptr; t = t->next) {
        if (std::strcmp(t->text, text) == 0) {
            return t;
        }
    }
    return nullptr;
}

int tokenWidth(const Token* token) {
    int width = token->length;
    if (width > 8) {
        width = 8;
    }
    return width;
}
