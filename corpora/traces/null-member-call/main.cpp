#include <cstdio>

struct Node {
    int value;
    Node* next;

    int payload() const {
        return value * 2;
    }
};

int sumPairs(const Node* head) {
    int total = 0;
    for (const Node* n = head; n != nullptr; n = n->next->next) {
        total += n->payload() + n->next->payload();
    }
    return total;
}

int main() {
    Node c{3, nullptr};
    Node b{2, &c};
    Node a{1, &b};
    std::printf("%d\n", sumPairs(&a));
    return 0;
}
