#include <cstdio>
#include <mutex>
#include <thread>

int lastSeen = 0;
std::mutex seenLock;

void scan(int first, int count) {
    for (int id = first; id < first + count; ++id) {
        lastSeen = id;
    }
}

int main() {
    std::thread a(scan, 0, 1000);
    std::thread b(scan, 5000, 1000);
    a.join();
    b.join();
    std::printf("%d\n", lastSeen > 0);
    return 0;
}
