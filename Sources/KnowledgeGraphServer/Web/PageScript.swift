/// The page's script (`/app.js`): plain JavaScript, no framework, no library.
/// Every piece of data goes into the page as text (`textContent`, attributes
/// set one by one), never as HTML or SVG markup; Graphviz pictures of answers
/// are parsed as SVG, kept to their drawing and their links to node pages.
///
/// - The box: multi-line, keywords highlighted (a `<pre>` under a transparent
///   textarea), Ctrl+Enter runs, history in `localStorage`; `POST /api/parse`
///   decides whether the text is a query (else it is a question).
/// - Answers: exports (CSV and JSON in the page, DOT and SVG from the server)
///   and a permalink; named queries run from a form with their parameters.
/// - A node's page (the explorer): `GET /api/neighbourhood` groups with counts
///   and paging, a picture laid out in the page (radial, at most ~40 nodes at
///   first) with pan and zoom through the SVG viewBox, click (or Enter) to
///   expand or collapse a node in place, an edge's evidence from
///   `GET /api/edges/{id}`, and a legend.
enum PageScript {
    static let javascript = #"""
"use strict";
(function () {
  const QUERY_START = /^\s*(MATCH|OPTIONAL|RETURN|WITH|UNWIND|EXPLAIN|PROFILE|CALL|--|\/\/)/i;
  const KEYWORDS = new Set(("MATCH OPTIONAL WHERE RETURN DISTINCT WITH ORDER BY ASC DESC SKIP LIMIT AND OR NOT XOR IN IS NULL " +
    "TRUE FALSE EXISTS SHORTEST ALL ANY EXPLAIN PROFILE AS UNWIND CASE WHEN THEN ELSE END UNION CONTAINS STARTS ENDS COUNT").split(" "));
  const EXAMPLES = [
    "who licenses patents to Xiaomi",
    "MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who",
    "RETURN EXISTS { MATCH (\"Nokia\")-[:licenses_patents_to]->(\"Xiaomi\") }",
    "-- partners of Xiaomi, and theirs\nMATCH (\"Xiaomi\")-[:partner_of]-{1,2}(c:Company)\nRETURN DISTINCT c",
    "MATCH p = SHORTEST (\"IKEA\")-[:partner_of]-+(\"Microsoft\") RETURN p, length(p)"
  ];
  const EDGE_COLOURS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#4e342e", "#455a64", "#827717"];
  const KIND_COLOURS = ["#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fce4ec", "#e0f7fa", "#fffde7", "#efebe9"];
  const SVGNS = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  let schemaTypes = [], schemaKinds = [];

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs || {}) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  const fmt = (n) => Number(n).toLocaleString("en-US");

  function setStatus(text) { $("status").textContent = text; }

  function showError(err) {
    const box = $("error");
    let text;
    if (err && err.code) {
      text = "error[" + err.code + "]: " + err.message;
      if (err.line) text += "\n  at line " + err.line + ", column " + err.column;
      if (err.suggestion) text += "\n  help: " + err.suggestion;
    } else {
      text = String(err && err.message ? err.message : err);
    }
    box.textContent = text;
    box.hidden = false;
  }

  async function api(path, body) {
    const init = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    };
    const response = await fetch(path, init);
    const type = response.headers.get("Content-Type") || "";
    const payload = type.startsWith("application/json") ? await response.json() : await response.text();
    if (!response.ok) throw (payload && payload.error) ? payload.error : new Error(response.status + " " + payload);
    return payload;
  }

  // ---- The query box: highlighting, Ctrl+Enter, history --------------------

  function highlight() {
    const text = $("box").value;
    const out = $("box-highlight");
    out.replaceChildren();
    const re = /(--[^\n]*|\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(\$[A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?)|([\s\S])/g;
    let m, plain = "";
    const flush = () => { if (plain) { out.appendChild(document.createTextNode(plain)); plain = ""; } };
    const span = (cls, t) => { flush(); out.appendChild(el("span", t, cls)); };
    while ((m = re.exec(text)) !== null) {
      if (m[1]) span("tok-comment", m[1]);
      else if (m[2]) span("tok-string", m[2]);
      else if (m[3]) span("tok-param", m[3]);
      else if (m[4]) { if (KEYWORDS.has(m[4].toUpperCase())) span("tok-keyword", m[4]); else plain += m[4]; }
      else if (m[5]) span("tok-number", m[5]);
      else plain += m[6];
    }
    plain += "\n";
    flush();
    const box = $("box");
    box.rows = Math.min(12, Math.max(2, text.split("\n").length));
    out.scrollTop = box.scrollTop;
  }

  function history() {
    try { return JSON.parse(localStorage.getItem("kg.history") || "[]"); } catch (e) { return []; }
  }
  function remember(text) {
    const list = [text].concat(history().filter((t) => t !== text)).slice(0, 50);
    try { localStorage.setItem("kg.history", JSON.stringify(list)); } catch (e) { /* storage off */ }
    fillHistory();
  }
  function fillHistory() {
    const select = $("history");
    while (select.options.length > 1) select.remove(1);
    for (const t of history()) {
      const o = el("option", t.length > 80 ? t.slice(0, 79) + "…" : t);
      o.value = t;
      select.appendChild(o);
    }
  }

  // ---- Answers ----------------------------------------------------------------

  function insertSVG(container, text) {
    container.replaceChildren();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length > 0) {
      container.textContent = "(the picture could not be read)";
      return;
    }
    for (const bad of Array.from(root.querySelectorAll("script, foreignObject, iframe"))) bad.remove();
    for (const node of Array.from(root.querySelectorAll("*")).concat([root])) {
      for (const attr of Array.from(node.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) node.removeAttribute(attr.name);
        if ((name === "href" || name === "xlink:href") && !attr.value.startsWith("/?node=")) node.removeAttribute(attr.name);
      }
    }
    container.appendChild(document.importNode(root, true));
  }

  async function picture(container, path, body) {
    container.textContent = "drawing…";
    try {
      const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) {
        let message = text;
        try { message = JSON.parse(text).error.message; } catch (e) { /* not JSON */ }
        container.textContent = "(no picture: " + message + ")";
        return;
      }
      insertSVG(container, text);
    } catch (e) {
      container.textContent = "(no picture: " + e + ")";
    }
  }

  function nodeLink(value) {
    const a = el("a", value.name);
    a.href = "/?node=" + encodeURIComponent(value.key);
    a.title = value.key + " (" + value.kind + ")";
    return a;
  }

  function cell(value, display) {
    const td = el("td");
    if (value && typeof value === "object" && !Array.isArray(value) && "key" in value && "kind" in value && "name" in value) {
      td.appendChild(nodeLink(value));
    } else if (Array.isArray(value) && value.length && value.every((v) => v && typeof v === "object" && "key" in v && "name" in v)) {
      value.forEach((v, i) => { if (i > 0) td.appendChild(document.createTextNode(", ")); td.appendChild(nodeLink(v)); });
    } else {
      td.textContent = display;
    }
    return td;
  }

  function evidenceList(items) {
    const list = el("ul", null, "evidence-list");
    for (const item of items || []) {
      const li = el("li");
      li.appendChild(el("q", item.quote));
      const source = el("div", null, "source");
      source.appendChild(document.createTextNode("— "));
      source.appendChild(el("cite", item.title || item.file));
      if (item.title) source.appendChild(document.createTextNode(" (" + item.file + ")"));
      if (item.published) {
        source.appendChild(document.createTextNode(", "));
        source.appendChild(el("time", item.published));
      }
      li.appendChild(source);
      list.appendChild(li);
    }
    return list;
  }

  let current = null;   // the answer shown: {answer, query, params}

  function csv(answer) {
    const quote = (s) => /[",\n\r]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
    return [answer.columns.map(quote).join(",")].concat(answer.display.map((r) => r.map((c) => quote(String(c))).join(","))).join("\r\n") + "\r\n";
  }

  function blobLink(a, text, type) {
    if (a.dataset.url) URL.revokeObjectURL(a.dataset.url);
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    a.dataset.url = url;
    a.href = url;
  }

  function prepareExports() {
    blobLink($("export-csv"), csv(current.answer), "text/csv");
    blobLink($("export-json"), JSON.stringify(current.answer, null, 2), "application/json");
    for (const format of ["dot", "svg"]) {
      const a = $("export-" + format);
      a.href = "#";
      delete a.dataset.ready;
    }
  }

  async function exportPicture(format, event) {
    const a = $("export-" + format);
    if (a.dataset.ready === current.query) return;   // the file is ready: let the click download it
    event.preventDefault();
    setStatus("preparing " + format.toUpperCase() + "…");
    try {
      const response = await fetch("/api/query", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: current.query, params: current.params || {}, format: format }) });
      const text = await response.text();
      if (!response.ok) throw (JSON.parse(text).error || text);
      blobLink(a, text, format === "svg" ? "image/svg+xml" : "text/vnd.graphviz");
      a.dataset.ready = current.query;
      setStatus(format.toUpperCase() + " ready");
      a.click();
    } catch (err) {
      setStatus("");
      showError(err);
    }
  }

  function showAnswer(answer, queryText, params, permalink) {
    current = { answer: answer, query: queryText, params: params };
    $("query-text").textContent = queryText;
    const understood = $("understood");
    if (answer.understood && answer.understood.length) {
      understood.textContent = "Understood: " + answer.understood.join(", ");
      understood.hidden = false;
    } else {
      understood.hidden = true;
    }
    const head = $("answers").tHead, body = $("answers").tBodies[0];
    head.replaceChildren();
    body.replaceChildren();
    const tr = el("tr");
    for (const column of answer.columns) tr.appendChild(el("th", column));
    if (answer.evidence) tr.appendChild(el("th", "evidence (quote, article, date)"));
    head.appendChild(tr);
    answer.rows.forEach((row, r) => {
      const line = el("tr");
      row.forEach((value, c) => line.appendChild(cell(value, answer.display[r][c])));
      if (answer.evidence) {
        const td = el("td", null, "evidence");
        td.appendChild(evidenceList(answer.evidence[r]));
        line.appendChild(td);
      }
      body.appendChild(line);
    });
    $("answer").hidden = false;
    $("permalink").href = permalink;
    prepareExports();
    setStatus(answer.row_count + (answer.row_count === 1 ? " answer" : " answers") + " in " +
              (answer.elapsed_s * 1000).toFixed(1) + " ms");
  }

  function startAnswer() {
    $("welcome").hidden = true;
    $("node").hidden = true;
    $("error").hidden = true;
    setStatus("answering…");
  }

  async function run(text) {
    startAnswer();
    remember(text);
    const permalink = "/?q=" + encodeURIComponent(text);
    if (location.pathname + location.search !== permalink) window.history.pushState(null, "", permalink);
    try {
      const parsed = await api("/api/parse", { query: text });
      let answer, queryText;
      if (parsed.query) {
        answer = await api("/api/query", { query: text, why: true });
        queryText = text;
      } else if (QUERY_START.test(text)) {
        throw parsed.error;
      } else {
        answer = await api("/api/ask", { question: text, why: true });
        queryText = answer.query_text;
      }
      showAnswer(answer, queryText, {}, permalink);
      if (!/^\s*(EXPLAIN|PROFILE)\b/i.test(queryText)) {
        await picture($("picture"), "/api/query", { query: queryText, format: "svg" });
      } else {
        $("picture").textContent = "";
      }
    } catch (err) {
      setStatus("");
      showError(err);
    }
  }

  async function runNamed(name, params) {
    startAnswer();
    const search = new URLSearchParams({ named: name });
    for (const k in params) search.set("p." + k, params[k]);
    const permalink = "/?" + search.toString();
    if (location.pathname + location.search !== permalink) window.history.pushState(null, "", permalink);
    try {
      const answer = await api("/api/queries/" + encodeURIComponent(name), { params: params, why: true });
      showAnswer(answer, answer.query_text, params, permalink);
      await picture($("picture"), "/api/query", { query: answer.query_text, params: params, format: "svg" });
    } catch (err) {
      setStatus("");
      showError(err);
    }
  }

  // ---- The explorer: a node, its groups, a picture to expand in place ---------

  const view = { center: null, nodes: new Map(), edges: new Map(), box: null, colours: new Map(), kinds: new Map(), options: {} };

  function edgeColour(type) {
    if (!view.colours.has(type)) {
      const i = schemaTypes.indexOf(type);
      view.colours.set(type, EDGE_COLOURS[(i >= 0 ? i : view.colours.size) % EDGE_COLOURS.length]);
    }
    return view.colours.get(type);
  }
  function kindColour(kind) {
    if (!view.kinds.has(kind)) {
      const i = schemaKinds.indexOf(kind);
      view.kinds.set(kind, KIND_COLOURS[(i >= 0 ? i : view.kinds.size) % KIND_COLOURS.length]);
    }
    return view.kinds.get(kind);
  }

  function neighbourhoodURL(key, o, extra) {
    const s = new URLSearchParams({ node: key, order: o.order, limit: String(o.limit) });
    if (o.types && o.types.length) s.set("types", o.types.join(","));
    if (o.kinds && o.kinds.length) s.set("kinds", o.kinds.join(","));
    for (const k in extra || {}) s.set(k, extra[k]);
    return "/api/neighbourhood?" + s.toString();
  }

  function addNode(n, x, y, parent) {
    if (view.nodes.has(n.key)) return view.nodes.get(n.key);
    const node = { key: n.key, name: n.name, kind: n.kind, x: x, y: y, parent: parent, expanded: false };
    view.nodes.set(n.key, node);
    return node;
  }
  function addEdge(id, type, from, to, owner) {
    if (view.edges.has(id)) return;
    view.edges.set(id, { id: id, type: type, from: from, to: to, owner: owner });
  }

  // Places a node's members on an arc around it, facing away from its parent.
  function place(origin, groups, radius) {
    const members = [];
    for (const g of groups) for (const m of g.members) members.push([g, m]);
    const fresh = members.filter(([, m]) => !view.nodes.has(m.key));
    let start = 0, spread = 2 * Math.PI;
    if (origin.parent) {
      const p = view.nodes.get(origin.parent);
      if (p) { start = Math.atan2(origin.y - p.y, origin.x - p.x) - Math.PI / 3; spread = 2 * Math.PI / 3; }
    }
    const step = spread / Math.max(1, fresh.length + (spread < 6 ? 1 : 0));
    let i = spread < 6 ? 1 : 0;
    const r = radius + (fresh.length > 24 ? 60 : 0);
    for (const [g, m] of members) {
      let node = view.nodes.get(m.key);
      if (!node) {
        const a = start + step * i;
        const ring = fresh.length > 24 && i % 2 ? r + 70 : r;
        node = addNode(m, origin.x + ring * Math.cos(a), origin.y + ring * Math.sin(a), origin.key);
        i++;
      }
      const out = m.direction === "out";
      addEdge(m.edge, g.type, out ? origin.key : m.key, out ? m.key : origin.key, origin.key);
    }
  }

  async function toggle(key) {
    const node = view.nodes.get(key);
    if (!node) return;
    if (node.expanded) { collapse(key); draw(); setStatus(node.name + " collapsed"); return; }
    setStatus("expanding " + node.name + "…");
    const o = Object.assign({}, view.options, { limit: 6 });
    try {
      const started = performance.now();
      const answer = await api(neighbourhoodURL(key, o));
      const groups = answer.groups.filter((g) => g.members.length);
      place(node, groups, 130);
      node.expanded = true;
      draw();
      // Keep what was added in view.
      const b = view.box;
      if (Array.from(view.nodes.values()).some((n) => n.x < b.x || n.x > b.x + b.w || n.y < b.y || n.y > b.y + b.h)) fit();
      const shown = groups.reduce((s, g) => s + g.members.length, 0);
      setStatus(node.name + " expanded: " + shown + " of " + fmt(answer.node.degree) + " edges shown (" +
                Math.round(performance.now() - started) + " ms)");
    } catch (err) { showError(err); }
  }

  function collapse(key) {
    const node = view.nodes.get(key);
    node.expanded = false;
    for (const [id, e] of Array.from(view.edges)) if (e.owner === key) view.edges.delete(id);
    for (const child of Array.from(view.nodes.values())) {
      if (child.parent === key && child.key !== view.center) {
        if (child.expanded) collapse(child.key);
        view.nodes.delete(child.key);
      }
    }
    for (const [id, e] of Array.from(view.edges)) if (!view.nodes.has(e.from) || !view.nodes.has(e.to)) view.edges.delete(id);
  }

  function fit() {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const n of view.nodes.values()) { x0 = Math.min(x0, n.x); y0 = Math.min(y0, n.y); x1 = Math.max(x1, n.x); y1 = Math.max(y1, n.y); }
    if (!isFinite(x0)) { x0 = y0 = -100; x1 = y1 = 100; }
    const pad = 90, w = x1 - x0 + 2 * pad, h = y1 - y0 + 2 * pad;
    const el = $("graph"), aspect = el.clientWidth / Math.max(1, el.clientHeight) || 1.6;
    let vw = Math.max(w, h * aspect), vh = vw / aspect;
    view.box = { x: (x0 + x1) / 2 - vw / 2, y: (y0 + y1) / 2 - vh / 2, w: vw, h: vh };
    applyBox();
  }
  function applyBox() {
    const b = view.box;
    $("graph").setAttribute("viewBox", [b.x, b.y, b.w, b.h].map((v) => v.toFixed(1)).join(" "));
  }
  function zoom(factor, cx, cy) {
    const b = view.box;
    if (cx === undefined) { cx = b.x + b.w / 2; cy = b.y + b.h / 2; }
    b.x = cx - (cx - b.x) * factor; b.y = cy - (cy - b.y) * factor; b.w *= factor; b.h *= factor;
    applyBox();
  }

  function label(text) { return text.length > 22 ? text.slice(0, 21) + "…" : text; }

  function draw() {
    const g = $("graph");
    g.replaceChildren();
    const defs = svg("defs");
    for (const type of new Set(Array.from(view.edges.values()).map((e) => e.type))) {
      const marker = svg("marker", { id: "arrow-" + type, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
      marker.appendChild(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: edgeColour(type) }));
      defs.appendChild(marker);
    }
    g.appendChild(defs);
    const edges = svg("g", { class: "edges" });
    for (const e of view.edges.values()) {
      const a = view.nodes.get(e.from), b = view.nodes.get(e.to);
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1, r = 30;
      const x2 = b.x - dx / len * r, y2 = b.y - dy / len * r;
      const group = svg("g", { class: "edge", tabindex: 0, role: "button", "data-edge": e.id, "data-type": e.type });
      group.setAttribute("aria-label", e.type.replace(/_/g, " ") + ": " + a.name + " to " + b.name + ". Show its evidence");
      const t = svg("title"); t.textContent = e.type + ": " + a.name + " → " + b.name;
      group.appendChild(t);
      group.appendChild(svg("line", { x1: a.x, y1: a.y, x2: x2, y2: y2, class: "hit" }));
      group.appendChild(svg("line", { x1: a.x, y1: a.y, x2: x2, y2: y2, stroke: edgeColour(e.type), "marker-end": "url(#arrow-" + e.type + ")", class: "line" }));
      edges.appendChild(group);
    }
    g.appendChild(edges);
    const nodes = svg("g", { class: "nodes" });
    for (const n of view.nodes.values()) {
      const center = n.key === view.center;
      const group = svg("g", { class: "node" + (center ? " center" : "") + (n.expanded ? " expanded" : ""), tabindex: 0, role: "button",
                               transform: "translate(" + n.x.toFixed(1) + " " + n.y.toFixed(1) + ")", "data-key": n.key });
      group.setAttribute("aria-label", n.name + " (" + n.kind + "). " + (n.expanded ? "Collapse" : "Expand") + " its neighbourhood");
      group.setAttribute("aria-expanded", String(n.expanded));
      const t = svg("title"); t.textContent = n.name + " (" + n.kind + ", " + n.key + ")";
      group.appendChild(t);
      const agreement = n.kind.toLowerCase() === "agreement";
      if (agreement) group.appendChild(svg("rect", { x: -16, y: -16, width: 32, height: 32, transform: "rotate(45)", fill: kindColour(n.kind), class: "shape" }));
      else group.appendChild(svg("circle", { r: center ? 30 : 22, fill: kindColour(n.kind), class: "shape" }));
      const text = svg("text", { y: (center ? 30 : 22) + 16, "text-anchor": "middle", class: "label" });
      text.textContent = label(n.name);
      group.appendChild(text);
      if (!center) {
        const sign = svg("text", { y: 5, "text-anchor": "middle", class: "sign" });
        sign.textContent = n.expanded ? "−" : "+";
        group.appendChild(sign);
      }
      nodes.appendChild(group);
    }
    g.appendChild(nodes);
    drawLegend();
  }

  function drawLegend() {
    const legend = $("legend");
    legend.replaceChildren();
    const kinds = new Set(Array.from(view.nodes.values()).map((n) => n.kind));
    const types = new Set(Array.from(view.edges.values()).map((e) => e.type));
    const list = el("ul");
    for (const k of kinds) {
      const li = el("li");
      const swatch = el("span", null, "swatch kind");
      swatch.dataset.colour = kindColour(k);
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(k));
      list.appendChild(li);
    }
    for (const t of types) {
      const li = el("li");
      const swatch = el("span", null, "swatch edge");
      swatch.dataset.colour = edgeColour(t);
      li.appendChild(swatch);
      li.appendChild(el("span", t, "edge-type"));
      list.appendChild(li);
    }
    legend.appendChild(el("strong", "Legend"));
    legend.appendChild(list);
    // Colours through the CSSOM (no inline style attribute under the CSP).
    for (const s of legend.querySelectorAll(".swatch")) s.style.setProperty("--swatch", s.dataset.colour);
  }

  function wirePicture() {
    const g = $("graph");
    let drag = null;
    const point = (ev) => {
      const r = g.getBoundingClientRect(), b = view.box;
      return { x: b.x + (ev.clientX - r.left) / r.width * b.w, y: b.y + (ev.clientY - r.top) / r.height * b.h };
    };
    g.addEventListener("pointerdown", (ev) => {
      const node = ev.target.closest(".node");
      drag = { node: node ? node.dataset.key : null, start: point(ev), sx: ev.clientX, sy: ev.clientY, moved: false, box: Object.assign({}, view.box) };
    });
    g.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      if (Math.abs(ev.clientX - drag.sx) + Math.abs(ev.clientY - drag.sy) > 4) {
        if (!drag.moved) g.setPointerCapture(ev.pointerId);
        drag.moved = true;
      }
      if (!drag.moved) return;
      if (drag.node) {
        const n = view.nodes.get(drag.node), p = point(ev);
        n.x = p.x; n.y = p.y; draw();
      } else {
        const r = g.getBoundingClientRect();
        view.box.x = drag.box.x - (ev.clientX - drag.sx) / r.width * drag.box.w;
        view.box.y = drag.box.y - (ev.clientY - drag.sy) / r.height * drag.box.h;
        applyBox();
      }
    });
    g.addEventListener("pointerup", () => { if (drag && drag.moved) g.dataset.dragged = "1"; drag = null; });
    g.addEventListener("click", (ev) => {
      if (g.dataset.dragged) { delete g.dataset.dragged; return; }
      activate(ev.target);
    });
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") { if (activate(ev.target)) ev.preventDefault(); return; }
      const b = view.box, step = b.w / 10;
      const keys = { "+": () => zoom(0.8), "=": () => zoom(0.8), "-": () => zoom(1.25),
                     ArrowLeft: () => { b.x -= step; applyBox(); }, ArrowRight: () => { b.x += step; applyBox(); },
                     ArrowUp: () => { b.y -= step; applyBox(); }, ArrowDown: () => { b.y += step; applyBox(); } };
      if (keys[ev.key] && ev.target === g) { keys[ev.key](); ev.preventDefault(); }
    });
    g.addEventListener("wheel", (ev) => { ev.preventDefault(); const p = point(ev); zoom(ev.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y); }, { passive: false });
    $("zoom-in").addEventListener("click", () => zoom(0.8));
    $("zoom-out").addEventListener("click", () => zoom(1.25));
    $("zoom-reset").addEventListener("click", fit);
  }

  function activate(target) {
    const node = target.closest && target.closest(".node");
    if (node) {
      if (node.dataset.key === view.center) { $("node-card").scrollIntoView({ block: "nearest" }); return true; }
      toggle(node.dataset.key);
      return true;
    }
    const edge = target.closest && target.closest(".edge");
    if (edge) { showEdge(edge.dataset.edge); return true; }
    return false;
  }

  async function showEdge(id) {
    const panel = $("edge-panel"), body = $("edge-body");
    panel.hidden = false;
    $("edge-title").textContent = "Edge " + id;
    body.textContent = "loading…";
    try {
      const e = await api("/api/edges/" + encodeURIComponent(id));
      $("edge-title").textContent = e.from.name + " — " + e.phrase + " — " + e.to.name;
      body.replaceChildren();
      const facts = el("p");
      facts.appendChild(nodeLink(e.from));
      facts.appendChild(document.createTextNode(" " + e.type + " "));
      facts.appendChild(nodeLink(e.to));
      if (e.valid_from || e.valid_to) facts.appendChild(document.createTextNode(", " + (e.valid_from || "…") + " to " + (e.valid_to || "…")));
      const props = Object.keys(e.props);
      if (props.length) facts.appendChild(document.createTextNode(" [" + props.map((k) => k + ": " + JSON.stringify(e.props[k])).join(", ") + "]"));
      body.appendChild(facts);
      body.appendChild(el("h4", "Evidence"));
      if (e.evidence.length) body.appendChild(evidenceList(e.evidence));
      else body.appendChild(el("p", "No evidence is recorded for this edge itself.", "muted"));
      if (e.agreement) {
        const ag = e.agreement;
        body.appendChild(el("h4", "Agreement: " + ag.name));
        const p = el("p");
        const props = Object.keys(ag.props).map((k) => k + ": " + (typeof ag.props[k] === "string" ? ag.props[k] : JSON.stringify(ag.props[k])));
        if (props.length) p.appendChild(document.createTextNode(props.join(", ") + ". "));
        p.appendChild(document.createTextNode("Parties: "));
        ag.parties.forEach((party, i) => {
          if (i > 0) p.appendChild(document.createTextNode(", "));
          p.appendChild(nodeLink(party));
          p.appendChild(document.createTextNode(" (" + party.role + ")"));
        });
        body.appendChild(p);
        if (ag.evidence.length) body.appendChild(evidenceList(ag.evidence));
      }
      panel.focus && panel.scrollIntoView({ block: "nearest" });
    } catch (err) {
      body.textContent = "(no evidence: " + (err.message || err) + ")";
    }
  }

  function groupTitle(g) {
    const arrow = g.direction === "out" ? "→" : g.direction === "in" ? "←" : "↔";
    // A schema without phrases reads "is works for of" backwards: the type's words read better after ←.
    const words = g.type.replace(/_/g, " ");
    return arrow + " " + (g.phrase === "is " + words + " of" ? words : g.phrase);
  }

  function renderGroup(details, g, o) {
    const list = details.querySelector("ol");
    list.replaceChildren();
    list.start = (g.offset || 0) + 1;
    for (const m of g.members) {
      const li = el("li");
      if (g.direction === "both") li.appendChild(el("span", m.direction === "out" ? "→ " : "← ", "muted"));
      li.appendChild(nodeLink(m));
      const extra = [m.kind];
      if (m.degree !== undefined) extra.push(fmt(m.degree) + " " + g.type.replace(/_/g, " "));
      if (m.date) extra.push(m.date);
      li.appendChild(el("span", " (" + extra.join(", ") + ")", "muted"));
      const show = el("button", "show", "small");
      show.type = "button";
      show.setAttribute("aria-label", "Show " + m.name + " in the picture");
      show.addEventListener("click", () => {
        const c = view.nodes.get(view.center);
        if (!view.nodes.has(m.key)) {
          const a = Math.random() * 2 * Math.PI;
          addNode(m, c.x + 260 * Math.cos(a), c.y + 260 * Math.sin(a), view.center);
        }
        const out = m.direction === "out";
        addEdge(m.edge, g.type, out ? view.center : m.key, out ? m.key : view.center, view.center);
        draw();
      });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(show);
      const evidence = el("button", "evidence", "small");
      evidence.type = "button";
      evidence.setAttribute("aria-label", "Evidence for " + m.name);
      evidence.addEventListener("click", () => showEdge(m.edge));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(evidence);
      list.appendChild(li);
    }
    const pager = details.querySelector(".pager");
    pager.replaceChildren();
    const offset = g.offset || 0;
    const page = async (to) => {
      try {
        const answer = await api(neighbourhoodURL(view.center, o, { group: g.id, offset: String(to) }));
        const fresh = answer.groups.find((x) => x.id === g.id);
        if (fresh) renderGroup(details, fresh, o);
      } catch (err) { showError(err); }
    };
    if (g.deferred) {
      // A big group the server counted but did not list within its time
      // budget: listed now, one request per group after the first answer,
      // and its first members join the picture.
      const load = el("button", "list the first " + o.limit);
      load.type = "button";
      load.addEventListener("click", () => page(0));
      pager.append(el("span", "Counted, not listed yet (a big group). ", "muted"), load);
      view.pending = (view.pending || Promise.resolve()).then(async () => {
        if (details.dataset.loaded === "1" || view.center !== g.center) return;
        try {
          const answer = await api(neighbourhoodURL(view.center, o, { group: g.id, offset: "0" }));
          const fresh = answer.groups.find((x) => x.id === g.id);
          if (!fresh || view.center !== g.center) return;
          renderGroup(details, fresh, o);
          // Each late group on a ring of its own, outside the first.
          view.rings = (view.rings || 0) + 1;
          place(view.nodes.get(view.center), [Object.assign({}, fresh, { members: fresh.members.slice(0, view.per || 4) })], 230 + 90 * view.rings);
          draw();
          fit();
        } catch (err) { showError(err); }
      });
      return;
    }
    details.dataset.loaded = "1";
    const shown = el("span", g.count ? (offset + 1) + "–" + (offset + g.members.length) + " of " + fmt(g.count) +
                     (g.order ? ", " + ({ degree: "most connected first", date: "newest first", name: "by name" })[g.order] : "") : "", "muted");
    const prev = el("button", "previous " + o.limit), next = el("button", "next " + o.limit);
    prev.type = next.type = "button";
    prev.disabled = offset === 0;
    next.disabled = offset + g.members.length >= g.count;
    prev.addEventListener("click", () => page(Math.max(0, offset - o.limit)));
    next.addEventListener("click", () => page(offset + o.limit));
    pager.append(prev, " ", next, " ", shown);
  }

  function renderGroups(answer, o) {
    const box = $("groups");
    box.replaceChildren();
    if (!answer.groups.length) box.appendChild(el("p", "No edges match the filters.", "muted"));
    answer.groups.forEach((g, i) => {
      const details = el("details", null, "group");
      details.dataset.group = g.id;
      if (i < 3 && !g.deferred) details.open = true;
      const summary = el("summary");
      summary.appendChild(el("span", groupTitle(g), "group-title"));
      summary.appendChild(document.createTextNode(" "));
      summary.appendChild(el("span", fmt(g.count), "count"));
      if (g.direction === "both") summary.appendChild(el("span", " (" + fmt(g.out) + " out, " + fmt(g.in) + " in)", "muted"));
      const kinds = Object.keys(g.kinds || {});
      if (kinds.length) summary.appendChild(el("span", " (" + kinds.map((k) => k + " " + fmt(g.kinds[k])).join(", ") + ")", "muted"));
      if (g.sampled) summary.appendChild(el("span", " sampled", "warning"));
      details.appendChild(summary);
      details.appendChild(el("ol"));
      details.appendChild(el("div", null, "pager"));
      box.appendChild(details);
      renderGroup(details, g, o);
    });
  }

  function renderFilters(answer, o) {
    const types = $("type-filter"), kinds = $("kind-filter");
    for (const box of [types, kinds]) while (box.children.length > 1) box.lastChild.remove();
    const seen = new Map();
    for (const t of answer.edge_types) seen.set(t.type, (seen.get(t.type) || 0) + t.count);
    for (const [type, count] of seen) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox"; input.name = "type"; input.value = type;
      input.checked = !o.types.length || o.types.includes(type);
      label.append(input, " " + type + " (" + fmt(count) + ")");
      types.appendChild(label);
    }
    const allKinds = new Set(schemaKinds);
    for (const g of answer.groups) for (const k of Object.keys(g.kinds || {})) allKinds.add(k);
    for (const kind of allKinds) {
      const label = el("label");
      const input = el("input");
      input.type = "checkbox"; input.name = "kind"; input.value = kind;
      input.checked = !o.kinds.length || o.kinds.includes(kind);
      label.append(input, " " + kind);
      kinds.appendChild(label);
    }
  }

  async function showNode(key, o) {
    $("welcome").hidden = true;
    $("answer").hidden = true;
    $("node").hidden = false;
    $("error").hidden = true;
    $("edge-panel").hidden = true;
    $("node-name").value = key;
    $("order").value = o.order;
    $("limit").value = String(o.limit);
    setStatus("loading " + key + "…");
    const started = performance.now();
    try {
      const answer = await api(neighbourhoodURL(key, o));
      const answered = performance.now();
      const n = answer.node;
      $("node-title").textContent = n.name;
      const facts = [n.kind, "key " + n.key, fmt(n.degree) + " edges"];
      for (const k of Object.keys(n.props || {}).slice(0, 6)) {
        const v = n.props[k];
        facts.push(k + ": " + (typeof v === "string" ? v : JSON.stringify(v)));
      }
      $("node-facts").textContent = facts.join(" · ");
      document.title = n.name + " — kg explorer";
      view.center = n.key; view.nodes.clear(); view.edges.clear(); view.options = o;
      const center = addNode(n, 0, 0, null);
      center.expanded = true;
      // The picture: the first members of each group, at most 60 in all.
      const per = Math.max(2, Math.min(o.limit, Math.floor(40 / Math.max(1, answer.groups.length))));
      view.per = per;
      view.pending = null;
      view.rings = 0;
      for (const g of answer.groups) g.center = n.key;
      place(center, answer.groups.map((g) => Object.assign({}, g, { members: g.members.slice(0, per) })), 230);
      draw();
      fit();
      const drawn = performance.now();
      renderGroups(answer, o);
      renderFilters(answer, o);
      const notes = $("node-notes");
      notes.replaceChildren();
      for (const note of answer.notes) notes.appendChild(el("li", note));
      notes.hidden = answer.notes.length === 0;
      const shown = view.nodes.size - 1;
      $("graph").dataset.answerMs = String(Math.round(answered - started));
      $("graph").dataset.drawMs = String(Math.round(drawn - answered));
      setStatus(n.name + ": " + fmt(n.degree) + " edges in " + answer.groups.length + " groups; " + shown +
                " shown in the picture. Answered in " + Math.round(answered - started) + " ms (server " + Math.round(answer.elapsed_s * 1000) + " ms), drawn in " + Math.round(drawn - answered) + " ms.");
      $("report-box").open = false;
      $("node-report").textContent = "";
    } catch (err) {
      setStatus("");
      $("node").hidden = true;
      showError(err);
    }
  }

  async function loadReport() {
    if (!$("report-box").open || $("node-report").textContent) return;
    $("node-report").textContent = "loading…";
    try { $("node-report").textContent = (await api("/api/nodes/" + encodeURIComponent(view.center))).report; }
    catch (err) { $("node-report").textContent = "(no report: " + (err.message || err) + ")"; }
  }

  function nodeOptions(params) {
    const list = (s) => (s || "").split(",").filter((x) => x);
    let limit = parseInt(params.get("limit") || "10", 10);
    if (!(limit >= 1 && limit <= 200)) limit = 10;
    const order = ["degree", "date", "name"].includes(params.get("order")) ? params.get("order") : "degree";
    return { order: order, limit: limit, types: list(params.get("types")), kinds: list(params.get("kinds")) };
  }

  // ---- Schema and named queries ---------------------------------------------

  async function showSchema() {
    try {
      const schema = await api("/api/schema");
      schemaKinds = schema.kinds.map((k) => k.name);
      schemaTypes = schema.edge_types.map((t) => t.name);
      const body = $("schema-body");
      const kinds = el("dl");
      for (const kind of schema.kinds) {
        kinds.appendChild(el("dt", kind.name));
        const props = kind.properties.map((p) => p.name + (p.required ? "*" : "")).join(", ");
        kinds.appendChild(el("dd", (kind.description ? kind.description + " " : "") + (props ? "[" + props + "]" : "")));
      }
      body.appendChild(el("h3", "Node kinds"));
      body.appendChild(kinds);
      const types = el("dl");
      for (const t of schema.edge_types.concat(schema.derived_types)) {
        types.appendChild(el("dt", t.name, "edge-type"));
        types.appendChild(el("dd", t.from + " → " + t.to + ": " + t.phrase + (t.definition ? " (derived)" : "")));
      }
      body.appendChild(el("h3", "Edge types"));
      body.appendChild(types);
    } catch (err) {
      $("schema-body").textContent = "(schema not available: " + (err.message || err) + ")";
    }
    try {
      const named = await api("/api/queries");
      for (const q of named.queries) {
        const details = el("details", null, "named");
        details.dataset.query = q.name;
        const summary = el("summary");
        summary.appendChild(el("code", q.name));
        summary.appendChild(document.createTextNode(" — " + q.summary));
        details.appendChild(summary);
        const form = el("form");
        for (const p of q.parameters) {
          const id = "nq-" + q.name + "-" + p.name;
          const label = el("label", p.name + " — " + p.description);
          label.htmlFor = id;
          const input = el("input");
          input.id = id; input.name = p.name; input.value = p.default || "";
          form.append(label, input);
        }
        const button = el("button", "Run " + q.name);
        button.type = "submit";
        form.appendChild(button);
        form.addEventListener("submit", (ev) => {
          ev.preventDefault();
          const params = {};
          for (const input of form.querySelectorAll("input")) if (input.value !== "") params[input.name] = input.value;
          runNamed(q.name, params);
        });
        details.appendChild(form);
        const text = el("pre", q.text, "named-text");
        details.appendChild(text);
        $("named-queries").appendChild(details);
      }
    } catch (err) {
      $("named-queries").textContent = "(named queries not available: " + (err.message || err) + ")";
    }
  }

  function route() {
    const params = new URLSearchParams(window.location.search);
    const node = params.get("node"), q = params.get("q"), named = params.get("named");
    if (node) {
      showNode(node, nodeOptions(params));
    } else if (named) {
      const values = {};
      for (const [k, v] of params) if (k.startsWith("p.")) values[k.slice(2)] = v;
      runNamed(named, values);
    } else if (q) {
      $("box").value = q;
      highlight();
      run(q);
    } else {
      $("welcome").hidden = false; $("answer").hidden = true; $("node").hidden = true;
    }
  }

  async function init() {
    for (const example of EXAMPLES) {
      const li = el("li");
      const a = el("a", example, "example");
      a.href = "/?q=" + encodeURIComponent(example);
      li.appendChild(a);
      $("examples").appendChild(li);
    }
    const box = $("box");
    box.addEventListener("input", highlight);
    box.addEventListener("scroll", () => { $("box-highlight").scrollTop = box.scrollTop; });
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); $("ask-form").requestSubmit(); }
    });
    $("ask-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = box.value.trim();
      if (text) run(text);
    });
    $("history").addEventListener("change", (ev) => {
      if (!ev.target.value) return;
      box.value = ev.target.value; highlight(); box.focus(); ev.target.value = "";
    });
    fillHistory();
    highlight();
    $("export-dot").addEventListener("click", (ev) => exportPicture("dot", ev));
    $("export-svg").addEventListener("click", (ev) => exportPicture("svg", ev));
    $("explore-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const s = new URLSearchParams({ node: $("node-name").value, order: $("order").value, limit: $("limit").value });
      const pick = (box) => {
        const all = Array.from(box.querySelectorAll("input")), on = all.filter((i) => i.checked).map((i) => i.value);
        return on.length === all.length ? [] : on;
      };
      const types = pick($("type-filter")), kinds = pick($("kind-filter"));
      if (types.length) s.set("types", types.join(","));
      if (kinds.length) s.set("kinds", kinds.join(","));
      window.history.pushState(null, "", "/?" + s.toString());
      route();
    });
    $("report-box").addEventListener("toggle", loadReport);
    wirePicture();
    window.addEventListener("popstate", route);
    await showSchema();
    route();
  }

  document.addEventListener("DOMContentLoaded", init);
})();

"""#
}
