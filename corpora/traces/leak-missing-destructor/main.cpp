#include <cstdio>

class Matrix {
public:
    Matrix(int rows, int cols) : rows_(rows), cols_(cols), cells_(new double[rows * cols]()) {}
    Matrix(const Matrix&) = delete;
    Matrix& operator=(const Matrix&) = delete;
    double& at(int r, int c) { return cells_[r * cols_ + c]; }

private:
    int rows_;
    int cols_;
    double* cells_;
};

int main() {
    Matrix m(3, 3);
    m.at(1, 1) = 2.5;
    std::printf("%.1f\n", m.at(1, 1));
    return 0;
}
