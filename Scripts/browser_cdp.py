#!/usr/bin/env python3
"""A small Chrome DevTools Protocol client (Python standard library only) and
the explorer's browser scenarios, run by Scripts/browser-test.sh.

    python3 Scripts/browser_cdp.py CHROMIUM BASE_URL seed|hub [--screenshot-dir DIR]

Starts headless Chromium with --remote-debugging-port, opens pages of the
kg server at BASE_URL, clicks and types as a user would (through the page's
own DOM events) and checks what the page shows. `seed`: the seed graph
(queries, named queries, export, a node page, expansion, evidence). `hub`: a
generated graph with a hub of thousands of partners (grouped counts, the
picture within a second of the answer, expansion in place).
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request


class DevTools:
    """One websocket to one page target."""

    def __init__(self, ws_url):
        u = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("devtools closed the connection")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("devtools refused the websocket: " + head.decode(errors="replace"))
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("devtools closed the connection")
            out += chunk
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise RuntimeError("devtools closed the websocket")
            if opcode in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return json.loads(message.decode())

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self._send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            reply = self._receive()
            if reply.get("id") == ident:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def js(self, expression):
        """The value of an expression (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails'].get('exception', {}).get('description', result['exceptionDetails'])}")
        return result.get("result", {}).get("value")

    def wait(self, expression, timeout=20.0, what=None):
        """Waits until `expression` is truthy in the page."""
        end = time.time() + timeout
        while True:
            value = self.js(f"!!({expression})")
            if value:
                return value
            if time.time() > end:
                raise AssertionError(f"timed out waiting for {what or expression}")
            time.sleep(0.05)

    def open(self, url):
        self.call("Page.navigate", url=url)
        self.wait("document.readyState === 'complete' && !!document.getElementById('status')", what="the page to load")

    def screenshot(self, path):
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 1500), "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def start_chromium(chromium, profile):
    process = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
                                "--remote-allow-origins=*", "--window-size=1280,900",
                                f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    port = None
    end = time.time() + 60
    while time.time() < end and port is None:
        line = process.stderr.readline()
        if "DevTools listening on ws://" in line:
            port = urllib.parse.urlparse(line.strip().split(" ")[-1]).port
    if port is None:
        process.kill()
        raise RuntimeError("chromium did not open its devtools port")
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
    page = next(t for t in targets if t.get("type") == "page")
    tools = DevTools(page["webSocketDebuggerUrl"])
    tools.call("Page.enable")
    tools.call("Runtime.enable")
    return process, tools


# Helpers evaluated in the page.
TEXT = "((id) => (document.getElementById(id) || {}).textContent || '')"


def run_box(t, text):
    """Types `text` into the box and presses Ctrl+Enter, as a user would."""
    t.js("document.getElementById('answer').hidden = true; document.getElementById('status').textContent = ''")
    t.js(f"""(() => {{ const box = document.getElementById('box'); box.focus(); box.value = {json.dumps(text)};
        box.dispatchEvent(new Event('input', {{bubbles: true}}));
        box.dispatchEvent(new KeyboardEvent('keydown', {{key: 'Enter', ctrlKey: true, bubbles: true}})); }})()""")
    t.wait("(!document.getElementById('answer').hidden && document.querySelector('#picture svg, #picture')"
           " && !/drawing/.test(document.getElementById('picture').textContent)) || !document.getElementById('error').hidden",
           what=f"the answer to {text!r}")
    error = t.js("document.getElementById('error').hidden ? '' : document.getElementById('error').textContent")
    if error:
        raise AssertionError(f"{text!r} gave an error: {error}")
    return t.js("Array.from(document.querySelectorAll('#answers tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent))")


DOWNLOADS = tempfile.mkdtemp(prefix="kg-downloads-")


def download(t, link, name, timeout=20):
    """Clicks an export link and returns the text of the file it downloads."""
    path = os.path.join(DOWNLOADS, name)
    if os.path.exists(path):
        os.remove(path)
    t.call("Page.setDownloadBehavior", behavior="allow", downloadPath=DOWNLOADS)
    t.js(f"document.getElementById('{link}').click()")
    end = time.time() + timeout
    while not os.path.exists(path) or os.path.exists(path + ".crdownload"):
        if time.time() > end:
            raise AssertionError(f"clicking {link} downloaded no {name}")
        time.sleep(0.05)
    time.sleep(0.1)
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"browser-test: {message}")


def seed(t, base, shots):
    t.open(base)
    # A multi-line query with a comment, run with Ctrl+Enter: a query, not a question.
    rows = run_box(t, '-- who licenses patents to Xiaomi?\nMATCH (who)-[:licenses_patents_to]->("Xiaomi")\n-- every licensor once\nRETURN DISTINCT who')
    names = {r[0] for r in rows}
    check({"Nokia", "Microsoft"} <= names, "multi-line query with -- comments: Nokia and Microsoft in the answers")
    check(t.js("!!document.querySelector('#picture svg')"), "the answer's picture is drawn")
    check(t.js("document.querySelectorAll('#box-highlight .tok-comment').length === 2 && "
               "document.querySelectorAll('#box-highlight .tok-keyword').length >= 3"), "keywords and comments highlighted in the box")
    check("/?q=" in t.js("document.getElementById('permalink').getAttribute('href')"), "the answer has a permalink")
    # Export: CSV and JSON from the answer, DOT from the server.
    csv = download(t, "export-csv", "answer.csv")
    check(csv.startswith("who\r\n") and "Nokia" in csv, f"CSV export downloads the answers {csv[:40]!r}")
    answer = json.loads(download(t, "export-json", "answer.json"))
    check(answer["row_count"] == len(rows), "JSON export downloads the answer")
    dot = download(t, "export-dot", "answer.dot")
    check("digraph" in dot and "Nokia" in dot, "DOT export downloads a Graphviz graph of the answer")
    # RETURN EXISTS goes to the query engine.
    rows = run_box(t, 'RETURN EXISTS { MATCH ("Nokia")-[:licenses_patents_to]->("Xiaomi") }')
    check(len(rows) == 1 and rows[0][0] == "true", f"RETURN EXISTS runs as a query: {rows[0][0]}")
    # A plain question still goes to /api/ask.
    rows = run_box(t, "who licenses patents to Xiaomi")
    check({"Nokia", "Microsoft"} <= {r[0] for r in rows}, "a question is asked: Nokia and Microsoft")
    check(t.js("Array.from(document.getElementById('history').options).some(o => o.value === 'who licenses patents to Xiaomi')"),
          "history keeps the question")
    if shots:
        t.screenshot(os.path.join(shots, "web-page.png"))
    # A named query with a parameter, from its form.
    t.js("""(() => { const d = document.querySelector('details.named[data-query="licensors"]'); d.open = true;
        const input = d.querySelector('input[name="company"]'); input.value = 'Xiaomi';
        document.getElementById('answer').hidden = true;
        d.querySelector('form').requestSubmit(); })()""")
    t.wait("!document.getElementById('answer').hidden && document.querySelectorAll('#answers tbody tr').length > 0", what="the named query")
    table = t.js("document.getElementById('answers').textContent")
    check("Nokia" in table and "Microsoft" in table, "named query licensors(company: Xiaomi) answers Nokia and Microsoft")
    check("named=licensors" in t.js("location.search"), "the named query's permalink is the address")
    # A node page: the node at the top, groups with counts, expansion in place, evidence.
    t.open(base + "?node=Xiaomi")
    t.wait("document.querySelectorAll('#graph .node').length > 1", what="the picture of Xiaomi")
    title = t.js(TEXT + "('node-title')")
    check(title == "Xiaomi", f"the node page names Xiaomi at the top ({title!r})")
    groups = t.js("Array.from(document.querySelectorAll('#groups details.group')).map(d => [d.dataset.group, d.querySelector('.count').textContent])")
    check(any(g == "licensor" for g, _ in groups), f"edges grouped by type with counts: {groups[:4]}")
    before = t.js("document.querySelectorAll('#graph .node').length")
    key = t.js("(() => { const n = Array.from(document.querySelectorAll('#graph .node:not(.center)')).find(n => n.dataset.key === 'nokia' || true);"
               " n.dispatchEvent(new MouseEvent('click', {bubbles: true})); return n.dataset.key; })()")
    t.wait(f"document.querySelector('#graph .node[data-key=\"{key}\"]').getAttribute('aria-expanded') === 'true'", what="expansion")
    after = t.js("document.querySelectorAll('#graph .node').length")
    check(after > before, f"clicking {key} expands it in place: {before} -> {after} nodes")
    t.js(f"document.querySelector('#graph .node[data-key=\"{key}\"]').dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
    t.wait(f"document.querySelectorAll('#graph .node').length === {before}", what="collapse")
    check(True, f"clicking {key} again collapses it: {before} nodes")
    # An edge's evidence: the licence edge from the Nokia agreement.
    t.js("""(() => { const e = Array.from(document.querySelectorAll('#graph .edge')).find(e => e.dataset.type === 'licensee');
        e.querySelector('.hit').dispatchEvent(new MouseEvent('click', {bubbles: true})); })()""")
    t.wait("!document.getElementById('edge-panel').hidden && document.querySelector('#edge-body h4')", what="the edge's evidence")
    panel = t.js(TEXT + "('edge-panel')")
    check("Agreement" in panel and "Parties" in panel and t.js("document.querySelectorAll('#edge-body q').length") > 0,
          "clicking an edge shows its evidence (quote, article, date) and its agreement")
    check(t.js("document.querySelectorAll('#legend li').length") >= 2, "the picture has a legend")
    unlabelled = t.js("""Array.from(document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]'))
        .filter(e => e.type !== 'hidden' && !e.closest('[hidden]') && !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))
        .map(e => e.outerHTML.slice(0, 80))""")
    check(not unlabelled, f"every control has a label {unlabelled[:3]}")
    if shots:
        t.screenshot(os.path.join(shots, "web-explorer.png"))


def hub(t, base, node, shots):
    started = time.time()
    t.open(base + "?node=" + urllib.parse.quote(node))
    t.wait("document.getElementById('graph').dataset.drawMs !== undefined || !document.getElementById('error').hidden",
           timeout=30, what="the hub's picture")
    error = t.js("document.getElementById('error').hidden ? '' : document.getElementById('error').textContent")
    check(not error, f"the hub page loads without an error {error}")
    answer_ms = int(t.js("document.getElementById('graph').dataset.answerMs"))
    draw_ms = int(t.js("document.getElementById('graph').dataset.drawMs"))
    print(f"browser-test: hub page: answered in {answer_ms} ms, drawn in {draw_ms} ms, page open after {time.time() - started:.2f} s")
    check(draw_ms < 1000, f"the hub's picture is drawn within a second of the answer ({draw_ms} ms)")
    height = t.js("document.getElementById('graph').getBoundingClientRect().height")
    check(height <= 900, f"the picture is no taller than the screen ({height:.0f} px)")
    nodes = t.js("document.querySelectorAll('#graph .node').length")
    check(1 < nodes <= 60, f"the picture shows a readable sample: {nodes} nodes")
    groups = dict(t.js("Array.from(document.querySelectorAll('#groups details.group')).map(d => [d.dataset.group, d.querySelector('.count').textContent])"))
    partners = int(groups.get("partner_of", "0").replace(",", ""))
    check(partners >= 1000, f"the partners are one group with their count: partner_of {groups.get('partner_of')}")
    # A big group may be counted first and listed right after (the server's time budget).
    t.wait("document.querySelectorAll('#groups details.group[data-group=\"partner_of\"] ol li').length === 10",
           timeout=15, what="the first 10 partners")
    check(True, "the first 10 partners are listed")
    t.js("document.querySelector('#groups details.group[data-group=\"partner_of\"] .pager button:nth-of-type(2)').click()")
    t.wait("document.querySelector('#groups details.group[data-group=\"partner_of\"] ol').start === 11", what="the next page")
    check(True, "the next 10 partners page in")
    before = nodes
    key = t.js("(() => { const n = document.querySelector('#graph .node:not(.center)'); n.dispatchEvent(new MouseEvent('click', {bubbles: true})); return n.dataset.key; })()")
    t.wait(f"document.querySelector('#graph .node[data-key=\"{key}\"]').getAttribute('aria-expanded') === 'true'", timeout=10, what="expansion")
    check(t.js("document.querySelectorAll('#graph .node').length") > before, f"a partner ({key}) expands in place")
    if shots:
        t.screenshot(os.path.join(shots, "web-hub.png"))


def main():
    chromium, base, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    shots = sys.argv[sys.argv.index("--screenshot-dir") + 1] if "--screenshot-dir" in sys.argv else None
    if shots:
        os.makedirs(shots, exist_ok=True)
    node = sys.argv[sys.argv.index("--node") + 1] if "--node" in sys.argv else "c0"
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    process, tools = start_chromium(chromium, profile)
    try:
        if scenario == "seed":
            seed(tools, base, shots)
        else:
            hub(tools, base, node, shots)
    except AssertionError as failure:
        print(f"browser-test: {scenario}: FAILED: {failure}")
        sys.exit(1)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(DOWNLOADS, ignore_errors=True)


if __name__ == "__main__":
    main()
