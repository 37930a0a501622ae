#include <cstdio>

struct Connection {
    int port;
    int retries;
    explicit Connection(int p) : port(p) {}
};

int main() {
    Connection connection(8080);
    if (connection.retries > 3) {
        std::printf("giving up on %d\n", connection.port);
    } else {
        std::printf("retrying %d\n", connection.port);
    }
    return 0;
}
