#pragma once
#include <mutex>

struct Stats {
    long processed = 0;
    long failed = 0;
    std::mutex lock;
};

void recordResult(Stats& stats, bool ok);
