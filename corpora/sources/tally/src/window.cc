#include <cstddef>

#include "tally/counter.h"
#include "tally/ring.h"

namespace tally {

// Local to this file: a running sum over the values a Ring currently holds.
struct WindowSum {
    double sum = 0.0;
    std::size_t count = 0;

    void Add(double value) {
        sum += value;
        ++count;
    }
};

// Mean of the newest `width` values in `ring` (fewer when it holds fewer).
double RecentMean(const storage::Ring& ring, std::size_t width) {
    WindowSum window;
    std::size_t available = ring.filled < width ? ring.filled : width;
    for (std::size_t age = 0; age < available; ++age) {
        window.Add(ring.Recent(age));
    }
    if (window.count == 0) return 0.0;
    return window.sum / static_cast<double>(window.count);
}

// Records the counter's current total into the ring and returns how much it grew since the
// previous sample (the whole total for the first one).
double SampleGrowth(const Counter& counter, storage::Ring& history) {
    double total = static_cast<double>(counter.Total());
    double previous = history.filled == 0 ? 0.0 : history.Recent(0);
    history.Push(total);
    return total - previous;
}

}  // namespace tally
