#pragma once
#include <vector>

struct Entry {
    int key;
    int value;
};

class Cache {
public:
    Cache();
    const Entry* get(int key) const;
    void add(int key, int value);

private:
    std::vector<Entry> entries_;
};
