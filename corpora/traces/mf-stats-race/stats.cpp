#include "stats.h"

void recordResult(Stats& stats, bool ok) {
    if (!ok) {
        std::lock_guard<std::mutex> guard(stats.lock);
        stats.failed += 1;
    }
    stats.processed += 1;
}
