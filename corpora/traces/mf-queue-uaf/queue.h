#pragma once
#include <vector>

struct Job {
    int id;
    int cost;
};

class JobQueue {
public:
    ~JobQueue();
    Job* push(int id, int cost);
    void clear();

private:
    std::vector<Job*> jobs_;
};
