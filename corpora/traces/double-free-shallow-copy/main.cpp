#include <cstdio>
#include <cstring>

class Blob {
public:
    explicit Blob(const char* text) : size_(std::strlen(text) + 1), data_(new char[size_]) {
        std::memcpy(data_, text, size_);
    }
    ~Blob() {
        delete[] data_;
    }
    const char* text() const { return data_; }

private:
    std::size_t size_;
    char* data_;
};

void show(Blob blob) {
    std::printf("%s\n", blob.text());
}

int main() {
    Blob greeting("hello");
    show(greeting);
    return 0;
}
