#!/usr/bin/env python3
"""The warm cost of one request through `kg serve --stdio`, as peerbench sends it.

For each query (Q7 node by name, Q2 partners of the hub, a one-hop query from
a mid company) and each kg binary given, it writes N request lines in
peerbench's format ({"id": i, "query": ..., "params": {...}}) and reports:

- the median `elapsed_s` of requests 101..N (kg's own time: from the start of
  the query to its last row written as JSON);
- kg's CPU time per request: perf stat task-clock of a run of N requests minus
  a run of one, over N - 1 (falls back to getrusage without perf);
- the round trip like peerbench's adapter (write a line, flush, read the
  answer line), median over 1000 requests.

Best of --repeat runs each, because the machine may be shared.

    python3 Benchmarks/serve-cost.py --db /tmp/large.sqlite --kg .build/release/kg [--kg OTHER_KG] [--repeat 3]
"""
import argparse, json, os, resource, shutil, statistics, subprocess, tempfile, time

QUERIES = {
    "Q7": ("MATCH (n {name: $name}) RETURN n.key", {"name": "Solxishi Electronics"}, 2000),
    "Q2": ("MATCH (h = $company)-[:partner_of]-(c) RETURN DISTINCT c.key", {"company": "c0"}, 1000),
    "onehop": ("MATCH (h = $company)-[:partner_of]-(c) RETURN DISTINCT c.key", {"company": "c25762"}, 2000),
}


def run(kg, db, path, work):
    """(CPU seconds, answer lines) of one `kg serve --stdio` over the file at path."""
    out = os.path.join(work, "answers.jsonl")
    if shutil.which("perf"):
        stat = os.path.join(work, "stat.txt")
        subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", "-o", stat, kg, "serve", "--stdio", "--db", db],
                       stdin=open(path), stdout=open(out, "w"), stderr=subprocess.DEVNULL, check=True)
        cpu = next(float(f[0]) / 1e3 for f in (line.split(",") for line in open(stat)) if len(f) > 2 and f[2] == "task-clock")
    else:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([kg, "serve", "--stdio", "--db", db], stdin=open(path), stdout=open(out, "w"), check=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
    return cpu, open(out).read().splitlines()


def round_trip(kg, db, text, params, count):
    p = subprocess.Popen([kg, "serve", "--stdio", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    times = []
    for k in range(1, count + 1):
        t0 = time.perf_counter()
        p.stdin.write(json.dumps({"id": k, "query": text, "params": params}) + "\n")
        p.stdin.flush()
        json.loads(p.stdout.readline())
        times.append(time.perf_counter() - t0)
    p.stdin.close()
    p.wait()
    return statistics.median(times[100:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--kg", action="append", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--queries", default=",".join(QUERIES))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="serve-cost-")
    print("| query | kg | median elapsed_s µs | CPU µs / request | round trip µs |")
    print("|---|---|---:|---:|---:|")
    try:
        for name in args.queries.split(","):
            text, params, n = QUERIES[name]
            lines = [json.dumps({"id": i, "query": text, "params": params}) + "\n" for i in range(1, n + 1)]
            many, one = os.path.join(work, "many.jsonl"), os.path.join(work, "one.jsonl")
            open(many, "w").write("".join(lines))
            open(one, "w").write(lines[0])
            for kg in args.kg:
                elapsed, cpu, trips = [], [], []
                for _ in range(args.repeat):
                    c1, _ = run(kg, args.db, one, work)
                    c, answers = run(kg, args.db, many, work)
                    assert len(answers) == n, f"{len(answers)} answers to {n} requests"
                    elapsed.append(statistics.median(json.loads(a)["elapsed_s"] for a in answers[100:]))
                    cpu.append((c - c1) / (n - 1))
                for _ in range(2):
                    trips.append(round_trip(kg, args.db, text, params, 1000))
                print(f"| {name} | {kg} | {min(elapsed) * 1e6:.1f} | {min(cpu) * 1e6:.1f} | {min(trips) * 1e6:.1f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
