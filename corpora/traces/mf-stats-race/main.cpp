#include <cstdio>
#include <thread>
#include "stats.h"

void run(Stats* stats, int jobs) {
    for (int i = 0; i < jobs; ++i) {
        recordResult(*stats, i % 7 != 0);
    }
}

int main() {
    Stats* stats = new Stats;
    std::thread a(run, stats, 500);
    std::thread b(run, stats, 500);
    a.join();
    b.join();
    std::printf("%ld %ld\n", stats->processed, stats->failed);
    delete stats;
    return 0;
}
