#!/usr/bin/env python3
"""The plain-fastText baseline the shipped model is compared with: the three
uniform TSVs as they are (no normalisation, no weighting, no categories, no
synthetic examples), word bigrams and character n-grams, trained with the
`fasttext` command-line tool on the same split `herald moderation train
--holdout 15` uses, then scored on each held-out part and on functional.tsv.

usage: bench/abuse/baseline.py [DATA_DIR] (default ../shared/data/moderation)
"""
import os
import re
import subprocess
import sys
import tempfile

HOLDOUT = 15
SETS = ["fox-news-comments/data.tsv", "olid-offenseval2019/train.tsv",
        "davidson-hate-offensive/data.tsv"]


def in_holdout(text, percent=HOLDOUT):
    # Mirrors InHoldout() in src/moderation/training.cc.
    words = re.split(r"[ \t\n\r\v\f]+", text.strip(" \t\n\r\v\f\u00a0"))
    h = 14695981039346656037
    for b in " ".join(words).encode("utf-8"):
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h % 100 < percent


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip():
                label, text = line.split("\t", 1)
                rows.append((int(label), text.strip()))
    return rows


def auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    rank_sum, pos, i = 0.0, 0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2
        for k in range(i, j):
            if pairs[k][1]:
                rank_sum += mean_rank
                pos += 1
        i = j
    neg = len(pairs) - pos
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared/data/moderation")
    tmp = tempfile.mkdtemp(prefix="herald-baseline-")
    train = os.path.join(tmp, "train.txt")
    held = {}
    with open(train, "w", encoding="utf-8") as out:
        for s in SETS:
            rows = read(os.path.join(data, s))
            held[s] = [r for r in rows if in_holdout(r[1])]
            for label, text in rows:
                if not in_holdout(text):
                    out.write(f"__label__{label} {text}\n")
    held["functional"] = read(os.path.join(here, "functional.tsv"))
    model = os.path.join(tmp, "plain")
    subprocess.run(["fasttext", "supervised", "-input", train, "-output", model, "-wordNgrams",
                    "2", "-minn", "3", "-maxn", "5", "-epoch", "10", "-thread", "2", "-verbose", "0"],
                   check=True)
    for name, rows in held.items():
        test = os.path.join(tmp, "test.txt")
        with open(test, "w", encoding="utf-8") as f:
            for _, text in rows:
                f.write(text + "\n")
        out = subprocess.run(["fasttext", "predict-prob", model + ".bin", test, "2"],
                             check=True, capture_output=True, text=True).stdout.splitlines()
        scores = []
        for line in out:
            parts = line.split()
            p = dict(zip(parts[0::2], map(float, parts[1::2])))
            scores.append(p.get("__label__1", 1 - p.get("__label__0", 0.0)))
        print(f"{name}: {len(rows)} rows, plain fastText ROC AUC {auc(scores, [r[0] for r in rows]):.3f}")


if __name__ == "__main__":
    main()
