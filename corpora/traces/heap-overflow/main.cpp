#include <cstdio>

int* makeSquares(int count) {
    int* squares = new int[count];
    for (int i = 0; i <= count; ++i) {
        squares[i] = i * i;
    }
    return squares;
}

int main() {
    int* squares = makeSquares(10);
    std::printf("%d\n", squares[9]);
    delete[] squares;
    return 0;
}
