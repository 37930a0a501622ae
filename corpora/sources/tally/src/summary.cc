#include <string>

#include "tally/format.h"

namespace tally {

// One line for a finished run: how long it took and how fast items went through.
std::string RunSummary(std::uint64_t items, std::uint64_t seconds) {
    std::string line = "done in ";
    line += FormatSeconds(seconds);
    if (seconds > 0) {
        line += ", ";
        line += FormatRate(static_cast<double>(items) / static_cast<double>(seconds), 1);
    }
    return line;
}

}  // namespace tally
