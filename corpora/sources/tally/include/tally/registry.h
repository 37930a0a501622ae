#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tally/counter.h"
#include "tally/histogram.h"

// Declares a copy constructor and assignment as deleted.
#define TALLY_NO_COPY(Type)        \
    Type(const Type&) = delete;    \
    Type& operator=(const Type&) = delete

namespace tally {

// Owns every counter and latency histogram of a process, by name. Lookups take the lock;
// the returned objects stay valid as long as the registry lives.
class Registry {
public:
    Registry() = default;
    TALLY_NO_COPY(Registry);

    // Returns the counter named `name`, creating it on first use.
    Counter& GetCounter(const std::string& name);

    // Returns the histogram named `name`; `bounds` are used only when it is created.
    Histogram<double>& GetLatency(const std::string& name, std::vector<double> bounds);

    // Number of counters created so far.
    std::size_t CounterCount() const;

    template <typename Visit>
    void ForEachCounter(Visit visit) const {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& entry : counters_) visit(*entry.second);
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Counter>> counters_;
    std::map<std::string, std::unique_ptr<Histogram<double>>> latencies_;
};

}  // namespace tally
