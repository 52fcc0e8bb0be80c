/// The page's script (`/app.js`): plain JavaScript, no framework. Every
/// piece of data goes into the page as text (`textContent`, attributes set
/// one by one), never as HTML; pictures are parsed as SVG, kept to their
/// drawing and their links to node pages.
enum PageScript {
    static let javascript = #"""
"use strict";
(function () {
  const QUERY_WORDS = ["MATCH", "EXPLAIN", "PROFILE"];
  const EXAMPLES = [
    "who licenses patents to Xiaomi",
    "MATCH (who)-[:licenses_patents_to]->(\"Xiaomi\") RETURN DISTINCT who",
    "MATCH (\"Xiaomi\")-[:partner_of]-{1,2}(c:Company) RETURN DISTINCT c",
    "MATCH p = SHORTEST (\"IKEA\")-[:partner_of]-+(\"Microsoft\") RETURN p, length(p)"
  ];
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function setStatus(text) { $("status").textContent = text; }

  function showError(err) {
    const box = $("error");
    box.replaceChildren();
    if (err && err.code) {
      let text = "error[" + err.code + "]: " + err.message;
      if (err.line) text += "\n  at line " + err.line + ", column " + err.column;
      if (err.suggestion) text += "\n  help: " + err.suggestion;
      box.textContent = text;
    } else {
      box.textContent = String(err);
    }
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

  // A picture from kg: parsed as SVG (never as HTML), with everything but
  // the drawing and links to node pages taken out.
  function insertSVG(container, text) {
    container.replaceChildren();
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length > 0) {
      container.textContent = "(the picture could not be read)";
      return;
    }
    for (const bad of Array.from(svg.querySelectorAll("script, foreignObject, iframe"))) bad.remove();
    for (const node of Array.from(svg.querySelectorAll("*")).concat([svg])) {
      for (const attr of Array.from(node.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) node.removeAttribute(attr.name);
        if ((name === "href" || name === "xlink:href") && !attr.value.startsWith("/?node=")) node.removeAttribute(attr.name);
      }
    }
    container.appendChild(document.importNode(svg, true));
  }

  async function picture(container, path, body) {
    container.textContent = "drawing…";
    try {
      const init = body === undefined ? {} : {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      };
      const response = await fetch(path, init);
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
    } else if (Array.isArray(value) && value.every((v) => v && typeof v === "object" && "key" in v && "name" in v)) {
      value.forEach((v, i) => { if (i > 0) td.appendChild(document.createTextNode(", ")); td.appendChild(nodeLink(v)); });
    } else {
      td.textContent = display;
    }
    return td;
  }

  function evidenceCell(items) {
    const td = el("td", null, "evidence");
    const list = el("ul");
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
    td.appendChild(list);
    return td;
  }

  function showAnswer(answer, queryText) {
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
      if (answer.evidence) line.appendChild(evidenceCell(answer.evidence[r]));
      body.appendChild(line);
    });
    $("answer").hidden = false;
    setStatus(answer.row_count + (answer.row_count === 1 ? " answer" : " answers") + " in " +
              (answer.elapsed_s * 1000).toFixed(1) + " ms");
  }

  function isQuery(text) {
    const first = (text.trim().split(/\s+/)[0] || "").toUpperCase();
    return QUERY_WORDS.includes(first);
  }

  async function run(text) {
    $("welcome").hidden = true;
    $("error").hidden = true;
    setStatus("answering…");
    try {
      let answer, queryText;
      if (isQuery(text)) {
        answer = await api("/api/query", { query: text, why: true });
        queryText = text;
      } else {
        answer = await api("/api/ask", { question: text, why: true });
        queryText = answer.query_text;
      }
      showAnswer(answer, queryText);
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

  async function showNode(name, hops) {
    $("welcome").hidden = true;
    $("node").hidden = false;
    $("node-name").value = name;
    $("hops").value = String(hops);
    setStatus("loading " + name + "…");
    try {
      const node = await api("/api/nodes/" + encodeURIComponent(name));
      $("node-title").textContent = node.name + " (" + node.kind + ")";
      document.title = node.name + " — kg explorer";
      $("node-report").textContent = node.report;
      setStatus("");
      await picture($("node-picture"), "/api/dot?around=" + encodeURIComponent(node.key) + "&hops=" + hops +
                    "&collapse=true&format=svg");
    } catch (err) {
      setStatus("");
      $("node").hidden = true;
      showError(err);
    }
  }

  async function showSchema() {
    try {
      const schema = await api("/api/schema");
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
      const named = await api("/api/queries");
      for (const q of named.queries) {
        const li = el("li");
        li.appendChild(el("code", q.name));
        li.appendChild(document.createTextNode(" — " + q.summary));
        $("named-queries").appendChild(li);
      }
    } catch (err) {
      $("schema-body").textContent = "(schema not available: " + (err.message || err) + ")";
    }
  }

  function init() {
    for (const example of EXAMPLES) {
      const li = el("li");
      const a = el("a", example);
      a.href = "/?q=" + encodeURIComponent(example);
      li.appendChild(a);
      $("examples").appendChild(li);
    }
    showSchema();
    const params = new URLSearchParams(window.location.search);
    const node = params.get("node");
    const q = params.get("q");
    if (node) {
      let hops = parseInt(params.get("hops") || "1", 10);
      if (!(hops >= 0 && hops <= 4)) hops = 1;
      showNode(node, hops);
    } else if (q) {
      $("box").value = q;
      run(q);
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();

"""#
}
