/** The app's stylesheet, served as /assets/app.css (a static file: the CSP allows no inline styles). */
export const APP_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5b6476;--line:#dfe3ea;--brand:#4a3aff;--brand-ink:#fff;
--ok:#137a3d;--ok-bg:#e7f6ec;--warn:#8a5a00;--warn-bg:#fff4d6;--bad:#b42318;--bad-bg:#fdecea;--info-bg:#eef0ff;
--focus:#2b1fb8;--focus-halo:#fff;
--radius:10px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
/* The hidden attribute wins over any display rule (buttons are inline-block), so script-only controls stay hidden. */
[hidden]{display:none!important}
body{margin:0;line-height:1.5;font-size:15px}
a{color:var(--brand)}
/* Two-tone ring: the halo fills the offset gap, so one of the two colours stands out at least 3:1
   against any background, light or brand-coloured (style.test.ts checks the palette). */
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;box-shadow:0 0 0 2px var(--focus-halo)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:9}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.top{position:relative;display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding:10px 20px;background:var(--card);border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:18px;text-decoration:none;color:var(--ink);letter-spacing:.2px}
.brand::before{content:"z";display:inline-block;width:24px;height:24px;margin-right:6px;border-radius:7px;background:var(--brand);color:#fff;text-align:center;line-height:24px;font-size:14px}
.nav{display:flex;flex-wrap:wrap;gap:4px;flex:1}
.nav a{padding:6px 10px;border-radius:8px;text-decoration:none;color:var(--muted)}
.nav a:hover{background:var(--bg)}.nav a[aria-current=page]{background:var(--info-bg);color:var(--brand);font-weight:600}
.account{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.switcher{display:flex;gap:6px;align-items:center}.workspace-name{color:var(--muted)}
/* Navigation and account live in <details class="menu">: a "Menu" button opening a panel over the
   page on narrow screens (no script needed); inline, without the button, on wide ones. */
.menu{margin-left:auto}
.menu>summary{display:flex;align-items:center;gap:8px;padding:7px 12px;border:1px solid var(--line);border-radius:8px;cursor:pointer;font-weight:600;list-style:none}
.menu>summary::-webkit-details-marker{display:none}
.menu>summary::before{content:"";width:16px;height:2px;background:currentColor;box-shadow:0 -5px 0 currentColor,0 5px 0 currentColor}
.menu[open]>summary{background:var(--info-bg);color:var(--brand);border-color:#d6d9ff}
.menu-panel{position:absolute;left:0;right:0;top:100%;z-index:10;display:grid;gap:10px;padding:8px 12px 14px;background:var(--card);border-bottom:1px solid var(--line);box-shadow:0 8px 16px rgba(29,35,48,.1)}
.menu-panel .nav{flex-direction:column}.menu-panel .nav a{padding:11px 12px}
.menu-panel .account{justify-content:space-between;border-top:1px solid var(--line);padding-top:10px}
/* Browsers that cannot show a closed <details>' content keep the Menu button on wide screens too. */
@supports selector(::details-content){@media (min-width:861px){
.menu{flex:1;margin-left:0}.menu>summary{display:none}.menu::details-content{content-visibility:visible}
.menu-panel{position:static;display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding:0;border:0;box-shadow:none;background:none}
.menu-panel .nav{flex-direction:row;flex:1}.menu-panel .nav a{padding:6px 10px}.menu-panel .account{border:0;padding:0}}}
main{max-width:1200px;margin:0 auto;padding:20px}
main:focus{outline:none}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}
.lead{color:var(--muted);margin:0 0 18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:18px;margin-bottom:16px}
.section-title{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:22px 0 8px}
.grid{display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(300px,1fr))}
.split{display:grid;gap:16px;grid-template-columns:minmax(0,1.2fr) minmax(0,1fr)}
@media (max-width:860px){.split{grid-template-columns:minmax(0,1fr)}}
label{display:block;font-weight:600;margin:12px 0 4px}
.hint{font-weight:400;color:var(--muted);font-size:13px;margin:2px 0 0}
input[type=text],input[type=email],input[type=password],input[type=number],input[type=search],select,textarea{width:100%;max-width:100%;padding:9px 10px;border:1px solid #c5cbd6;border-radius:8px;font:inherit;background:#fff;color:inherit}
textarea{min-height:260px;resize:vertical;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:14px}
.check{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:8px 0}.check input{margin-top:4px}
fieldset{border:1px solid var(--line);border-radius:8px;padding:8px 14px 14px;margin:14px 0;min-width:0}legend{font-weight:600;padding:0 4px}fieldset.locked{border:0;padding:0;margin:0}
button,.button{display:inline-block;padding:9px 16px;border-radius:8px;border:1px solid var(--brand);background:var(--brand);color:var(--brand-ink);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
button.danger{background:#fff;color:var(--bad);border-color:#e6b4ae}
button.small{padding:5px 10px;font-size:13px}
button.link{background:none;border:none;color:var(--muted);padding:4px;font-weight:500;text-decoration:underline}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:14px;align-items:center}
.banner{padding:10px 14px;border-radius:8px;margin:0 0 16px;border:1px solid transparent}
.banner.ok{background:var(--ok-bg);color:var(--ok);border-color:#b7e2c5}.banner.error{background:var(--bad-bg);color:var(--bad);border-color:#f3c1bb}
.banner.info{background:var(--info-bg);border-color:#d6d9ff}
.banner ul{margin:6px 0 0;padding-left:20px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;background:var(--bg);color:var(--muted);border:1px solid var(--line);white-space:nowrap}
.badge.drafted,.badge.connected{background:var(--info-bg);color:var(--brand);border-color:#d6d9ff}
.badge.sent{background:var(--ok-bg);color:var(--ok);border-color:#b7e2c5}
.badge.skipped{background:var(--warn-bg);color:var(--warn);border-color:#f0d999}
.badge.failed,.badge.broken{background:var(--bad-bg);color:var(--bad);border-color:#f3c1bb}
.badge.sender.verified{background:var(--ok-bg);color:var(--ok);border-color:#b7e2c5}
.badge.sender.unverified{background:var(--warn-bg);color:var(--warn);border-color:#f0d999;white-space:normal}
.search{margin:0 0 12px}.search label{display:block;font-weight:600;margin-bottom:4px}
.search-row{display:flex;gap:8px;max-width:560px}.search-row input{flex:1;min-width:0}.search .hint{display:block}
.search-summary{margin:0 0 10px}
.pager{display:flex;gap:16px;justify-content:flex-end;margin:12px 0}.pager a{padding:6px 4px}
.filters{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 14px}
.filters a{padding:4px 12px;border-radius:999px;border:1px solid var(--line);background:#fff;text-decoration:none;color:var(--muted);font-size:14px}
.filters a[aria-current=true]{background:var(--brand);color:#fff;border-color:var(--brand)}
.messages{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:var(--radius)}
.messages li+li{border-top:1px solid var(--line)}
.messages a{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:2px 12px;padding:12px 16px;color:inherit;text-decoration:none}
.messages a:hover{background:#fafbff}
.from{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.when{color:var(--muted);font-size:13px;white-space:nowrap}
.subject{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.reason{grid-column:1/-1;color:var(--muted);font-size:13px}
.empty{padding:28px;text-align:center;color:var(--muted)}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 14px;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;overflow-wrap:anywhere}
/* An inbox's forwarding: the provider's confirmation, the live test, the instructions. */
.forwarding{margin-top:14px;border-top:1px solid var(--line);padding-top:6px}
.forwarding h3{font-size:15px;margin:12px 0 4px}
.forwarding details{border:1px solid var(--line);border-radius:8px;padding:6px 10px;margin:6px 0}
.forwarding summary{cursor:pointer;font-weight:600}
.forwarding ol{padding-left:20px;margin:6px 0}
.mono.confirmation-code{font-size:18px;font-weight:700;letter-spacing:.05em}
.copy-status{color:var(--ok);font-weight:600;margin-left:6px}
.mail-body{white-space:pre-wrap;overflow-wrap:anywhere;background:#fbfbfc;border:1px solid var(--line);border-radius:8px;padding:12px;margin-top:12px;font-size:14px}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:600}
.table-wrap{overflow-x:auto}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;overflow-wrap:anywhere}
.notice{background:var(--warn-bg);color:var(--warn);border-radius:8px;padding:6px 10px;margin:6px 0;font-size:14px}
.muted{color:var(--muted)}
.evidence mark{background:#fff1a8;color:inherit;border-radius:3px;padding:0 1px;box-shadow:inset 0 -2px 0 #e0c200}
.evidence-text{max-height:420px;overflow:auto}
.data-age{margin:0 0 6px}
.withheld{margin:4px 0 0;padding-left:20px;font-size:14px}.withheld li{overflow-wrap:anywhere}
@media (forced-colors:active){.evidence mark{border:1px solid CanvasText}}
.shadow-progress progress{display:block;width:100%;height:14px;accent-color:var(--brand)}
/* One-column screens: the reply's Save / Approve & send stay in a bar at the bottom of the screen;
   the page leaves room for it, and focus scrolls clear of it. */
@media (max-width:860px){
#draft-form .actions{position:fixed;left:0;right:0;bottom:0;z-index:5;margin:0;padding:10px 12px calc(10px + env(safe-area-inset-bottom,0px));background:var(--card);border-top:1px solid var(--line);box-shadow:0 -2px 8px rgba(29,35,48,.08)}
body:has(#draft-form .actions){padding-bottom:72px}html:has(#draft-form .actions){scroll-padding-bottom:80px}}
.integration-head{display:flex;align-items:center;gap:12px;justify-content:space-between;flex-wrap:wrap}
.logo{display:inline-flex;width:36px;height:36px;border-radius:8px;background:#121118;color:#fff;align-items:center;justify-content:center;font-weight:700}
.login{max-width:400px;margin:8vh auto}
/* Members: one row per person, wrapping on phones; each action is its own small form. */
.member-list{list-style:none;margin:0;padding:0}.member-list li{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;padding:10px 0;border-bottom:1px solid var(--line)}
.member-list .who{flex:1 1 220px;min-width:0;overflow-wrap:anywhere}.member-list .who .muted{display:block;font-size:14px}
.inline-form{display:flex;gap:6px;align-items:center;margin:0}.inline-form select{width:auto}
.token-once{background:var(--ok-bg);border:1px dashed var(--ok);padding:10px;border-radius:8px;overflow-wrap:anywhere}
@media (max-width:520px){main{padding:12px}.card{padding:14px}.top{padding:10px 12px}.messages a{grid-template-columns:minmax(0,1fr)}}
/* The work queue: selectable rows, unread marker, counts, versions, undo window. */
.messages li{display:flex;align-items:stretch}.messages li>input[type=checkbox]{margin:14px 0 0 14px;flex:none;width:18px;height:18px}
.messages li>a{flex:1;min-width:0}
.messages li.unread .from,.messages li.unread .subject{font-weight:700;color:var(--ink)}
.messages li:not(.unread) .from{font-weight:500}
.unread-dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:var(--brand);margin-right:6px;vertical-align:middle}
.filters .count{display:inline-block;min-width:1.4em;margin-left:4px;padding:0 6px;border-radius:999px;background:var(--bg);color:var(--ink);font-size:12px;text-align:center}
.filters a[aria-current=true] .count{background:#fff;color:var(--brand)}
.bulk fieldset.actions{border:0;padding:0;margin:0 0 10px}.bulk legend{font-weight:600;font-size:13px;color:var(--muted);padding:0;margin-bottom:4px;float:left;width:100%}
.badge.approved,.badge.done,.badge.queue-waiting{background:var(--ok-bg);color:var(--ok);border-color:#b7e2c5}
.badge.queue-todo{background:var(--info-bg);color:var(--brand);border-color:#d6d9ff}
.badge.queue-attention{background:var(--bad-bg);color:var(--bad);border-color:#f3c1bb}
.badge.discarded,.badge.queue-done{background:var(--bg);color:var(--muted)}
.card.attention{border-color:#f3c1bb;background:var(--bad-bg)}
.versions{margin-top:14px}.versions summary{cursor:pointer;font-weight:600}
.versions ol{list-style:none;padding:0;margin:8px 0 0}.versions li{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:2px 10px;padding:8px 0;border-top:1px solid var(--line);align-items:center}
.version-meta{font-size:13px;color:var(--muted)}.version-preview{grid-column:1;font-size:13px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.versions form{grid-row:1/span 2;grid-column:2}
.banner.scheduled{font-weight:600}
#autosave-status{font-size:13px}
/* A conversation's history: customer messages, replies that went out, internal notes. */
.history{list-style:none;margin:0;padding:0}.history>li{padding:10px 0;border-top:1px solid var(--line)}.history>li:first-child{border-top:0}
.entry-meta{font-size:13px;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}.entry-meta strong{color:var(--ink)}
.history .mail-body{margin-top:6px}.history>li.reply .mail-body{background:var(--ok-bg);border-color:#b7e2c5}
.history>li.note .note-body{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff8e1;border:1px dashed #e0b84a;border-radius:8px;padding:10px 12px;margin-top:6px;font-size:14px}
.badge.internal{background:#fff8e1;color:#7a5600;border-color:#e0b84a}
.note-form textarea{min-height:70px}.assign-form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.assignee{color:var(--muted);font-size:13px}.thread-count{color:var(--muted);font-size:13px;font-weight:400}
/* Phones: Save / Approve & send (or Undo) stay on screen in a bar at the bottom, over nothing:
   the page leaves room for it. */
@media (max-width:860px){.sticky-actions:not(#draft-form .actions){position:fixed;left:0;right:0;bottom:0;z-index:5;margin:0;padding:10px 12px;background:var(--card);border-top:1px solid var(--line)}
body:has(.scheduled){padding-bottom:72px}}
/* Keyboard shortcuts: the selected row (its link has focus) stands out; the help dialog. */
.messages li:focus-within{background:#f3f2ff;box-shadow:inset 4px 0 0 var(--brand)}
.shortcut-hint{margin:-6px 0 10px}.shortcut-hint button{font-size:13px}
kbd{display:inline-block;min-width:1.6em;padding:1px 6px;border:1px solid var(--line);border-bottom-width:2px;border-radius:5px;background:#fff;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;text-align:center}
#shortcuts-help{max-width:460px;width:calc(100% - 32px);border:1px solid var(--line);border-radius:var(--radius);padding:18px 20px}
#shortcuts-help::backdrop{background:rgba(18,17,24,.45)}#shortcuts-help h2{margin-top:0}
`;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4a3aff"/><text x="16" y="22" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">z</text></svg>`;
