"""Prints the benchmark table from the files bench.sh left in its work folder."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import score  # noqa: E402

work = sys.argv[1]
truth = json.load(open(os.path.join(work, "truth.json")))
rows = []
for name, label in (("datatrove", "datatrove (1 process)"), ("curate-1", "curate, 1 thread"), ("curate-2", "curate, 2 threads"),
                    ("curate-2p", "curate, 2 thr., default")):
    timing = json.loads(open(os.path.join(work, f"{name}.time")).read().strip().splitlines()[-1])
    quality = score(truth, json.load(open(os.path.join(work, f"{name}.json"))))
    rows.append((label, timing, quality))
base = rows[0][1]["seconds"]
print(f"{'':24} {'docs/s':>10} {'seconds':>9} {'signatures':>11} {'clustering':>11} {'cpu s':>9} {'speed-up':>9} {'recall':>7} {'precision':>9}")
for label, timing, quality in rows:
    print(f"{label:24} {timing['docs'] / timing['seconds']:10.0f} {timing['seconds']:9.3f} {timing['signature_seconds']:11.3f}"
          f" {timing['cluster_seconds']:11.3f} {timing['cpu_seconds']:9.3f} {base / timing['seconds']:8.1f}x {quality['recall']:7.4f} {quality['precision']:9.4f}")
q = rows[0][2]
print(f"planted pairs at Jaccard >= 0.8: {q['pairs_planted']}; documents: {rows[0][1]['docs']}")
