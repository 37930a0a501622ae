#include <cstdio>
#include <thread>

struct Table {
    int entries[64];
};

Table* table = nullptr;

int lookup(int key) {
    if (table == nullptr) {
        table = new Table();
    }
    return table->entries[key % 64];
}

void worker(int key) {
    std::printf("%d\n", lookup(key));
}

int main() {
    std::thread a(worker, 3);
    std::thread b(worker, 70);
    a.join();
    b.join();
    return 0;
}
