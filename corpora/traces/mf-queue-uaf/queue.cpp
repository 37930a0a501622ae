#include "queue.h"

JobQueue::~JobQueue() {
    clear();
}

Job* JobQueue::push(int id, int cost) {
    Job* job = new Job{id, cost};
    jobs_.push_back(job);
    return job;
}

void JobQueue::clear() {
    for (Job* job : jobs_) {
        delete job;
    }
    jobs_.clear();
}
