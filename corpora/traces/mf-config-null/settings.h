#pragma once

struct Setting {
    const char* key;
    int value;
};

class Settings {
public:
    const Setting* find(const char* key) const;
};

int portOf(const Settings& settings);
