#include <cstdio>

struct Task {
    int id;
    int priority;
};

void finish(Task* task) {
    delete task;
    std::printf("finished task %d (priority %d)\n", task->id, task->priority);
}

int main() {
    Task* task = new Task{7, 2};
    finish(task);
    return 0;
}
