#pragma once
#include <cstddef>

class Inventory {
public:
    explicit Inventory(std::size_t slots);
    ~Inventory();
    void restock(std::size_t slot, int amount);
    int total() const;

private:
    int* counts_;
    std::size_t slots_;
};
