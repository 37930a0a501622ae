#include <cstdio>
#include <string>

struct Session {
    std::string user;
    int requests = 0;
};

Session* openSession(const char* user) {
    Session* s = new Session;
    s->user = user;
    return s;
}

void closeSession(Session* s) {
    delete s;
}

int recordRequest(Session* s) {
    s->requests += 1;
    return s->requests;
}

int main() {
    Session* s = openSession("ada");
    recordRequest(s);
    closeSession(s);
    int count = recordRequest(s);
    std::printf("%d\n", count);
    return 0;
}
