/**
 * Keyboard shortcuts for the inbox list and the message page, appended to /assets/app.js (see
 * routes/assets.ts). Keyed on stable hooks only: the list's rows (`#message-list > li[data-id]`
 * and their link), the search box `#search-q`, the draft editor `#draft-text` and the draft
 * form's Approve & send button (`#draft-form button[formaction$="/send"]`), so views that change
 * around them keep working.
 *
 * - j / k move the selection through the list (the row's link takes focus: visible, scrolled
 *   into view, and Enter opens it natively); on a message they open the next / previous one of
 *   the list last shown in this tab;
 * - e focuses the draft editor; a clicks Approve & send, so it takes the button's own path (its
 *   confirm, its disabled state, the undo window); nothing happens without that button;
 * - / focuses the search box; ? opens a help dialog (Esc closes it, focus returns).
 *
 * Keys are ignored while typing (text fields, selects, contenteditable) and with Ctrl/Meta/Alt,
 * so typing "a" in the reply never approves it.
 */
export const SHORTCUTS_JS = `(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  if (page !== 'inbox' && page !== 'message') return;

  var KEYS = page === 'inbox'
    ? [['j', 'Next conversation'], ['k', 'Previous conversation'], ['Enter', 'Open the selected conversation'], ['/', 'Search'], ['?', 'Show these shortcuts']]
    : [['j', 'Open the next conversation in the list'], ['k', 'Open the previous conversation in the list'], ['e', 'Edit the draft'], ['a', 'Approve & send the draft (asks first, with an undo window)'], ['?', 'Show these shortcuts']];

  var approve = document.querySelector('#draft-form button[formaction$="/send"]');
  var editor = document.getElementById('draft-text');
  var search = document.getElementById('search-q');
  if (approve) approve.setAttribute('aria-keyshortcuts', 'Control+Enter a');
  if (editor) editor.setAttribute('aria-keyshortcuts', 'e');

  var dialog = null;
  var opener = null;
  addHint();

  // Field types where a letter is text, not a command; checkboxes and buttons are not.
  var TEXT_INPUTS = /^(text|search|email|password|number|tel|url|date|datetime-local|month|time|week)$/;
  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
    return target.tagName === 'INPUT' && TEXT_INPUTS.test((target.getAttribute('type') || 'text').toLowerCase());
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target)) return;
    if (dialog && dialog.open) return; // the dialog handles its own keys (Esc closes it)
    var key = event.key;
    if (key === '?') { event.preventDefault(); openHelp(); return; }
    if (page === 'message' && (key === 'j' || key === 'k')) { event.preventDefault(); openSibling(key === 'j' ? 1 : -1); }
    else if (page === 'inbox') {
      if (key === 'j' || key === 'k') { event.preventDefault(); move(key === 'j' ? 1 : -1); }
      else if (key === '/' && search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (key === 'e' && editor) {
      event.preventDefault();
      editor.focus();
      editor.scrollIntoView({ block: 'center' });
    } else if (key === 'a' && approve) {
      event.preventDefault();
      // The button's own click: its confirm() and the one-request lock apply; disabled does nothing.
      if (!approve.disabled) approve.click();
    }
  });

  function rows() {
    return Array.prototype.filter.call(document.querySelectorAll('#message-list > li[data-id]'), function (li) {
      return li.querySelector('a[href]');
    });
  }

  // The row that has focus (its link or its checkbox) is the selection; rows are re-read each time
  // because the live refresh replaces them.
  function move(step) {
    var list = rows();
    if (list.length === 0) return;
    remember(); // the live refresh may have reordered the list since it loaded
    var active = document.activeElement;
    var at = -1;
    for (var i = 0; i < list.length; i += 1) if (list[i].contains(active)) { at = i; break; }
    var next = at === -1 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    var link = list[next].querySelector('a[href]');
    link.focus();
    link.scrollIntoView({ block: 'nearest' });
  }

  // The inbox remembers the order it showed, so j/k on a message open its neighbours in that list.
  var ORDER_KEY = 'snoooz-list-order';
  function remember() {
    try {
      sessionStorage.setItem(ORDER_KEY, JSON.stringify(rows().map(function (li) { return li.getAttribute('data-id'); })));
    } catch (e) { /* storage off: j/k on a message do nothing */ }
  }
  if (page === 'inbox') remember();
  function openSibling(step) {
    var order;
    try { order = JSON.parse(sessionStorage.getItem(ORDER_KEY) || '[]'); } catch (e) { return; }
    var at = Array.isArray(order) ? order.indexOf(document.body.getAttribute('data-message-id')) : -1;
    var next = at === -1 ? null : order[at + step];
    if (next && /^[0-9]+$/.test(next)) window.location.href = '/messages/' + next;
  }

  function addHint() {
    var heading = document.querySelector('main h1');
    if (!heading) return;
    var hint = document.createElement('p');
    hint.className = 'hint shortcut-hint';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.id = 'shortcuts-open';
    button.setAttribute('aria-keyshortcuts', '?');
    button.textContent = 'Press ? for shortcuts';
    button.addEventListener('click', openHelp);
    hint.appendChild(button);
    heading.insertAdjacentElement('afterend', hint);
  }

  function buildDialog() {
    var d = document.createElement('dialog');
    d.id = 'shortcuts-help';
    d.setAttribute('aria-labelledby', 'shortcuts-title');
    var title = document.createElement('h2');
    title.id = 'shortcuts-title';
    title.textContent = 'Keyboard shortcuts';
    var table = document.createElement('table');
    var caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = 'Shortcuts on this page; they do nothing while you type in a field.';
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    ['Key', 'Action'].forEach(function (label) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      head.appendChild(th);
    });
    var body = table.createTBody();
    KEYS.forEach(function (pair) {
      var row = body.insertRow();
      var kbd = document.createElement('kbd');
      kbd.textContent = pair[0];
      row.insertCell().appendChild(kbd);
      row.insertCell().textContent = pair[1];
    });
    var note = document.createElement('p');
    note.className = 'hint';
    note.textContent = 'Shortcuts do nothing while you type in a field.';
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'secondary';
    close.textContent = 'Close';
    close.addEventListener('click', function () { d.close(); });
    d.append(title, table, note, close);
    // Esc closes a modal dialog natively; focus goes back to where it was.
    d.addEventListener('close', function () {
      if (opener && document.contains(opener)) opener.focus();
      opener = null;
    });
    document.body.appendChild(d);
    return d;
  }

  function openHelp() {
    if (!dialog) dialog = buildDialog();
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
  }
})();
`;
