#!/usr/bin/env python3
"""Load test of kg serve --http beside kg serve --stdio, with one query mix.

Starts `kg serve --http 127.0.0.1:0` (loopback only) on a graph, runs N
concurrent clients for a bounded time (each a keep-alive HTTP/1.1
connection sending POST /api/query and GET /api/nodes/... in turn), then
the same mix through one `kg serve --stdio` process (JSON lines, one
request at a time: the stdio server is sequential), and prints latency
percentiles and requests per second as a Markdown table. Every request
must succeed: an error or a non-200 answer is counted and fails the run.

    swift build -c release
    python3 Benchmarks/http-load.py --kg .build/release/kg --clients 1,4,8 --seconds 10

The graph is the seed graph built in a temporary folder unless --db is given.
"""
import argparse, http.client, json, os, re, socket, subprocess, sys, tempfile, threading, time

QUERIES = [
    ("licensors of Xiaomi", 'MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN DISTINCT who', {}),
    ("partners within 2 hops", 'MATCH ("Xiaomi")-[:partner_of]-{1,2}(c:Company) RETURN DISTINCT c', {}),
    ("shortest path", 'MATCH p = SHORTEST ("IKEA")-[:partner_of]-+("Microsoft") RETURN p, length(p)', {}),
    ("agreements with evidence", 'MATCH (a:Agreement)-[:licensee]->($company) RETURN a.name, a.date', {"company": "Xiaomi"}),
    ("count by kind", 'MATCH (n) RETURN n.kind, count(*)', {}),
]
NODES = ["Xiaomi", "Nokia", "IKEA"]


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def start_http(kg, env):
    proc = subprocess.Popen([kg, "serve", "--http", "127.0.0.1:0", "--readers", "4"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return proc, int(m.group(1))
    proc.kill()
    raise SystemExit("kg serve --http did not start")


def connect(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)   # no Nagle delay on small requests
    return conn


def http_client(port, seconds, index, results):
    conn = connect(port)
    latencies, errors, i = [], 0, index
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        try:
            if i % 6 == 5:
                conn.request("GET", "/api/nodes/" + NODES[i % len(NODES)])
            else:
                _, text, params = QUERIES[i % len(QUERIES)]
                conn.request("POST", "/api/query", body=json.dumps({"query": text, "params": params}),
                             headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except Exception:
            errors += 1
            conn.close()
            conn = connect(port)
        latencies.append(time.perf_counter() - t0)
        i += 1
    conn.close()
    results.append((latencies, errors))


def run_http(port, clients, seconds):
    results = []
    threads = [threading.Thread(target=http_client, args=(port, seconds, n, results)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - t0
    latencies = sorted(l for r in results for l in r[0])
    return latencies, sum(r[1] for r in results), wall


def run_stdio(kg, env, seconds):
    proc = subprocess.Popen([kg, "serve", "--stdio"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, bufsize=1)
    latencies, errors, i = [], 0, 0
    t_start = time.perf_counter()
    end = t_start + seconds
    while time.perf_counter() < end:
        # The stdio protocol has no node report: its sixth request is a query too.
        _, text, params = QUERIES[i % len(QUERIES)]
        t0 = time.perf_counter()
        proc.stdin.write(json.dumps({"id": i, "query": text, "params": params}) + "\n")
        proc.stdin.flush()
        answer = json.loads(proc.stdout.readline())
        if "error" in answer:
            errors += 1
        latencies.append(time.perf_counter() - t0)
        i += 1
    wall = time.perf_counter() - t_start
    proc.stdin.close()
    proc.wait()
    return sorted(latencies), errors, wall


def row(label, latencies, errors, wall):
    ms = lambda v: f"{v * 1000:.2f}"
    return (f"| {label} | {len(latencies)} | {errors} | {ms(percentile(latencies, 50))} | {ms(percentile(latencies, 90))} | "
            f"{ms(percentile(latencies, 99))} | {len(latencies) / wall:.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kg", default=".build/release/kg")
    parser.add_argument("--db", help="the graph file (default: the seed graph, built in a temporary folder)")
    parser.add_argument("--clients", default="1,4,8", help="concurrent HTTP clients, comma-separated runs")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if not (0 < args.seconds <= 120):
        raise SystemExit("--seconds must be in (0, 120]")
    home = tempfile.mkdtemp(prefix="kg-load-")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=home + "/data")
    if args.db:
        env["KG_DB"] = args.db
    proc, port = start_http(args.kg, env)
    lines = ["| server | requests | errors | p50 ms | p90 ms | p99 ms | requests/s |", "|---|---|---|---|---|---|---|"]
    failed = False
    try:
        run_http(port, 2, 1.0)   # warm the readers
        for clients in [int(c) for c in args.clients.split(",")]:
            latencies, errors, wall = run_http(port, clients, args.seconds)
            failed |= errors > 0
            lines.append(row(f"http, {clients} client{'s' if clients > 1 else ''}", latencies, errors, wall))
            print(lines[-1], file=sys.stderr)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    latencies, errors, wall = run_stdio(args.kg, env, args.seconds)
    failed |= errors > 0
    lines.append(row("stdio, 1 client (sequential)", latencies, errors, wall))
    print("\n".join(lines))
    if failed:
        raise SystemExit("load test: some requests failed")


if __name__ == "__main__":
    main()
