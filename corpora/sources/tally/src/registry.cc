#include "tally/registry.h"

namespace tally {

Counter& Registry::GetCounter(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = counters_[name];
    if (!slot) slot = std::make_unique<Counter>(name);
    return *slot;
}

Histogram<double>& Registry::GetLatency(const std::string& name, std::vector<double> bounds) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = latencies_[name];
    if (!slot) slot = std::make_unique<Histogram<double>>(std::move(bounds));
    return *slot;
}

std::size_t Registry::CounterCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counters_.size();
}

}  // namespace tally
