// Harvest progress: while a harvest started with "run now" runs, refresh the status fragment
// of #harvest-progress from its data-status-url every few seconds, and stop once the fragment
// says the job is no longer active. Without JavaScript the page reloads itself (<noscript>).
(function () {
  "use strict";
  var box = document.getElementById("harvest-progress");
  if (!box || !box.dataset.statusUrl) { return; }
  var delay = 2000;
  function active() {
    var status = box.querySelector("[data-active]");
    return status && status.getAttribute("data-active") === "true";
  }
  function poll() {
    if (!active()) { return; }
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fresh = parsed.querySelector(".job-status");
        if (fresh) { box.replaceChildren(document.importNode(fresh, true)); }
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });
  }
  window.setTimeout(poll, delay);
}());
