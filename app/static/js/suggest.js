// Search as you type: a form with data-suggest="<url>" and data-results="<id>" gets its result
// list refreshed from the JSON endpoint while the user types. Without JavaScript the form still
// works as a plain GET search. The list lives in an aria-live region, so screen readers hear it.
(function () {
  "use strict";
  document.querySelectorAll("form[data-suggest]").forEach(function (form) {
    var input = form.querySelector("input[type=text], input[type=search]");
    var target = document.getElementById(form.dataset.results);
    var empty = document.getElementById("find-empty");
    var timer = null;
    var last = "";
    if (!input || !target) { return; }
    function render(items) {
      target.textContent = "";
      if (!items.length) {
        var p = document.createElement("p");
        p.textContent = empty ? empty.textContent.trim() : "";
        target.appendChild(p);
        return;
      }
      var ul = document.createElement("ul");
      ul.className = "plain results";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.name;
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "code";
        meta.textContent = " " + (item.business_id || "") + " · " + item.town;
        li.appendChild(meta);
        ul.appendChild(li);
      });
      target.appendChild(ul);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last || q.length < 2) { return; }
        last = q;
        fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) { if (input.value.trim() === q) { render(data.items); } })
          .catch(function () { /* the plain search button still works */ });
      }, 200);
    });
  });
})();
