#pragma once
#include <mutex>

class Ledger {
public:
    void deposit(long amount);
    long balance() const;

private:
    long balance_ = 0;
    mutable std::mutex lock_;
};
