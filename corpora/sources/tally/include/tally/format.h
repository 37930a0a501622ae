#pragma once

#include <cstdint>
#include <string>

namespace tally {

// Formats `per_second` with `digits` digits after the point and a unit suffix: "12.5/s",
// "3.2k/s" (thousands) or "1.1M/s" (millions).
std::string FormatRate(double per_second, int digits);

// Whole seconds as "1h02m03s", "4m05s" or "6s".
std::string FormatSeconds(std::uint64_t seconds);

}  // namespace tally
