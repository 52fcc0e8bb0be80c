/// The page's style sheet (`/app.css`).
enum Stylesheet {
    static let css = #"""
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --accent: #0d47a1; --bg: #f8fafc; --err: #b71c1c; --focus: #e65100; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: 6px 10px; z-index: 10; }
.skip:focus { left: 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 8px; font-size: 20px; }
h1 a { text-decoration: none; }
.tagline { color: var(--muted); font-weight: normal; font-size: 14px; }
.editor { position: relative; }
#box, #box-highlight { margin: 0; width: 100%; padding: 8px 10px; font: 14px/1.5 ui-monospace, "DejaVu Sans Mono", monospace;
  border: 1px solid #7b8794; border-radius: 4px; white-space: pre-wrap; overflow-wrap: break-word; tab-size: 2; }
#box { position: relative; display: block; resize: vertical; background: transparent; color: transparent; caret-color: var(--ink); min-height: 3.2em; }
#box::placeholder { color: var(--muted); }
#box-highlight { position: absolute; inset: 0; overflow: hidden; background: #fff; color: var(--ink); border-color: transparent; }
.tok-keyword { color: #0d47a1; font-weight: 700; }
.tok-string { color: #1b5e20; }
.tok-comment { color: #616161; font-style: italic; }
.tok-number, .tok-param { color: #880e4f; }
.editor-bar { display: flex; gap: 10px; align-items: center; margin-top: 6px; flex-wrap: wrap; }
.hint { color: var(--muted); font-size: 13px; }
#history { max-width: 280px; }
button { padding: 6px 14px; font-size: 14px; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
button:disabled { background: #9aa5b1; color: #1f2933; cursor: default; }
button.small { padding: 1px 8px; font-size: 12px; background: #e4e7eb; color: var(--ink); border: 1px solid #9aa5b1; }
select, input { font: inherit; font-size: 14px; }
#layout { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 20px; padding: 16px 20px; }
main { min-width: 0; }
main:focus { outline: none; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 12px; font-size: 13px;
        max-height: calc(100vh - 160px); overflow: auto; position: sticky; top: 8px; }
aside h2 { font-size: 15px; margin: 12px 0 6px; }
aside dl { margin: 0; }
aside dt { font-weight: 600; margin-top: 6px; }
aside dd { margin: 0 0 0 10px; color: var(--muted); }
details.named { border-bottom: 1px solid var(--line); padding: 4px 0; }
details.named form { display: grid; gap: 4px; margin: 6px 0; }
details.named label { color: var(--muted); }
.named-text { font-size: 12px; margin: 4px 0; }
.edge-type { font-family: ui-monospace, monospace; font-size: 12px; }
#status { color: var(--muted); min-height: 1.2em; margin: 0 0 8px; }
.error { border: 1px solid var(--err); color: var(--err); background: #fff5f5; padding: 8px 12px; border-radius: 4px; white-space: pre-wrap; }
.notes { color: #7a4100; background: #fff8e1; border: 1px solid #ffcc80; border-radius: 4px; padding: 6px 12px 6px 28px; font-size: 13px; }
.muted { color: var(--muted); }
.warning { color: #7a4100; font-weight: 600; }
.query-line code, pre { font-family: ui-monospace, monospace; font-size: 13px; white-space: pre-wrap; }
.understood { color: var(--muted); }
.export { margin: 6px 0 10px; font-size: 14px; }
.export a { margin: 0 4px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
.evidence-list { margin: 0; padding-left: 16px; }
.evidence-list li { margin-bottom: 4px; }
.evidence-list q { font-style: italic; }
.source { color: var(--muted); font-size: 13px; }
.picture { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; margin-top: 8px; max-height: 75vh; }
.picture svg { max-width: 100%; max-height: 70vh; height: auto; }
pre { background: #fff; border: 1px solid var(--line); padding: 10px; overflow: auto; }
.node-card { background: #fffde7; border: 2px solid #f9a825; border-radius: 6px; padding: 8px 14px; margin-bottom: 10px; }
.node-card h2 { margin: 0; font-size: 22px; }
.node-card p { margin: 4px 0 0; color: var(--muted); }
.explore-form { margin-top: 10px; display: flex; gap: 8px 12px; align-items: center; flex-wrap: wrap; margin-bottom: 10px; font-size: 14px; }
.explore-form fieldset { border: 1px solid var(--line); border-radius: 4px; padding: 2px 8px 4px; margin: 0; display: flex; flex-wrap: wrap; gap: 2px 10px; }
.explore-form legend { font-size: 12px; color: var(--muted); }
#limit { width: 64px; }
.explorer { position: relative; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.graph-bar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.graph-bar button { padding: 2px 10px; }
#graph { display: block; width: 100%; height: min(62vh, 560px); cursor: grab; touch-action: none; user-select: none; }
#graph .edge .hit { stroke: transparent; stroke-width: 12; cursor: pointer; }
#graph .edge .line { stroke-width: 1.6; fill: none; }
#graph .edge:hover .line, #graph .edge:focus .line { stroke-width: 4; }
#graph .edge:focus { outline: none; }
#graph .node { cursor: pointer; }
#graph .node .shape { stroke: #3e4c59; stroke-width: 1.5; }
#graph .node.center .shape { stroke: #e65100; stroke-width: 4; fill: #ffe082; }
#graph .node.expanded .shape { stroke-width: 3; }
#graph .node:focus { outline: none; }
#graph .node:focus .shape { stroke: var(--focus); stroke-width: 4; }
#graph .label { font-size: 15px; fill: #1f2933; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#graph .center .label { font-size: 19px; font-weight: 700; }
#graph .sign { font-size: 16px; font-weight: 700; fill: #323f4b; pointer-events: none; }
.legend { border-top: 1px solid var(--line); padding: 4px 8px 6px; font-size: 13px; display: flex; gap: 10px; align-items: baseline; }
.legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: -2px; background: var(--swatch); }
.swatch.kind { border-radius: 50%; border: 1px solid #3e4c59; }
.swatch.edge { height: 4px; vertical-align: 3px; }
.edge-panel { background: #fff; border: 2px solid var(--accent); border-radius: 6px; padding: 4px 14px 10px; margin-top: 10px; }
.edge-panel h3 { margin: 6px 0; font-size: 16px; }
.edge-panel h4 { margin: 8px 0 4px; font-size: 14px; }
details.group { background: #fff; border: 1px solid var(--line); border-radius: 4px; margin: 4px 0; padding: 4px 10px; }
details.group summary { cursor: pointer; }
.group-title { font-weight: 600; }
.count { font-weight: 700; background: #e3f2fd; border-radius: 10px; padding: 0 8px; }
details.group ol { margin: 4px 0; }
.pager { display: flex; gap: 6px; align-items: center; margin: 4px 0; font-size: 13px; }
.pager button { padding: 2px 10px; font-size: 13px; }
@media (max-width: 800px) { #layout { grid-template-columns: 1fr; } aside { position: static; max-height: none; } }

"""#
}
