#include <map>
#include <memory>
#include <string>

#include "tally/counter.h"

namespace tally {

// Joins "key=value" pairs in key order, separated by commas: the label part of a metric line.
std::string JoinLabels(const std::map<std::string, std::string>& labels) {
    std::string out;
    for (const auto& label : labels) {
        if (!out.empty()) out += ',';
        out += label.first;
        out += '=';
        out += label.second;
    }
    return out;
}

// A counter outside any registry, named "<prefix>.<id>", for tests and one-off measurements.
std::unique_ptr<Counter> MakeScratchCounter(const char* prefix, int id) {
    std::string name(prefix);
    name += '.';
    name += std::to_string(id);
    std::unique_ptr<Counter> counter(new Counter(name));
    return counter;
}

}  // namespace tally
