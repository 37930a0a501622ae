#include "ledger.h"

void Ledger::deposit(long amount) {
    balance_ += amount;
}

long Ledger::balance() const {
    std::lock_guard<std::mutex> guard(lock_);
    return balance_;
}
