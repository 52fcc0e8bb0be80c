#!/usr/bin/env python3
"""A generated graph for the page's browser test (Scripts/browser-test.sh):
companies, people and licence agreements, about 110,000 edges, with one hub,
company c0 ("Hub Mobile"), partner of 5,000 companies and party to hundreds
of agreements: the shape that made the old node page fall apart.

    python3 Scripts/gen-hub-graph.py OUTDIR     # writes OUTDIR/nodes.csv, OUTDIR/edges.csv

Deterministic (fixed seed), standard library only; import the files with
`kg import --nodes OUTDIR/nodes.csv --edges OUTDIR/edges.csv --db FILE`.
"""
import csv
import json
import os
import random
import sys

COMPANIES, PEOPLE, AGREEMENTS, HUB_PARTNERS = 20_000, 20_000, 3_000, 5_000
SYLLABLES = ["an", "bel", "cor", "da", "el", "fen", "gar", "hal", "ion", "ka", "lin", "mor", "nex", "or", "pan", "ro", "sen", "tal", "vor", "zen"]
SUFFIXES = ["Mobile", "Networks", "Silicon", "Labs", "Systems", "Devices"]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)

    def name():
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + " " + rng.choice(SUFFIXES)

    edges = 0
    with open(os.path.join(out, "nodes.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "name", "props"])
        w.writerow(["c0", "Company", "Hub Mobile", json.dumps({"founded": 1990})])
        for i in range(1, COMPANIES):
            w.writerow([f"c{i}", "Company", f"{name()} {i}", json.dumps({"founded": rng.randint(1950, 2020)})])
        for i in range(PEOPLE):
            w.writerow([f"p{i}", "Person", f"Person {i}", ""])
        for i in range(AGREEMENTS):
            date = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            w.writerow([f"a{i}", "Agreement", f"Licence {i}", json.dumps({"kind": "patent_license", "date": date})])
    with open(os.path.join(out, "edges.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["src", "type", "dst", "props"])
        seen = set()

        def partner(a, b):
            nonlocal edges
            if a == b or (a, b) in seen or (b, a) in seen:
                return
            seen.add((a, b))
            w.writerow([f"c{a}", "partner_of", f"c{b}", json.dumps({"valid_from": str(rng.randint(1995, 2024))})])
            edges += 1

        for b in rng.sample(range(1, COMPANIES), HUB_PARTNERS):
            partner(0, b) if rng.random() < 0.5 else partner(b, 0)
        for a in range(1, COMPANIES):
            for _ in range(4):
                # Partners drawn towards low ids, so some companies are small hubs too.
                partner(a, int(rng.random() ** 2 * COMPANIES))
        for i in range(PEOPLE):
            w.writerow([f"p{i}", "works_for", f"c{int(rng.random() ** 3 * COMPANIES)}", ""])
            edges += 1
        for i in range(AGREEMENTS):
            licensor = 0 if i % 5 == 0 else rng.randrange(1, COMPANIES)
            licensee = rng.randrange(1, COMPANIES)
            w.writerow([f"a{i}", "licensor", f"c{licensor}", ""])
            w.writerow([f"a{i}", "licensee", f"c{licensee}", ""])
            edges += 2
    print(f"gen-hub-graph: {COMPANIES + PEOPLE + AGREEMENTS} nodes, {edges} edges in {out}")


if __name__ == "__main__":
    main()
