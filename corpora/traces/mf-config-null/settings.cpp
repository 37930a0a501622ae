#include "settings.h"
#include <cstring>

static const Setting kValues[] = {{"timeout", 30}, {"retries", 3}};

const Setting* Settings::find(const char* key) const {
    for (const Setting& s : kValues) {
        if (std::strcmp(s.key, key) == 0) {
            return &s;
        }
    }
    return nullptr;
}

int portOf(const Settings& settings) {
    const Setting* port = settings.find("port");
    return port->value;
}
