#pragma once

#include <cstddef>
#include <vector>

namespace tally {
namespace detail {

// Bucket bounds in ascending order; a value lands in the first bucket whose bound is not
// below it, or in the overflow bucket.
template <typename Value>
struct Buckets {
    std::vector<Value> bounds;
    std::vector<std::size_t> counts;  // bounds.size() + 1 entries, the last is overflow
};

}  // namespace detail

// Counts values of type `Value` into fixed buckets. Not thread-safe: callers that share a
// histogram across threads must hold their own lock around Record and Snapshot.
template <typename Value>
class Histogram {
public:
    explicit Histogram(std::vector<Value> bounds) {
        buckets_.bounds = std::move(bounds);
        buckets_.counts.assign(buckets_.bounds.size() + 1, 0);
    }

    void Record(Value value) {
        std::size_t index = 0;
        while (index < buckets_.bounds.size() && buckets_.bounds[index] < value) ++index;
        ++buckets_.counts[index];
        ++samples_;
    }

    std::size_t Samples() const { return samples_; }
    const detail::Buckets<Value>& Snapshot() const { return buckets_; }

private:
    detail::Buckets<Value> buckets_;
    std::size_t samples_ = 0;
};

}  // namespace tally
