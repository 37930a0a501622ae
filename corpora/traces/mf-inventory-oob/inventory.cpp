#include "inventory.h"

Inventory::Inventory(std::size_t slots) : counts_(new int[slots]()), slots_(slots) {}

Inventory::~Inventory() {
    delete[] counts_;
}

void Inventory::restock(std::size_t slot, int amount) {
    if (slot > slots_) {
        return;
    }
    counts_[slot] += amount;
}

int Inventory::total() const {
    int sum = 0;
    for (std::size_t i = 0; i < slots_; ++i) {
        sum += counts_[i];
    }
    return sum;
}
