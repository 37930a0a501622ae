#!/usr/bin/env python3
"""Measures the substance of curated samples: question templates and repeats, answer defects,
shell pair count and CMake synopsis pairs on the textbook domains; fixed function shown, culprit
named and templated reasoning on debug snapshots; macro invocations cut as functions in agent
queries; e-mail placeholders anywhere.

    python3 Benchmarks/data/measure.py OUT_DIR [--compile N]

OUT_DIR is a pipeline output folder (out/full). --compile N runs `g++ -std=c++20 -fsyntax-only`
on N C++ answers (a fixed sample) to estimate the share that compiles.
"""
import collections, glob, json, os, random, re, subprocess, sys, tempfile

import io

def read_stage(out, domain, stage):
    rows = []
    for path in sorted(glob.glob(os.path.join(out, domain, stage, "part-*.jsonl.zst"))):
        text = subprocess.run(["zstdcat", path], capture_output=True, text=True, check=True).stdout
        rows += [json.loads(line) for line in text.splitlines() if line.strip()]
    return rows

def question(sample):
    lines = []
    for line in sample["prompt"].splitlines():
        line = re.sub(r"^(//|#) (QUESTION: )?", "", line)
        lines.append(line)
    return " ".join(lines).strip()

def answer_and_code(sample):
    c = sample["completion"]
    for start, end in (("/* ANSWER:\n", "\n*/\n"), ("#[[ ANSWER:\n", "\n]]\n"), (": <<'ANSWER'\n", "\nANSWER\n")):
        if c.startswith(start):
            i = c.find(end, len(start))
            if i >= 0:
                return c[len(start):i].replace("\n", " "), c[i + len(end):]
    return "", c

# The question forms QuestionWriter writes, with every substitution as a wildcard, plus the
# three forms every question used to take.
TEMPLATES = [
    r"What does .+ do and how (is it|are they) used\?", r"Explain .+ and show it in code\.", r"What do .+ do",
    r"What does `.+` do\?", r"What happens when bash runs `.+`\?", r"Explain the bash command `.+`\.",
    r"When would I write `.+` in a script\?", r"What is the effect of `.+` in a CMake project\?",
    r"Explain the CMake line `.+`\.", r"When would I write `.+` in a CMakeLists\.txt\?",
    r"How do I .+ with .+\?", r"How can .+ be used to .+\?", r"I need to .+\. How (do|does) .+ do it, and what does the code look like\?",
    r"How can I .+ in (C\+\+|CMake|bash)\?", r"What is the (C\+\+|CMake|bash) way to .+\? Show it in code\.",
    r"Write a short (C\+\+|CMake|bash) example that uses .+ together with .+\.",
    r"How do .+ work together\? Show an example\.", r"Show how .+ combines? with .+ in practice\.",
    r"What does a program using .+ print\? Show it with its output\.",
    r"What output should I expect from code that uses .+\? Show the program\.",
    r"What can go wrong when using .+\? Show an example that points it out\.",
    r"Which mistakes (do|does) .+ invite, and what does correct use look like\?",
    r"Why would I use .+\? Show it in a typical (program|snippet)\.",
    r"What (is|are) .+ for, and what does a typical use look like\?",
    r"Give an example of .+ in a complete (C\+\+|CMake|bash) (program|snippet)\.",
    r"How do I use .+ correctly\? Show a short example\.", r"Could you walk me through a use of .+\?",
    r"When (is|are) .+ the right tools?\? Show (it|them) in use\.",
    r"Show a small, complete program that uses .+\.", r"Show a (CMake|bash) snippet that uses .+\.",
    r"What goes wrong with .+ in .+\? Show an example that points it out\.",
    r"Which mistakes are easy to make with .+\? Show them in .+ code\.",
    r"How (is|are) .+ written in .+\? Show an example\.", r"Can you show .+ in a short .+ example\?",
    r"What should I know about .+\? Illustrate it with code\.", r"Give me a working .+ example of .+\.",
    r"What does .+ look like in practice\? Show a short .+ example\.", r"Explain .+ with a short .+ example\.",
    r"I'm new to .+ in .+\. Could you show a small example\?", r"Show .+ in .+ and explain what the code does\.",
    r"What does .+ look like in .+ code that uses .+\?", r"Show .+ in a .+ example built on .+\.",
    r"Write a bash function `.+` .+\.", r"How (could|would) (a bash|I write a shell) function .+",
    r"Implement `.+` in bash: a function .+\.", r"I need a bash function .+\. How could `.+` be written\?",
    r"Show an implementation of the shell function `.+` with a short explanation\.",
    r"What might a bash function called `.+` look like, and how does it work\?",
]
TEMPLATE_RES = [re.compile("^" + t + "$") for t in TEMPLATES]

OVERLOAD = re.compile(r"(^|[.!?;]\s)\(?\d+(\s*[,-]\s*\d+)*\)\s|Same as \(")
ABSENT = re.compile(r"(?i)\bthe following\b|\bas follows\b|\b(shown|see|listed|described|given) (below|above)\b|\bbelow\b|"
                    r"\bthe above\b|\b(a|the) (second|third|next|previous|other) (example|listing|program)\b|\banother example\b")
LEANING = {"it", "its", "this", "these", "they", "their", "them", "that", "those", "and", "but", "or", "so", "also",
           "however", "then", "thus", "here", "such", "both", "otherwise", "instead", "hence", "therefore", "where",
           "which", "because", "whereas", "he", "she", "we"}
# A capitalised ordinary word inside a sentence ("Show A sample", "Explain try Compiling Source").
MID_CAPITAL = re.compile(r"(?<![.?!:] )(?<!^)(?<=\s)(A|An|The|Using|Show|Example|Sample|Compiling|Source|Files|Writing|Reading|"
                         r"Creating|Setting|Adding|Build|Install|Running|Testing|Generating|Finding|Specifying)\b")
# Synopsis markers in CMake code: placeholders, ellipses, alternatives in brackets.
SYNOPSIS = re.compile(r"<[a-z][a-z0-9_-]*>|\.\.\.|\[[A-Z_]+(\|[A-Z_]+)+\]|\[<")
FILLER = re.compile(r"^The (snippet|example|script|program) (calls|uses|runs)")

def textbook_report(out, domain, rows, compile_n=0):
    qs = [question(r) for r in rows]
    counts = collections.Counter(qs)
    repeated = sum(c for c in counts.values() if c > 1)
    per_template = collections.Counter()
    for q in qs:
        for t, rx in zip(TEMPLATES, TEMPLATE_RES):
            if rx.match(q):
                per_template[t] += 1
    answers = [answer_and_code(r) for r in rows]
    overload = sum(1 for a, _ in answers if OVERLOAD.search(a))
    absent = sum(1 for a, _ in answers if ABSENT.search(a))
    leaning = sum(1 for a, _ in answers if re.match(r"[A-Za-z]+", a) and re.match(r"[A-Za-z]+", a).group(0).lower() in LEANING)
    midcap = [q for q in qs if MID_CAPITAL.search(q)]
    # An answer that is only the page's description: every sentence but the generated
    # "The snippet calls …" line names nothing the listing contains.
    def ties(a, code):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", a) if s and not FILLER.match(s)]
        names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_:]{2,}", code))
        common = {"the", "and", "for", "int", "main", "std", "include", "return", "set", "endif", "echo", "then", "this", "that",
                  "with", "from", "not", "are", "message", "STATUS", "true", "false", "void", "const", "auto", "char"}
        for s in sentences:
            words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_:]{2,}", s)) - common
            if words & names: return True
        return False
    untied = sum(1 for a, code in answers if not ties(a, code))
    print(f"== {domain}: {len(rows)} pairs")
    print(f"  repeated questions: {repeated} pairs share a question ({100*repeated/max(1,len(rows)):.1f}%), {len([c for c in counts.values() if c>1])} distinct")
    # Identical pages (cppreference's find/find_if/find_if_not) give identical pairs, and the
    # dedup stage keeps one sample per prompt: what a model is trained on is the dedup output.
    kept = collections.Counter(question(r) for r in read_stage(out, domain, "dedup") if r["kind"] == "qa")
    print(f"  after dedup: {sum(c for c in kept.values() if c > 1)} of {sum(kept.values())} pairs share a question")
    top = per_template.most_common(3)
    print(f"  top template shares: " + "; ".join(f"{100*c/len(rows):.1f}% {t[:50]}" for t, c in top))
    print(f"  overload numbering: {overload} ({100*overload/max(1,len(rows)):.1f}%), absent material: {absent} ({100*absent/max(1,len(rows)):.1f}%)")
    print(f"  answers opening with pronoun/conjunction: {leaning}")
    print(f"  questions with a capital word mid-sentence: {len(midcap)}" + (f" e.g. {midcap[:3]}" if midcap else ""))
    print(f"  answers naming nothing in the listing: {untied} ({100*untied/max(1,len(rows)):.1f}%)")
    if domain == "cmake":
        # Placeholders inside comments and strings are prose, not synopsis.
        bare = lambda code: re.sub(r'"(\\.|[^"\\])*"', '""', re.sub(r"#[^\n]*", "", code))
        syn = [code for _, code in answers if SYNOPSIS.search(bare(code))]
        print(f"  synopsis-like code: {len(syn)}")
    if domain == "cpp" and compile_n:
        # As the book gives them, and as they reach the shards (after quality, dedup and rewrite).
        shipped = [answer_and_code(r) for r in read_stage(out, domain, "rewrite") if r["kind"] == "qa"]
        for label, pool in (("textbooks", answers), ("shipped", shipped)):
            if not pool: continue
            random.seed(7)
            sample = random.sample(pool, min(compile_n, len(pool)))
            ok = 0
            with tempfile.TemporaryDirectory() as tmp:
                for i, (_, code) in enumerate(sample):
                    path = os.path.join(tmp, f"a{i}.cpp")
                    open(path, "w").write(code)
                    r = subprocess.run(["g++", "-std=c++20", "-fsyntax-only", path], capture_output=True)
                    ok += r.returncode == 0
            print(f"  {label} answers that compile (g++ -std=c++20 -fsyntax-only): {ok}/{len(sample)} ({100*ok/len(sample):.1f}%)")

GENERIC_FIELDS = {"func", "error", "where", "thread", "check", "access", "address", "depth", "signal", "frame"}

def snapshot_report(out, rows):
    missing_fix, no_culprit, generic_steps, fix_restated = [], [], 0, 0
    for r in rows:
        prompt = r["prompt"]
        state = prompt.split("struct ThreadState {", 1)[1].split("};", 1)[0]
        fields = re.findall(r"^\s+([A-Za-z_][\w.\[\]>-]*) = ", state, re.M)
        case = r["source"]["uri"]
        if not any(f not in GENERIC_FIELDS for f in fields):
            no_culprit.append(f"{os.path.basename(case)}/{r['source']['locator']}")
        source = prompt.split("// ====== SOURCE ======", 1)[1] if "// ====== SOURCE ======" in prompt else ""
        diff_path = os.path.join(case, "fix.diff")
        if os.path.exists(diff_path):
            removed = [l[1:].strip() for l in open(diff_path) if l.startswith("-") and not l.startswith("---")]
            shown = [l.strip() for l in source.replace("// <-- BOOM", "").splitlines()]
            if any(l and not any(l == s.split("  //")[0].strip() or l in s for s in shown) for l in removed):
                missing_fix.append(f"{os.path.basename(case)}/{r['source']['locator']}")
        reasoning = r["completion"].split("*/", 1)[0]
        steps = re.findall(r"^\d+\. (.*)$", reasoning, re.M)
        # A causal step that names no variable, value or code: generic prose.
        for s in steps[1:]:
            if s.startswith(("The fix changes", "Fix:", "So ")) or " is called from " in s: continue
            if "`" not in s and not re.search(r"\d", s):
                generic_steps += 1
                break
    n = len(rows)
    print(f"== debug: {n} snapshots from {len({r['source']['uri'] for r in rows})} cases")
    print(f"  fix lines not shown in SOURCE: {len(missing_fix)}" + (f" e.g. {missing_fix[:4]}" if missing_fix else ""))
    print(f"  no culprit variable in ThreadState: {len(no_culprit)} ({100*len(no_culprit)/max(1,n):.1f}%)")
    by_case = collections.Counter(x.split("/")[0] for x in no_culprit)
    print(f"    by case: {dict(by_case.most_common(40))}")
    print(f"  reasoning with a generic causal step (no name, value or code): {generic_steps} ({100*generic_steps/max(1,n):.1f}%)")

def agentquery_report(rows):
    macro = [r for r in rows if re.search(r"'(TEST|TEST_F|TEST_P|TYPED_TEST|[A-Z][A-Z0-9_]{2,})'", r["prompt"].split("\n", 1)[0])
             or re.match(r"(TEST|TEST_F|TEST_P|TYPED_TEST|BENCHMARK)\(", r["prompt"].split("\n", 2)[1] if "\n" in r["prompt"] else "")]
    print(f"== cpp agentquery: {len(rows)} samples; about a macro invocation (TEST(...) etc.): {len(macro)}")

def email_report(out):
    hits = collections.Counter()
    examples = []
    for path in glob.glob(os.path.join(out, "*", "*", "part-*.jsonl.zst")):
        text = subprocess.run(["zstdcat", path], capture_output=True, text=True).stdout
        n = text.count("<<EMAIL>>")
        if n:
            stage = os.path.relpath(os.path.dirname(path), out)
            hits[stage] += n
            for line in text.splitlines():
                if "<<EMAIL>>" in line and len(examples) < 3:
                    d = json.loads(line)
                    for field in ("prompt", "completion"):
                        for l in d[field].splitlines():
                            if "<<EMAIL>>" in l: examples.append(l.strip()[:100])
    print(f"== <<EMAIL>> placeholders: {sum(hits.values())} in {dict(hits)}; e.g. {examples[:3]}")

def main():
    out = sys.argv[1]
    compile_n = int(sys.argv[sys.argv.index("--compile") + 1]) if "--compile" in sys.argv else 0
    for domain in ("cpp", "cmake", "shell"):
        rows = read_stage(out, domain, "textbooks")
        if rows: textbook_report(out, domain, rows, compile_n)
    rows = read_stage(out, "debug", "traces")
    if rows: snapshot_report(out, rows)
    rows = read_stage(out, "cpp", "agentquery")
    if rows: agentquery_report(rows)
    email_report(out)

if __name__ == "__main__":
    main()
