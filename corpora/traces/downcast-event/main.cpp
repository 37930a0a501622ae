#include <cstdio>

struct Event {
    virtual ~Event() = default;
    int time = 0;
};

struct KeyEvent : Event {
    int key = 0;
};

struct MouseEvent : Event {
    int x = 0;
    int y = 0;
};

int keyOf(Event* event) {
    KeyEvent* key = static_cast<KeyEvent*>(event);
    return key->key;
}

int main() {
    KeyEvent press;
    press.key = 65;
    MouseEvent click;
    std::printf("%d\n", keyOf(&press));
    std::printf("%d\n", keyOf(&click));
    return 0;
}
