#pragma once

struct Token {
    const char* text;
    int length;
    Token* next;
};

Token* findToken(Token* first, const char* text);
int tokenWidth(const Token* token);
