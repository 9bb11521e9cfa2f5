/**
 * The only script the pages load, served as /assets/app.js. Pages work without it (plain forms);
 * it adds live inbox updates over Server-Sent Events, confirmations and the workspace
 * auto-switch. Kept as a string so the build ships it without a bundler.
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
    // One click, one request: a double click must not send a reply twice.
    if (submitter && !form.hasAttribute('data-no-lock')) setTimeout(function () { submitter.disabled = true; }, 0);
  });

  var page = document.body.getAttribute('data-page');
  var waiting = page === 'message' && document.body.getAttribute('data-waiting') === 'true';
  if ((page !== 'inbox' && !waiting) || !window.EventSource) return;

  var live = document.getElementById('live-status');
  var source = new EventSource('/events');
  source.addEventListener('message', function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (page === 'inbox') refreshList();
    // A message page only listens while its draft is being written: nothing on it can be edited yet.
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
    fetch('/inbox/list' + window.location.search, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        var list = document.getElementById('message-list');
        if (text !== null && list) {
          list.outerHTML = text;
          if (live) live.textContent = 'Inbox updated ' + new Date().toLocaleTimeString();
        }
      })
      .catch(function () { return undefined; })
      .then(function () {
        pending = false;
        if (again) refreshList();
      });
  }
})();
`;
