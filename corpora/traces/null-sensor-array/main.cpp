#include <cstdio>

struct Sensor {
    const char* name;
    int reading;
};

int totalReading(Sensor* const* sensors, int count) {
    int total = 0;
    for (int i = 0; i < count; ++i) {
        const Sensor* sensor = sensors[i];
        total += sensor->reading;
    }
    return total;
}

int main() {
    Sensor hall{"hall", 21};
    Sensor porch{"porch", 17};
    Sensor* sensors[] = {&hall, nullptr, &porch};
    std::printf("%d\n", totalReading(sensors, 3));
    return 0;
}
