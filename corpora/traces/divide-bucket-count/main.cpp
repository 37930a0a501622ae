#include <cstdio>

struct HashTable {
    unsigned buckets;
};

HashTable makeTable(unsigned expected) {
    HashTable table;
    table.buckets = expected / 4;
    return table;
}

unsigned bucketFor(const HashTable& table, unsigned hash) {
    unsigned index = hash % table.buckets;
    return index;
}

int main() {
    HashTable big = makeTable(40);
    std::printf("%u\n", bucketFor(big, 12345));
    HashTable small = makeTable(3);
    std::printf("%u\n", bucketFor(small, 12345));
    return 0;
}
