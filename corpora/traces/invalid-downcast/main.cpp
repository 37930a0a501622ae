#include <cstdio>

struct Shape {
    virtual ~Shape() {}
    virtual const char* name() const { return "shape"; }
};

struct Square : Shape {
    int side = 3;
    int area() const { return side * side; }
};

struct Circle : Shape {
    double radius = 1.5;
};

int squareArea(Shape* shape) {
    Square* square = static_cast<Square*>(shape);
    return square->area();
}

int main() {
    Square sq;
    Circle ci;
    std::printf("%d\n", squareArea(&sq));
    std::printf("%d\n", squareArea(&ci));
    return 0;
}
