#include <cstdio>
#include <cstdlib>
#include <cstring>

struct Message {
    char* body;
};

void release(Message& m) {
    std::free(m.body);
}

int main() {
    Message m;
    m.body = static_cast<char*>(std::malloc(32));
    std::strcpy(m.body, "hello");
    Message copy = m;
    std::printf("%s\n", copy.body);
    release(copy);
    release(m);
    return 0;
}
