#include <cstdio>
#include <cstdlib>

struct Grid {
    int* cells;
    int width;

    int cell(int x) const {
        return cells[x];
    }
};

int sumRow(const Grid* grid, int n) {
    int total = 0;
    for (int x = 0; x <= n; ++x) {
        total += grid->cell(x);
    }
    return total;
}

int ratio(int a, int b) {
    return a / b;
}

int main(int argc, char** argv) {
    int mode = argc > 1 ? std::atoi(argv[1]) : 0;
    if (mode == 0) {
        const Grid* missing = nullptr;
        return sumRow(missing, 2);
    }
    if (mode == 1) {
        Grid grid{new int[3](), 3};
        int total = sumRow(&grid, 3);
        delete[] grid.cells;
        return total;
    }
    return ratio(mode, mode - 2);
}
