#include <cstdio>
#include "inventory.h"

int main() {
    Inventory shelf(4);
    for (std::size_t slot = 0; slot <= 4; ++slot) {
        shelf.restock(slot, 10);
    }
    std::printf("%d\n", shelf.total());
    return 0;
}
