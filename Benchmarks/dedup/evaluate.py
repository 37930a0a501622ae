"""Scores cluster assignments against the planted truth: recall over planted pairs at Jaccard
>= 0.8 (both members in one cluster) and precision over all pairs put in one cluster (both of
one planted family)."""
import json
import sys
from collections import defaultdict


def score(truth, cluster):
    family = truth["family"]
    found = sum(1 for a, b, _ in truth["pairs"] if cluster[a] == cluster[b])
    members = defaultdict(list)
    for doc, c in enumerate(cluster):
        members[c].append(doc)
    together = correct = 0
    for docs in members.values():
        for i in range(len(docs)):
            for j in range(i + 1, len(docs)):
                together += 1
                correct += family[docs[i]] == family[docs[j]]
    return {"recall": found / max(1, len(truth["pairs"])), "precision": correct / together if together else 1.0,
            "pairs_found": found, "pairs_planted": len(truth["pairs"]), "pairs_clustered": together}


if __name__ == "__main__":
    truth = json.load(open(sys.argv[1]))
    print(json.dumps(score(truth, json.load(open(sys.argv[2])))))
