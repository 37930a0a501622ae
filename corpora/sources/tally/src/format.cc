#include "tally/format.h"

#include <cstdio>

namespace tally {

std::string FormatRate(double per_second, int digits) {
    const char* unit = "";
    if (per_second >= 1e6) {
        per_second /= 1e6;
        unit = "M";
    } else if (per_second >= 1e3) {
        per_second /= 1e3;
        unit = "k";
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.*f%s/s", digits, per_second, unit);
    return text;
}

std::string FormatSeconds(std::uint64_t seconds) {
    char text[64];
    std::uint64_t hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60;
    if (hours > 0) {
        std::snprintf(text, sizeof text, "%lluh%02llum%02llus", static_cast<unsigned long long>(hours),
                      static_cast<unsigned long long>(minutes), static_cast<unsigned long long>(rest));
    } else if (minutes > 0) {
        std::snprintf(text, sizeof text, "%llum%02llus", static_cast<unsigned long long>(minutes),
                      static_cast<unsigned long long>(rest));
    } else {
        std::snprintf(text, sizeof text, "%llus", static_cast<unsigned long long>(rest));
    }
    return text;
}

}  // namespace tally
