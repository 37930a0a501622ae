#include <cstdio>
#include "settings.h"

int main() {
    Settings settings;
    std::printf("listening on %d\n", portOf(settings));
    return 0;
}
