#include <cstdio>
#include <thread>
#include <vector>

long hits = 0;

void worker(int rounds) {
    for (int i = 0; i < rounds; ++i) {
        hits = hits + 1;
    }
}

int main() {
    std::vector<std::thread> pool;
    for (int t = 0; t < 2; ++t) {
        pool.emplace_back(worker, 1000);
    }
    for (std::thread& th : pool) {
        th.join();
    }
    std::printf("%ld\n", hits);
    return 0;
}
