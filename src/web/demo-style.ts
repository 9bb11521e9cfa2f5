/** The demo page's stylesheet, inlined so the page is one request. */
export const DEMO_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6476; --line: #dde2ea; --accent: #3450d8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7fa; }
body > header { padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 1.4rem; color: var(--accent); }
h2 { margin: .25rem 0; font-size: 1.1rem; }
h3 { margin: 0 0 .5rem; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
main { padding: 1rem 1.5rem; display: grid; gap: 1rem; }
.message { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
.meta { color: var(--muted); margin: 0; font-size: .9rem; }
.columns { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; margin-top: .75rem; }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
pre { white-space: pre-wrap; word-wrap: break-word; font: inherit; margin: 0; }
.badge { font-size: .75rem; padding: .1rem .5rem; border-radius: 999px; background: #eef; }
.badge.skipped { background: #f3f0e6; } .badge.drafted { background: #e5f4ea; }
.orders, .notices { padding-left: 1.1rem; margin: 0; }
.orders .focus { font-weight: 500; }
.notices { color: #8a4b00; }
a { color: var(--accent); }
`;
