/// The page at `/`: one box for a question or a query, the answers with
/// their evidence, exports and a picture, a node's page (the explorer: the
/// node highlighted, its edges grouped by type, a picture to expand in
/// place), the named queries with their forms, the schema.
/// Everything it needs is served by kg itself (`/app.js`, `/app.css`).
enum IndexPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg explorer</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the answer</a>
<header>
  <h1><a href="/">kg</a> <span class="tagline">technology deals, with evidence</span></h1>
  <form id="ask-form" action="/" method="get">
    <label for="box" class="visually-hidden">Question or query</label>
    <div class="editor">
      <pre id="box-highlight" aria-hidden="true"></pre>
      <textarea id="box" name="q" rows="2" autocomplete="off" spellcheck="false" aria-describedby="box-help"
                placeholder="who licenses patents to Xiaomi — or a query: MATCH (who)-[:licenses_patents_to]->(&quot;Xiaomi&quot;) RETURN DISTINCT who"></textarea>
    </div>
    <div class="editor-bar">
      <button type="submit" id="run">Run</button>
      <span id="box-help" class="hint">Ctrl+Enter runs. Text that parses as a query runs as one; anything else is a question.</span>
      <label for="history">History</label>
      <select id="history"><option value="">(earlier questions and queries)</option></select>
    </div>
  </form>
</header>
<div id="layout">
  <main id="main" tabindex="-1">
    <p id="status" role="status" aria-live="polite"></p>
    <div id="error" class="error" role="alert" hidden></div>
    <section id="answer" hidden aria-labelledby="answer-title">
      <h2 id="answer-title" class="visually-hidden">Answer</h2>
      <p class="query-line">Query: <code id="query-text"></code></p>
      <p id="understood" class="understood" hidden></p>
      <nav id="export" class="export" aria-label="Export the answer">
        Export:
        <a id="export-csv" href="#" download="answer.csv">CSV</a>
        <a id="export-json" href="#" download="answer.json">JSON</a>
        <a id="export-dot" href="#" download="answer.dot" role="button">DOT</a>
        <a id="export-svg" href="#" download="answer.svg" role="button">SVG</a>
        · <a id="permalink" href="/">Permalink</a>
      </nav>
      <table id="answers">
        <thead></thead>
        <tbody></tbody>
      </table>
      <h2>Picture of the answer</h2>
      <div id="picture" class="picture"></div>
    </section>
    <section id="node" hidden aria-labelledby="node-title">
      <div id="node-card" class="node-card">
        <h2 id="node-title"></h2>
        <p id="node-facts"></p>
      </div>
      <div class="explorer">
        <div class="graph-bar" role="toolbar" aria-label="Picture controls">
          <button type="button" id="zoom-in" aria-label="Zoom in">+</button>
          <button type="button" id="zoom-out" aria-label="Zoom out">−</button>
          <button type="button" id="zoom-reset">Fit</button>
          <span class="hint">Drag to pan, wheel to zoom; click a node to expand or collapse it, an edge for its evidence.</span>
        </div>
        <svg id="graph" role="group" aria-label="Picture of the neighbourhood" tabindex="0"></svg>
        <div id="legend" class="legend" aria-label="Legend"></div>
      </div>
      <ul id="node-notes" class="notes" hidden></ul>
      <form id="explore-form" action="/" method="get" class="explore-form">
        <input type="hidden" name="node" id="node-name">
        <label for="order">Order</label>
        <select id="order" name="order">
          <option value="degree">most connected first</option>
          <option value="date">newest first</option>
          <option value="name">by name</option>
        </select>
        <label for="limit">Per group</label>
        <input id="limit" name="limit" type="number" min="1" max="200" value="10">
        <fieldset id="type-filter"><legend>Edge types</legend></fieldset>
        <fieldset id="kind-filter"><legend>Kinds</legend></fieldset>
        <button type="submit">Apply</button>
      </form>
      <section id="edge-panel" class="edge-panel" hidden aria-live="polite" aria-labelledby="edge-title">
        <h3 id="edge-title"></h3>
        <div id="edge-body"></div>
      </section>
      <h3>Edges by type</h3>
      <div id="groups"></div>
      <details id="report-box">
        <summary>Report</summary>
        <pre id="node-report"></pre>
      </details>
    </section>
    <section id="welcome">
      <p>Ask in plain words, or write a query in kg's path-query language. Examples:</p>
      <ul id="examples"></ul>
    </section>
  </main>
  <aside id="schema" aria-label="Schema and named queries">
    <h2>Named queries</h2>
    <div id="named-queries"></div>
    <h2>Schema</h2>
    <div id="schema-body"></div>
  </aside>
</div>
</body>
</html>

"""#
}
