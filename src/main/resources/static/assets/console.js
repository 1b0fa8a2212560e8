// Every htmx request carries the session's CSRF token (Spring Security refuses changes without it).
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) {
    event.detail.headers['X-CSRF-TOKEN'] = token.getAttribute('content');
  }
});
// A table wider than its box (a tablet held upright) scrolls inside its .table-wrap: keyboard users must
// reach and scroll it too (WCAG 2.1.1, axe-core's scrollable-region-focusable), so each such box is a
// focusable region named by its table's caption. htmx:load fires for the page and for every swap.
document.addEventListener('htmx:load', function (event) {
  var root = event.target;
  var wraps = root.matches && root.matches('.table-wrap') ? [root] : root.querySelectorAll('.table-wrap');
  Array.prototype.forEach.call(wraps, function (wrap) {
    var caption = wrap.querySelector('caption');
    wrap.setAttribute('tabindex', '0');
    wrap.setAttribute('role', 'region');
    if (caption && !wrap.hasAttribute('aria-label')) {
      wrap.setAttribute('aria-label', caption.textContent.trim());
    }
  });
});
// An htmx answer that is an error still shows its text where the request asked (409 taken by someone else,
// 422 refusals, 503 journal unavailable: nothing changed).
document.addEventListener('htmx:beforeSwap', function (event) {
  var status = event.detail.xhr.status;
  if (status === 409 || status === 422 || status === 400 || status === 503) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// A session that ended: htmx would put the login page inside the page (it follows the redirect) or do
// nothing (a change refused for its stale CSRF token). Reload instead: the page then leads to the login.
document.addEventListener('htmx:beforeSwap', function (event) {
  var url = event.detail.xhr.responseURL;
  if (url && new URL(url).pathname.slice(-6) === '/login') {
    event.detail.shouldSwap = false;
    window.location.reload();
  }
});
document.addEventListener('htmx:responseError', function (event) {
  if (event.detail.xhr.status === 403 && event.detail.requestConfig && event.detail.requestConfig.verb !== 'get') {
    window.location.reload();
  }
});
// A live stream that stopped for good (not one reconnecting by itself) says so in its status line, in
// the page's words (data-live-lost / data-live-ok), so that nobody trusts a board that no longer updates.
function liveStatus(event, lost) {
  var status = event.target.querySelector ? event.target.querySelector('[data-live-lost]') : null;
  if (status) {
    status.textContent = lost ? status.dataset.liveLost : status.dataset.liveOk;
    status.classList.toggle('notice', lost);
  }
}
document.addEventListener('htmx:sseError', function (event) {
  var source = event.detail && event.detail.source;
  if (source && source.readyState === EventSource.CLOSED) {
    liveStatus(event, true);
  }
});
document.addEventListener('htmx:sseOpen', function (event) {
  liveStatus(event, false);
});
