"""Writes cpp-problems.jsonl: C++ programming problems in the style of HumanEval and MBPP
(a comment stating the task, a signature, a reference solution), written for this project.
Each line holds task_id, prompt, solution and text (prompt then solution), the field the
decontaminate stage reads by default."""
import json
import pathlib

PROBLEMS = [
("""// Return the sum of the squares of the odd numbers in values; negative odd numbers count too.
// sum_odd_squares({1, 2, 3}) == 10
long long sum_odd_squares(const std::vector<int>& values) {
""", """    long long total = 0;
    for (int value : values) {
        if (value % 2 != 0) {
            total += static_cast<long long>(value) * value;
        }
    }
    return total;
}
"""),
("""// Return true when every opening bracket in text, one of ( [ {, is closed by the matching
// bracket in the right order. Characters other than brackets are ignored.
// brackets_balanced("a(b[c]){}") == true, brackets_balanced("(]") == false
bool brackets_balanced(const std::string& text) {
""", """    std::vector<char> open;
    for (char c : text) {
        if (c == '(' || c == '[' || c == '{') {
            open.push_back(c);
        } else if (c == ')' || c == ']' || c == '}') {
            char expected = c == ')' ? '(' : (c == ']' ? '[' : '{');
            if (open.empty() || open.back() != expected) return false;
            open.pop_back();
        }
    }
    return open.empty();
}
"""),
("""// Rotate the elements of items to the right by steps places and return the result.
// steps may be larger than the size; an empty vector stays empty.
// rotate_right({1, 2, 3, 4}, 1) == {4, 1, 2, 3}
std::vector<int> rotate_right(const std::vector<int>& items, std::size_t steps) {
""", """    if (items.empty()) return items;
    std::size_t n = items.size();
    steps %= n;
    std::vector<int> rotated(n);
    for (std::size_t i = 0; i < n; ++i) {
        rotated[(i + steps) % n] = items[i];
    }
    return rotated;
}
"""),
("""// Count the maximal runs of consecutive vowels (a, e, i, o, u, either case) in word.
// vowel_runs("beautiful") == 3, vowel_runs("rhythm") == 0
int vowel_runs(const std::string& word) {
""", """    auto is_vowel = [](char c) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    };
    int runs = 0;
    bool inside = false;
    for (char c : word) {
        bool vowel = is_vowel(c);
        if (vowel && !inside) ++runs;
        inside = vowel;
    }
    return runs;
}
"""),
("""// Return the second largest distinct value of numbers, or std::nullopt when there are fewer
// than two distinct values.
// second_largest({4, 9, 9, 2}) == 4, second_largest({7, 7}) == std::nullopt
std::optional<int> second_largest(const std::vector<int>& numbers) {
""", """    std::optional<int> best, runner_up;
    for (int x : numbers) {
        if (!best || x > *best) {
            if (best) runner_up = best;
            best = x;
        } else if (x != *best && (!runner_up || x > *runner_up)) {
            runner_up = x;
        }
    }
    return runner_up;
}
"""),
("""// Encode text with run-length encoding: each run of a repeated character becomes the count
// followed by the character. run_length("aaabcc") == "3a1b2c"
std::string run_length(const std::string& text) {
""", """    std::string encoded;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && text[j] == text[i]) ++j;
        encoded += std::to_string(j - i);
        encoded += text[i];
        i = j;
    }
    return encoded;
}
"""),
("""// Return the product of the non-zero decimal digits of number (its absolute value); 1 when
// number has no non-zero digit. digit_product(-2053) == 30
long long digit_product(long long number) {
""", """    if (number < 0) number = -number;
    long long product = 1;
    while (number > 0) {
        long long digit = number % 10;
        if (digit != 0) product *= digit;
        number /= 10;
    }
    return product;
}
"""),
("""// Merge overlapping closed intervals and return them sorted by start.
// merge_spans({{1, 3}, {2, 6}, {8, 10}}) == {{1, 6}, {8, 10}}
std::vector<std::pair<int, int>> merge_spans(std::vector<std::pair<int, int>> spans) {
""", """    std::sort(spans.begin(), spans.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& span : spans) {
        if (!merged.empty() && span.first <= merged.back().second) {
            merged.back().second = std::max(merged.back().second, span.second);
        } else {
            merged.push_back(span);
        }
    }
    return merged;
}
"""),
("""// Return true when n equals the sum of its decimal digits each raised to the power of the
// number of digits (a narcissistic number). is_narcissistic(153) == true
bool is_narcissistic(int n) {
""", """    if (n < 0) return false;
    std::string digits = std::to_string(n);
    long long sum = 0;
    for (char d : digits) {
        long long term = 1;
        for (std::size_t k = 0; k < digits.size(); ++k) term *= d - '0';
        sum += term;
    }
    return sum == n;
}
"""),
("""// Return the longest prefix shared by every string in words; the empty string when words is
// empty. shared_prefix({"interval", "internet", "interior"}) == "inter"
std::string shared_prefix(const std::vector<std::string>& words) {
""", """    if (words.empty()) return "";
    std::string prefix = words[0];
    for (const auto& word : words) {
        std::size_t k = 0;
        while (k < prefix.size() && k < word.size() && prefix[k] == word[k]) ++k;
        prefix.resize(k);
    }
    return prefix;
}
"""),
("""// Return the transpose of a rectangular matrix given as rows.
// transpose({{1, 2, 3}, {4, 5, 6}}) == {{1, 4}, {2, 5}, {3, 6}}
std::vector<std::vector<int>> transpose(const std::vector<std::vector<int>>& rows) {
""", """    if (rows.empty()) return {};
    std::vector<std::vector<int>> columns(rows[0].size(), std::vector<int>(rows.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            columns[c][r] = rows[r][c];
        }
    }
    return columns;
}
"""),
("""// Return the greatest common divisor of all values (0 for an empty list), using Euclid's
// algorithm on absolute values. gcd_all({12, -18, 30}) == 6
long long gcd_all(const std::vector<long long>& values) {
""", """    long long g = 0;
    for (long long v : values) {
        long long a = g, b = v < 0 ? -v : v;
        while (b != 0) {
            long long t = a % b;
            a = b;
            b = t;
        }
        g = a;
    }
    return g;
}
"""),
("""// Shift each letter of message by shift places in the alphabet, wrapping around and keeping
// its case; other characters stay. caesar("Abz!", 2) == "Cdb!"
std::string caesar(const std::string& message, int shift) {
""", """    std::string out = message;
    int s = ((shift % 26) + 26) % 26;
    for (char& ch : out) {
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>('a' + (ch - 'a' + s) % 26);
        else if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>('A' + (ch - 'A' + s) % 26);
    }
    return out;
}
"""),
("""// Count the pairs of positions i < j with values[i] > values[j].
// count_inversions({3, 1, 2}) == 2
long long count_inversions(const std::vector<int>& values) {
""", """    long long inversions = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (std::size_t j = i + 1; j < values.size(); ++j) {
            if (values[i] > values[j]) ++inversions;
        }
    }
    return inversions;
}
"""),
("""// Write value in base 2 without leading zeros; zero is "0". binary_digits(10) == "1010"
std::string binary_digits(unsigned value) {
""", """    if (value == 0) return "0";
    std::string bits;
    while (value > 0) {
        bits.insert(bits.begin(), static_cast<char>('0' + (value & 1u)));
        value >>= 1;
    }
    return bits;
}
"""),
("""// Split sentence at spaces and return the words longer than min_length, in order.
// long_words("a quick brown fox", 3) == {"quick", "brown"}
std::vector<std::string> long_words(const std::string& sentence, std::size_t min_length) {
""", """    std::vector<std::string> result;
    std::istringstream stream(sentence);
    std::string word;
    while (stream >> word) {
        if (word.size() > min_length) result.push_back(word);
    }
    return result;
}
"""),
]

def main():
    here = pathlib.Path(__file__).parent
    with open(here / "cpp-problems.jsonl", "w") as out:
        for number, (prompt, solution) in enumerate(PROBLEMS):
            row = {"task_id": f"CPP/{number}", "prompt": prompt, "solution": solution, "text": prompt + solution}
            out.write(json.dumps(row, sort_keys=True) + "\n")

if __name__ == "__main__":
    main()
