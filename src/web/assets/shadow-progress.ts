/**
 * The shadow run page's live progress, appended to /assets/app.js (see routes/assets.ts). The
 * page works without it: counts are server-rendered with a Refresh link. With it, the bar and
 * counts follow the run's event stream, and when the run ends the page's main content is
 * replaced by the result (fetched once; a reload if that fails).
 */
export const SHADOW_PROGRESS_JS = `(function () {
  'use strict';
  var section = document.getElementById('shadow-progress');
  if (document.body.getAttribute('data-page') !== 'shadow-run' || !section || !window.EventSource) return;
  var runId = section.getAttribute('data-run-id');
  var bar = document.getElementById('shadow-progress-bar');
  var counts = document.getElementById('shadow-progress-counts');
  var time = document.getElementById('shadow-progress-time');
  var refresh = document.getElementById('shadow-progress-refresh');

  // Outside <main> (which is replaced at the end) and present from the start, so screen readers
  // announce the end of the run; the bar itself is not announced on every email.
  var live = document.createElement('div');
  live.setAttribute('role', 'status');
  live.className = 'visually-hidden';
  document.body.appendChild(live);

  var source = new EventSource('/shadow/runs/' + encodeURIComponent(runId) + '/events');
  source.addEventListener('progress', function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    // Live updates arrive, so the Refresh link is not needed.
    if (refresh) refresh.hidden = true;
    if (bar && data.max !== null) {
      bar.max = data.max;
      bar.value = data.value;
    }
    if (bar) bar.setAttribute('aria-valuetext', data.valueText);
    if (counts) counts.textContent = data.counts;
    if (time) time.textContent = data.timeLeft;
  });
  source.addEventListener('finished', function (event) {
    source.close();
    var data = {};
    try { data = JSON.parse(event.data); } catch (e) { /* the result page says it all */ }
    showResult(data.status === 'failed' ? 'The shadow run failed.' : 'The shadow run finished.');
  });
  window.addEventListener('pagehide', function () { source.close(); });

  function showResult(message) {
    fetch(window.location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error('HTTP ' + response.status)); })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html').getElementById('main');
        var main = document.getElementById('main');
        if (!next || !main) throw new Error('no main');
        var nodes = [];
        for (var i = 0; i < next.childNodes.length; i += 1) nodes.push(document.importNode(next.childNodes[i], true));
        main.replaceChildren.apply(main, nodes);
        live.textContent = message;
      })
      .catch(function () { window.location.reload(); });
  }
})();
`;
