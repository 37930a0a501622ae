"""Summarises a decontamination benchmark run: time, throughput, and recall and precision of
each tool against the planted excerpts (over the documents that tool checked)."""
import json
import sys


def main(work):
    truth = {int(k): v for k, v in json.load(open(f"{work}/truth.json")).items()}
    rows = []
    for name in ("curate-1", "curate-2", "curate-stage", "datatrove"):
        stats = json.loads(open(f"{work}/{name}.time").read().strip().splitlines()[-1])
        flagged = set(json.load(open(f"{work}/{name}.json"))["flagged"])
        checked = stats["docs"]
        planted = {n for n in truth if n < checked}
        hits = len(flagged & planted)
        recall = hits / len(planted) if planted else 1.0
        precision = hits / len(flagged) if flagged else 1.0
        rate = checked / stats["pass_seconds"]
        rows.append((name, stats, checked, rate, recall, precision))
        print(f"{name:13} threads {stats['threads']}  index {stats['index_seconds']:7.2f} s over {stats['word_grams']} word n-grams"
              f"  pass {stats['pass_seconds']:8.2f} s over {checked} docs ({rate:,.0f} docs/s)"
              f"  recall {recall:.4f}  precision {precision:.4f}")
    dt = rows[-1]
    for row in rows[:2]:
        print(f"{row[0]} / datatrove: pass {row[3] / dt[3]:,.0f}x the documents a second, index {dt[1]['index_seconds'] / row[1]['index_seconds']:,.1f}x faster")


if __name__ == "__main__":
    main(sys.argv[1])
