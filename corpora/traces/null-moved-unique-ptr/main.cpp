#include <cstdio>
#include <memory>
#include <utility>

struct Buffer {
    int size;
    int used;
};

struct Writer {
    std::unique_ptr<Buffer> buffer;
};

int remaining(const Buffer* buffer) {
    return buffer->size - buffer->used;
}

int main() {
    std::unique_ptr<Buffer> buffer(new Buffer{64, 10});
    Writer writer;
    writer.buffer = std::move(buffer);
    std::printf("%d\n", remaining(buffer.get()));
    return 0;
}
