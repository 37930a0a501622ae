#pragma once

#include <cstddef>
#include <vector>

namespace tally::storage {

// A fixed-capacity ring of recent values: once full, each Push overwrites the oldest.
struct Ring {
    std::vector<double> slots;
    std::size_t next = 0;   // where the next Push writes
    std::size_t filled = 0; // how many slots hold a value, at most slots.size()

    explicit Ring(std::size_t capacity) : slots(capacity, 0.0) {}

    void Push(double value);
    // The value pushed `age` pushes ago (0 = the newest); requires age < filled.
    double Recent(std::size_t age) const;
};

}  // namespace tally::storage
