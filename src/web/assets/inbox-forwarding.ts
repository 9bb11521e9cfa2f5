/**
 * The Inboxes page's forwarding helpers, appended to /assets/app.js (see routes/assets.ts). The
 * page works without it: the address is selectable text and a pending test has a Refresh link.
 * With it: a "Copy address" button (says "Copied"), and a pending test follows the check's state
 * by fetching its panel every 2 seconds until the message arrived or the wait ended.
 */
export const INBOX_FORWARDING_JS = `(function () {
  'use strict';
  if (document.body.getAttribute('data-page') !== 'inboxes') return;

  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    var status = button.parentNode.querySelector('.copy-status');
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = source.textContent.trim();
      var done = function () { if (status) status.textContent = 'Copied'; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        try { if (document.execCommand('copy')) done(); } catch (e) { /* selected: the person can copy it */ }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  });

  document.querySelectorAll('[data-check-state="pending"]').forEach(follow);

  function follow(panel) {
    var url = panel.getAttribute('data-check-url');
    var refresh = panel.querySelector('.check-refresh');
    if (refresh) refresh.hidden = true;
    // Announced once, when the state changes (the panel itself is not a live region).
    var live = document.createElement('div');
    live.setAttribute('role', 'status');
    live.className = 'visually-hidden';
    panel.parentNode.insertBefore(live, panel.nextSibling);
    var timer = setInterval(poll, 2000);
    function poll() {
      fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (text) {
          if (text === null) return;
          var next = new DOMParser().parseFromString(text, 'text/html').body.firstElementChild;
          if (!next) return;
          var state = next.getAttribute('data-check-state');
          if (state === 'pending') return;
          clearInterval(timer);
          panel.setAttribute('data-check-state', state);
          var nodes = [];
          for (var i = 0; i < next.childNodes.length; i += 1) nodes.push(document.importNode(next.childNodes[i], true));
          panel.replaceChildren.apply(panel, nodes);
          var result = panel.querySelector('.check-result');
          live.textContent = result ? result.textContent.replace(/\\s+/g, ' ').trim() : '';
        })
        .catch(function () { return undefined; });
    }
    window.addEventListener('pagehide', function () { clearInterval(timer); });
  }
})();`;
