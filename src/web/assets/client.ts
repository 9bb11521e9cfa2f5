/**
 * The only script the pages load, served as /assets/app.js. Pages work without it (plain forms,
 * redirects, a confirmation page); it adds: confirmations, live inbox updates over Server-Sent
 * Events merged row by row (focus, selection and scroll survive), the unread count in the tab
 * title, optional browser notifications, draft autosave, Ctrl+Enter to send, and the undo-send
 * countdown (keyboard shortcuts are in shortcuts.ts). Kept as a string so the build ships it without a bundler.
 */
export const APP_JS = `'use strict';
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]');
  window.snoooz = { csrfToken: csrf ? csrf.getAttribute('content') : null };

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('select[data-autosubmit]') && target.form) target.form.requestSubmit();
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    // Confirmed here, so the server need not ask again (without the script it shows a confirm page).
    var field = form.getAttribute('data-confirm-field');
    if (question && field && !form.querySelector('input[name="' + field + '"]')) {
      var input = document.createElement('input');
      input.type = 'hidden'; input.name = field; input.value = 'yes';
      form.appendChild(input);
    }
    if (form.id === 'draft-form') autosave.cancel();
    // One click, one request: a double click must not send a reply twice.
    if (submitter && !form.hasAttribute('data-no-lock')) setTimeout(function () { submitter.disabled = true; }, 0);
  });

  var result = document.getElementById('result');
  if (result && document.activeElement !== result) result.focus();

  var page = document.body.getAttribute('data-page');
  var autosave = setupAutosave();
  setupCountdown();
  if (page === 'inbox') setupNotifications();

  var waiting = page === 'message' && document.body.getAttribute('data-waiting') === 'true';
  if ((page !== 'inbox' && !waiting) || !window.EventSource) return;

  var live = document.getElementById('live-status');
  var source = new EventSource('/events');
  source.addEventListener('message', function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (page === 'inbox') refreshList();
    // A message page only listens while nothing on it can be edited (a draft being written, a
    // reply inside its undo window): reloading then loses nothing.
    if (waiting && String(data.messageId) === document.body.getAttribute('data-message-id')) {
      source.close();
      window.location.reload();
    }
  });
  window.addEventListener('pagehide', function () { source.close(); });

  // One fetch at a time; an event that arrives during it ("drafted" right after "received")
  // fetches once more afterwards, so the list never stays on an older state.
  var pending = false;
  var again = false;
  function refreshList() {
    if (pending) { again = true; return; }
    pending = true;
    again = false;
    // Only the queue travels: the page's own notice parameters are not the list's business.
    var params = new URLSearchParams(window.location.search);
    var queue = params.get('queue');
    var assignee = params.get('assignee');
    var listParams = new URLSearchParams();
    if (queue) listParams.set('queue', queue);
    if (assignee) listParams.set('assignee', assignee);
    var listQuery = listParams.toString();
    // Only the first page of a queue is live: an older page or a search result keeps its rows
    // (a person is reading them) and only the counts change.
    var firstPage = !params.get('q') && !params.get('before') && !params.get('after');
    fetch('/inbox/list' + (listQuery ? '?' + listQuery : ''), { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text !== null && firstPage) merge(text);
        else if (text !== null) countsOnly(text);
      })
      .catch(function () { return undefined; })
      .then(function () {
        pending = false;
        if (again) refreshList();
      });
  }

  /**
   * Rows whose revision did not change are kept as they are (with focus and checkboxes); changed
   * rows are replaced in place, new ones inserted, gone ones removed. Focus inside a replaced row
   * moves to the same control of its replacement.
   */
  function merge(text) {
    var list = document.getElementById('message-list');
    if (!list) return;
    var template = document.createElement('template');
    template.innerHTML = text.trim();
    var next = template.content.firstElementChild;
    if (!next) return;
    var arrived = [];
    if (list.tagName !== next.tagName || next.tagName !== 'UL') {
      list.replaceWith(next);
    } else {
      var old = {};
      Array.prototype.forEach.call(list.children, function (li) { old[li.getAttribute('data-id')] = li; });
      var active = document.activeElement;
      var rows = Array.prototype.slice.call(next.children);
      rows.forEach(function (li, index) {
        var id = li.getAttribute('data-id');
        var current = old[id];
        var keep = current && current.getAttribute('data-rev') === li.getAttribute('data-rev');
        var row = keep ? current : li;
        if (current && !keep) {
          var box = current.querySelector('input[type=checkbox]');
          var newBox = li.querySelector('input[type=checkbox]');
          if (box && newBox) newBox.checked = box.checked;
        }
        if (!current) arrived.push(li);
        var at = list.children[index];
        if (at !== row) list.insertBefore(row, at || null);
        if (current && !keep) {
          var hadFocus = current.contains(active);
          var wasLink = active && active.tagName === 'A';
          current.remove();
          if (hadFocus) {
            var target = li.querySelector(wasLink ? 'a' : 'input[type=checkbox]');
            if (target) target.focus();
          }
        }
        delete old[id];
      });
      Object.keys(old).forEach(function (id) {
        var gone = old[id];
        // A row that leaves this view while focused hands focus to the list, not to <body>.
        if (gone.contains(document.activeElement)) {
          list.setAttribute('tabindex', '-1');
          list.focus();
        }
        gone.remove();
      });
      list.setAttribute('data-unread', next.getAttribute('data-unread') || '0');
      list.setAttribute('data-counts', next.getAttribute('data-counts') || '{}');
    }
    updateCounts(next);
    updateOlder(next);
    if (live) live.textContent = 'Inbox updated ' + new Date().toLocaleTimeString();
    notify(arrived);
  }

  function countsOnly(text) {
    var template = document.createElement('template');
    template.innerHTML = text.trim();
    var next = template.content.firstElementChild;
    if (!next) return;
    updateCounts(next);
    if (live) live.textContent = 'New mail: counts updated ' + new Date().toLocaleTimeString();
  }

  // The first page's Older link follows its last row, so no row falls between two pages.
  function updateOlder(list) {
    var link = document.getElementById('older-link');
    if (!link) return;
    var href = list.getAttribute('data-older') || '';
    link.hidden = !href;
    link.setAttribute('href', href || '#');
  }

  function updateCounts(list) {
    var counts;
    try { counts = JSON.parse(list.getAttribute('data-counts') || '{}'); } catch (e) { return; }
    document.querySelectorAll('nav.filters a[data-queue]').forEach(function (link) {
      var badge = link.querySelector('.count');
      var value = counts[link.getAttribute('data-queue')];
      if (badge && typeof value === 'number') badge.textContent = String(value);
    });
    document.querySelectorAll('nav.filters a[data-assignee]').forEach(function (link) {
      var badge = link.querySelector('.count');
      var value = (counts.assignees || {})[link.getAttribute('data-assignee')];
      if (badge && typeof value === 'number') badge.textContent = String(value);
    });
    var unread = Number(list.getAttribute('data-unread') || '0');
    document.title = (unread > 0 ? '(' + unread + ') ' : '') + 'Inbox · Snoooz';
  }

  function notify(rows) {
    if (!rows.length || !document.hidden || !('Notification' in window)) return;
    if (Notification.permission !== 'granted' || localStorage.getItem('snoooz-notify') !== 'on') return;
    rows.forEach(function (li) {
      var subject = li.querySelector('.subject');
      var from = li.querySelector('.from');
      var n = new Notification('New email: ' + (subject ? subject.textContent : ''), {
        body: from ? from.textContent : '',
        tag: 'snoooz-' + li.getAttribute('data-id'),
      });
      n.onclick = function () { window.focus(); window.location.href = '/messages/' + li.getAttribute('data-id'); };
    });
  }

  function setupNotifications() {
    var button = document.getElementById('notify-toggle');
    if (!button || !('Notification' in window) || Notification.permission === 'denied') return;
    var label = function () {
      var on = Notification.permission === 'granted' && localStorage.getItem('snoooz-notify') === 'on';
      button.textContent = on ? 'Stop notifications' : 'Notify me of new mail';
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    };
    button.hidden = false;
    label();
    button.addEventListener('click', function () {
      if (localStorage.getItem('snoooz-notify') === 'on') { localStorage.removeItem('snoooz-notify'); label(); return; }
      Notification.requestPermission().then(function (permission) {
        if (permission === 'granted') localStorage.setItem('snoooz-notify', 'on');
        label();
      });
    });
  }

  /** Saves the draft a moment after typing stops (and before leaving the page). */
  function setupAutosave() {
    var form = document.querySelector('form[data-autosave]');
    var none = { cancel: function () { return undefined; } };
    if (!form || !window.fetch) return none;
    var status = document.getElementById('autosave-status');
    var timer = null;
    var dirty = false;
    var saved = new URLSearchParams(new FormData(form)).toString();
    function save(keepalive) {
      timer = null;
      var body = new URLSearchParams(new FormData(form)).toString();
      if (body === saved) { dirty = false; return; }
      if (status) status.textContent = 'Saving…';
      fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: !!keepalive,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body,
      })
        .then(function (response) {
          return response.json().then(function (json) { return { ok: response.ok, json: json }; });
        })
        .then(function (r) {
          if (r.ok) {
            saved = body;
            dirty = false;
            if (status) status.textContent = 'Saved ' + new Date().toLocaleTimeString();
          } else if (status) {
            status.textContent = 'Not saved: ' + ((r.json && r.json.error && r.json.error.message) || 'try Save draft');
          }
        })
        .catch(function () { if (status) status.textContent = 'Not saved: offline? Your text is still here.'; });
    }
    form.addEventListener('input', function () {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        var send = form.querySelector('button[formaction$="/send"]');
        if (send) { event.preventDefault(); form.requestSubmit(send); }
      }
    });
    window.addEventListener('pagehide', function () { if (dirty) save(true); });
    return { cancel: function () { if (timer) clearTimeout(timer); timer = null; dirty = false; } };
  }

  /** "in 7 s" beside a reply inside its undo window, and a reload once it has left. */
  function setupCountdown() {
    var at = Date.parse(document.body.getAttribute('data-send-at') || '');
    var out = document.getElementById('send-countdown');
    if (!at || !out) return;
    var tick = function () {
      var left = Math.ceil((at - Date.now()) / 1000);
      if (left > 0) { out.textContent = '(in ' + left + ' s)'; return; }
      out.textContent = '(sending now)';
      clearInterval(timer);
      setTimeout(function () { window.location.reload(); }, 2500);
    };
    var timer = setInterval(tick, 500);
    tick();
  }
})();
`;
