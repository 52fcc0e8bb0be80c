/// The page's style sheet (`/app.css`).
enum Stylesheet {
    static let css = #"""
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #1565c0; --bg: #f8fafc; --err: #b71c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 8px; font-size: 20px; }
h1 a { color: var(--accent); text-decoration: none; }
.tagline { color: var(--muted); font-weight: normal; font-size: 14px; }
#ask-form { display: flex; gap: 8px; }
#box { flex: 1; padding: 8px 10px; font-size: 15px; border: 1px solid #9fb3c8; border-radius: 4px; }
button { padding: 7px 14px; font-size: 14px; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
#layout { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 20px; padding: 16px 20px; }
main { min-width: 0; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 12px; font-size: 13px;
        max-height: calc(100vh - 140px); overflow: auto; }
aside h2 { font-size: 15px; margin: 12px 0 6px; }
aside dl { margin: 0; }
aside dt { font-weight: 600; margin-top: 6px; }
aside dd { margin: 0 0 0 10px; color: var(--muted); }
.edge-type { font-family: ui-monospace, monospace; font-size: 12px; }
#status { color: var(--muted); min-height: 1.2em; margin: 0 0 8px; }
.error { border: 1px solid var(--err); color: var(--err); background: #fff5f5; padding: 8px 12px; border-radius: 4px; white-space: pre-wrap; }
.query-line code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
.understood { color: var(--muted); }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td.evidence ul { margin: 0; padding-left: 16px; }
td.evidence li { margin-bottom: 4px; }
td.evidence q { font-style: italic; }
td.evidence .source { color: var(--muted); font-size: 13px; }
.picture { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; margin-top: 8px; }
.picture svg { max-width: 100%; height: auto; }
pre { background: #fff; border: 1px solid var(--line); padding: 10px; overflow: auto; white-space: pre-wrap; }
#hops-form { display: flex; gap: 8px; align-items: center; }
#hops { width: 60px; padding: 4px; }
@media (max-width: 800px) { #layout { grid-template-columns: 1fr; } }

"""#
}
