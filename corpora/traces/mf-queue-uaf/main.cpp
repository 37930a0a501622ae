#include <cstdio>
#include "queue.h"

int totalCost(const Job* first, const Job* last) {
    return first->cost + last->cost;
}

int main() {
    JobQueue queue;
    Job* first = queue.push(1, 30);
    Job* last = queue.push(2, 12);
    queue.clear();
    std::printf("%d\n", totalCost(first, last));
    return 0;
}
