/// The page at `/`: one box for a question or a query, the answers with
/// their evidence, a picture of the answer, a node's page, the schema.
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
<header>
  <h1><a href="/">kg</a> <span class="tagline">technology deals, with evidence</span></h1>
  <form id="ask-form" action="/" method="get">
    <input id="box" name="q" type="text" autocomplete="off" spellcheck="false" aria-label="question or query"
           placeholder="who licenses patents to Xiaomi — or a query: MATCH (who)-[:licenses_patents_to]->(&quot;Xiaomi&quot;) RETURN DISTINCT who">
    <button type="submit">Ask</button>
  </form>
</header>
<div id="layout">
  <main>
    <p id="status" role="status" aria-live="polite"></p>
    <div id="error" class="error" hidden></div>
    <section id="answer" hidden>
      <p class="query-line">Query: <code id="query-text"></code></p>
      <p id="understood" class="understood" hidden></p>
      <table id="answers">
        <thead></thead>
        <tbody></tbody>
      </table>
      <h2>Picture of the answer</h2>
      <div id="picture" class="picture"></div>
    </section>
    <section id="node" hidden>
      <h2 id="node-title"></h2>
      <form id="hops-form" action="/" method="get">
        <input type="hidden" name="node" id="node-name">
        <label for="hops">Hops around it</label>
        <input id="hops" name="hops" type="number" min="0" max="4" value="1">
        <button type="submit">Draw</button>
      </form>
      <div id="node-picture" class="picture"></div>
      <h3>Report</h3>
      <pre id="node-report"></pre>
    </section>
    <section id="welcome">
      <p>Ask in plain words, or write a query in kg's path-query language. Examples:</p>
      <ul id="examples"></ul>
    </section>
  </main>
  <aside id="schema">
    <h2>Schema</h2>
    <div id="schema-body"></div>
    <h2>Named queries</h2>
    <ul id="named-queries"></ul>
  </aside>
</div>
</body>
</html>

"""#
}
