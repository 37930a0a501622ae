#include <cstdio>
#include <thread>
#include "ledger.h"

void teller(Ledger* ledger, int deposits) {
    for (int i = 0; i < deposits; ++i) {
        ledger->deposit(5);
    }
}

int main() {
    Ledger ledger;
    std::thread a(teller, &ledger, 400);
    std::thread b(teller, &ledger, 400);
    a.join();
    b.join();
    std::printf("%ld\n", ledger.balance());
    return 0;
}
