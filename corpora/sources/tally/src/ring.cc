#include "tally/ring.h"

namespace tally::storage {

void Ring::Push(double value) {
    slots[next] = value;
    next = (next + 1) % slots.size();
    if (filled < slots.size()) ++filled;
}

double Ring::Recent(std::size_t age) const {
    std::size_t newest = (next + slots.size() - 1) % slots.size();
    return slots[(newest + slots.size() - age) % slots.size()];
}

}  // namespace tally::storage
