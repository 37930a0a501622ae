#include <cstdio>
#include <cstdlib>

struct Point {
    double x;
    double y;
};

Point* midpoint(const Point& a, const Point& b) {
    return new Point{(a.x + b.x) / 2, (a.y + b.y) / 2};
}

int main() {
    Point* m = midpoint({0, 0}, {4, 2});
    std::printf("%.1f %.1f\n", m->x, m->y);
    std::free(m);
    return 0;
}
