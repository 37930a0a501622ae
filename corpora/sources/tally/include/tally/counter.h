#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace tally {

// A monotonically increasing count with a name. Increments are atomic; the name is fixed
// at construction.
class Counter {
public:
    explicit Counter(std::string name) : name_(std::move(name)) {}

    // Adds `by` (default one) and returns the new total.
    std::uint64_t Add(std::uint64_t by = 1) { return total_.fetch_add(by, std::memory_order_relaxed) + by; }

    std::uint64_t Total() const { return total_.load(std::memory_order_relaxed); }
    const std::string& Name() const { return name_; }

    // Sets the total back to zero and returns what it was.
    std::uint64_t Reset() { return total_.exchange(0, std::memory_order_relaxed); }

private:
    std::string name_;
    std::atomic<std::uint64_t> total_{0};
};

}  // namespace tally
