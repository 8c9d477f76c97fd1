// Import progress: while an import's dry run or commit runs, refresh the status fragment of
// #import-progress from its data-status-url every two seconds; once the fragment says the job is
// no longer active, load the page again to show the result. Without JavaScript the fragment
// offers a refresh link.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !box.dataset.statusUrl) { return; }
  var delay = 2000;
  function active(root) {
    var status = root.querySelector("[data-active]");
    return status && status.getAttribute("data-active") === "true";
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fresh = parsed.querySelector(".import-progress");
        if (!fresh) { throw new Error("no status"); }
        if (!active(parsed)) {
          window.location.assign(box.dataset.doneUrl || window.location.href);
          return;
        }
        box.replaceChildren(document.importNode(fresh, true));
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, delay * 3); });
  }
  if (active(box)) { window.setTimeout(poll, delay); }
}());
