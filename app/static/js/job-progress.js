// Progress of a background job (a harvest started with "run now", an import's dry run or
// commit): every element with data-status-url is refreshed from that URL every two seconds with
// the server's .job-status fragment while the fragment says data-active="true". When the job
// ends, the page moves to data-done-url if the element has one, else keeps the final fragment.
// Without JavaScript the pages offer a refresh (a link, or a <noscript> reload).
(function () {
  "use strict";
  var delay = 2000;
  function active(root) {
    var status = root && root.querySelector("[data-active]");
    return Boolean(status) && status.getAttribute("data-active") === "true";
  }
  function watch(box) {
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var fresh = parsed.querySelector(".job-status");
          if (!fresh) { throw new Error("no status"); }
          if (!active(parsed) && box.dataset.doneUrl) {
            window.location.assign(box.dataset.doneUrl);
            return;
          }
          box.replaceChildren(document.importNode(fresh, true));
          if (active(parsed)) { window.setTimeout(poll, delay); }
        })
        .catch(function () { window.setTimeout(poll, delay * 3); });
    }
    if (active(box)) { window.setTimeout(poll, delay); }
  }
  document.querySelectorAll("[data-status-url]").forEach(watch);
}());
