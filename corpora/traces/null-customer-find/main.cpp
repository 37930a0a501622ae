#include <cstdio>
#include <cstring>

struct Customer {
    int id;
    char name[16];
};

static Customer kCustomers[] = {{1, "Ada"}, {2, "Grace"}};

Customer* findCustomer(int id) {
    for (Customer& c : kCustomers) {
        if (c.id == id) {
            return &c;
        }
    }
    return nullptr;
}

void printInvoice(int customerId, int amount) {
    Customer* customer = findCustomer(customerId);
    std::printf("%s owes %d\n", customer->name, amount);
}

int main() {
    printInvoice(1, 40);
    printInvoice(7, 15);
    return 0;
}
