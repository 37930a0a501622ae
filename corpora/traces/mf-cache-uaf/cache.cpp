#include "cache.h"

Cache::Cache() {
    entries_.reserve(2);
}

const Entry* Cache::get(int key) const {
    for (const Entry& e : entries_) {
        if (e.key == key) {
            return &e;
        }
    }
    return nullptr;
}

void Cache::add(int key, int value) {
    entries_.push_back({key, value});
}
