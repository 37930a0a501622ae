#include <cstdio>
#include <string>

#include "tally/registry.h"

namespace tally {
namespace {

// Formats one line per counter; a Histogram is not reported here, only counters.
std::string CounterLines(const Registry& registry) {
    std::string out;
    registry.ForEachCounter([&out](const Counter& counter) {
        char line[128];
        std::snprintf(line, sizeof line, "%s %llu\n", counter.Name().c_str(),
                      static_cast<unsigned long long>(counter.Total()));
        out += line;
    });
    return out;
}

}  // namespace

// Resets every counter after reporting it, so each report covers the time since the last.
std::string DrainCounters(Registry& registry, Counter& reports) {
    std::string out = CounterLines(registry);
    registry.ForEachCounter([](const Counter& counter) {
        const_cast<Counter&>(counter).Reset();
    });
    reports.Add();
    return out;
}

// Share of latency samples that fell at or below the bucket bound `limit`.
double ShareWithin(const Histogram<double>& latency, double limit) {
    if (latency.Samples() == 0) return 0.0;
    const auto& buckets = latency.Snapshot();
    std::size_t within = 0;
    for (std::size_t i = 0; i < buckets.bounds.size() && buckets.bounds[i] <= limit; ++i) {
        within += buckets.counts[i];
    }
    return static_cast<double>(within) / static_cast<double>(latency.Samples());
}

}  // namespace tally
