"""Writes planted.jsonl: a corpus of QA samples (FORMATS.md section 1) with the items of
evals/cpp-problems.jsonl planted in three disguises, and clean samples around them.

label is "verbatim" (the item's text as it is), "renamed" (every name the item declares
renamed consistently), "reformatted" (other indentation, brace placement, spacing and
comments), or "clean": another solution of the same problem written independently, or code
on another subject. item names the planted item."""
import json
import pathlib
import re

RENAMES = [
    {"sum_odd_squares": "odd_square_total", "values": "nums", "total": "acc", "value": "v"},
    {"brackets_balanced": "is_well_nested", "text": "input", "open": "pending", "c": "ch", "expected": "want"},
    {"rotate_right": "shift_around", "items": "data_in", "steps": "k", "n": "len", "rotated": "result", "i": "idx"},
    {"vowel_runs": "count_vowel_groups", "word": "s", "is_vowel": "vowelish", "runs": "groups", "inside": "in_group", "vowel": "v", "c": "ch"},
    {"second_largest": "runner_up_value", "numbers": "xs", "best": "top1", "runner_up": "top2", "x": "item"},
    {"run_length": "rle", "text": "input", "encoded": "out", "i": "a", "j": "b"},
    {"digit_product": "product_of_digits", "number": "n", "product": "p", "digit": "d"},
    {"merge_spans": "coalesce", "spans": "ranges", "merged": "out", "span": "r"},
    {"is_narcissistic": "armstrong", "n": "value", "digits": "text", "sum": "acc", "d": "ch", "term": "power", "k": "e"},
    {"shared_prefix": "common_start", "words": "list", "prefix": "head", "word": "w", "k": "len"},
    {"transpose": "flip", "rows": "m", "columns": "t", "r": "i", "c": "j"},
    {"gcd_all": "gcd_of", "values": "xs", "g": "acc", "v": "x", "a": "p", "b": "q", "t": "rem"},
    {"caesar": "rotate_letters", "message": "msg", "shift": "by", "out": "res", "s": "off", "ch": "c"},
    {"count_inversions": "inversions_of", "values": "a", "inversions": "total", "i": "x", "j": "y"},
    {"binary_digits": "to_bits", "value": "n", "bits": "s"},
    {"long_words": "words_over", "sentence": "line", "min_length": "limit", "result": "kept", "stream": "in", "word": "w"},
]

QUESTIONS = ["How do you sum the squares of the odd values in a vector?", "How can a stack check that brackets are balanced?",
             "How do you rotate a vector to the right?", "How do you count runs of vowels in a word?",
             "How do you find the second largest distinct value?", "How does run-length encoding work on a string?",
             "How do you multiply the non-zero digits of a number?", "How are overlapping intervals merged?",
             "How do you test for a narcissistic number?", "How do you find the longest common prefix of strings?",
             "How do you transpose a matrix stored as rows?", "How do you take the gcd of a whole list?",
             "How does a Caesar shift work on letters?", "How do you count inversions in an array?",
             "How do you print a number in binary?", "How do you keep only the long words of a sentence?"]

# Independent solutions of some of the same problems: same task, different code and words.
INDEPENDENT = [
    (0, """long long odd_squares(const std::vector<int>& v) {
    return std::accumulate(v.begin(), v.end(), 0LL, [](long long s, int x) {
        return x & 1 ? s + 1LL * x * x : s;
    });
}"""),
    (2, """std::vector<int> rotated_copy(std::vector<int> v, std::size_t k) {
    if (!v.empty()) std::rotate(v.rbegin(), v.rbegin() + k % v.size(), v.rend());
    return v;
}"""),
    (5, """std::string encode_runs(std::string_view s) {
    std::ostringstream os;
    for (auto it = s.begin(); it != s.end();) {
        auto stop = std::find_if(it, s.end(), [&](char c) { return c != *it; });
        os << (stop - it) << *it;
        it = stop;
    }
    return os.str();
}"""),
    (9, """std::string common_prefix(std::vector<std::string> words) {
    if (words.empty()) return {};
    auto [lo, hi] = std::minmax_element(words.begin(), words.end());
    auto mismatch = std::mismatch(lo->begin(), lo->end(), hi->begin());
    return std::string(lo->begin(), mismatch.first);
}"""),
    (11, """long long list_gcd(const std::vector<long long>& xs) {
    long long g = 0;
    for (long long x : xs) g = std::gcd(g, x);
    return g;
}"""),
    (13, """long long inversions(std::vector<int> a) {
    long long count = 0;
    std::function<void(int, int)> sort = [&](int lo, int hi) {
        if (hi - lo < 2) return;
        int mid = (lo + hi) / 2;
        sort(lo, mid);
        sort(mid, hi);
        std::vector<int> merged;
        int i = lo, j = mid;
        while (i < mid || j < hi) {
            if (j == hi || (i < mid && a[i] <= a[j])) merged.push_back(a[i++]);
            else { count += mid - i; merged.push_back(a[j++]); }
        }
        std::copy(merged.begin(), merged.end(), a.begin() + lo);
    };
    sort(0, static_cast<int>(a.size()));
    return count;
}"""),
    (14, """std::string to_binary(unsigned n) {
    std::string s = std::bitset<32>(n).to_string();
    auto first = s.find('1');
    return first == std::string::npos ? "0" : s.substr(first);
}"""),
]

OTHER = [
    ("How does std::unique_ptr release its object?", "A unique_ptr deletes the object it owns when it goes out of scope.",
     """#include <memory>
struct Widget { int id; };
int main() {
    auto w = std::make_unique<Widget>(Widget{7});
    Widget* raw = w.release();
    delete raw;
}"""),
    ("How do you read a file line by line?", "std::getline reads up to the next newline and returns the stream.",
     """#include <fstream>
#include <string>
int count_lines(const char* path) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) ++n;
    return n;
}"""),
    ("How does a range-based for loop over a map work?", "Each element is a pair of a const key and a value.",
     """#include <map>
#include <string>
#include <iostream>
void print(const std::map<std::string, int>& ages) {
    for (const auto& [name, age] : ages) {
        std::cout << name << " is " << age << '\\n';
    }
}"""),
    ("How do you protect a counter shared by threads?", "A mutex held by a lock_guard serialises the increments.",
     """#include <mutex>
#include <thread>
int counter = 0;
std::mutex m;
void bump() {
    for (int i = 0; i < 1000; ++i) {
        std::lock_guard<std::mutex> lock(m);
        ++counter;
    }
}"""),
    ("How do you sort structs by one field?", "std::sort takes a comparison that looks at the field.",
     """#include <algorithm>
#include <vector>
struct Point { int x, y; };
void by_x(std::vector<Point>& points) {
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.x < b.x; });
}"""),
    ("How do you reverse a string in place?", "std::reverse swaps characters from both ends towards the middle.",
     """#include <algorithm>
#include <string>
std::string backwards(std::string s) {
    std::reverse(s.begin(), s.end());
    return s;
}"""),
    ("How does a constexpr function compute at compile time?", "Called with constant arguments in a constant expression it is evaluated by the compiler.",
     """constexpr long long factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
}
static_assert(factorial(5) == 120);"""),
    ("How do you loop over a vector with an index?", "A size_t index runs from zero up to size.",
     """#include <vector>
#include <cstddef>
int sum(const std::vector<int>& values) {
    int total = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        total += values[i];
    }
    return total;
}"""),
]


def rename(code, names):
    return re.sub(r"\b[A-Za-z_][A-Za-z0-9_]*\b", lambda m: names.get(m.group(0), m.group(0)), code)


def reformat(code):
    lines = []
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            lines.append("/* " + stripped[2:].strip().replace("Return", "Gives back") + " */")
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 4
        body = re.sub(r"\(\s*", "( ", stripped)
        body = re.sub(r"\s*\)", " )", body)
        if body.endswith("{") and len(body) > 1:
            lines.append("  " * depth + body[:-1].rstrip())
            lines.append("  " * depth + "{")
        else:
            lines.append("\t" * depth + body)
    return "\n".join(lines) + "\n"


def qa(question, answer, code):
    return {"prompt": "// QUESTION: " + question, "completion": "/* ANSWER:\n" + answer + "\n*/\n" + code}


def main():
    here = pathlib.Path(__file__).parent
    root = here.parents[3]
    items = [json.loads(line) for line in open(root / "evals" / "cpp-problems.jsonl")]
    rows = []
    for number, item in enumerate(items):
        text = item["text"]
        ask = QUESTIONS[number]
        rows.append(dict(qa(ask, "The function below does it in one pass.", text), label="verbatim", item=item["task_id"]))
        rows.append(dict(qa(ask, "Names aside, this is the usual approach.", rename(text, RENAMES[number])), label="renamed", item=item["task_id"]))
        rows.append(dict(qa(ask, "Laid out differently, the same code.", reformat(text)), label="reformatted", item=item["task_id"]))
    for number, code in INDEPENDENT:
        rows.append(dict(qa(QUESTIONS[number], "Another way, with the standard library doing the work.", code), label="clean", item=""))
    for question, answer, code in OTHER:
        rows.append(dict(qa(question, answer, code), label="clean", item=""))
    with open(here / "planted.jsonl", "w") as out:
        for row in rows:
            out.write(json.dumps(row, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
