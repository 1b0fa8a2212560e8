// Every htmx request carries the session's CSRF token (Spring Security refuses changes without it).
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  if (token) {
    event.detail.headers['X-CSRF-TOKEN'] = token.getAttribute('content');
  }
});
// An htmx answer that is an error still shows its text where the request asked (409 taken by someone else, 422 refusals).
document.addEventListener('htmx:beforeSwap', function (event) {
  var status = event.detail.xhr.status;
  if (status === 409 || status === 422 || status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
