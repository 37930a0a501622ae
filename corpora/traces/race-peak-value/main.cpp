#include <cstdio>
#include <thread>

long peak = 0;

void observe(int seed) {
    for (long i = 0; i < 2000; ++i) {
        long sample = (i * seed) % 997;
        if (sample > peak) {
            peak = sample;
        }
    }
}

int main() {
    std::thread a(observe, 7);
    std::thread b(observe, 13);
    a.join();
    b.join();
    std::printf("%ld\n", peak);
    return 0;
}
