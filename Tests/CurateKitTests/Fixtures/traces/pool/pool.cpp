#include <thread>

struct Task {
    int weight;
};

int done = 0;

void finish(Task* task) {
    done += task->weight;
}

int main() {
    Task* heavy = new Task{5};
    std::thread a(finish, heavy);
    std::thread b(finish, heavy);
    a.join();
    b.join();
    return done > 100;
}
