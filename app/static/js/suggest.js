// The company finder as a WAI-ARIA combobox (the "list autocomplete" pattern of the ARIA
// Authoring Practices): a form with data-suggest="<url>" gets, while the user types, a listbox of
// matching companies under its text field. Down/Up move through the options
// (aria-activedescendant), Enter opens the chosen company's form, Escape closes the list (a
// second Escape clears the field), and a polite live region says how many were found. Without
// JavaScript the form is a plain GET search whose results are links.
(function () {
  "use strict";
  document.querySelectorAll("form[data-suggest]").forEach(function (form) {
    var input = form.querySelector("input[type=text], input[type=search]");
    if (!input) { return; }
    var texts = form.dataset;
    var listbox = document.createElement("ul");
    listbox.id = input.id + "-listbox";
    listbox.className = "combobox-list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", texts.listLabel || "");
    listbox.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.parentNode.classList.add("combobox");
    input.insertAdjacentElement("afterend", listbox);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var items = [];
    var active = -1;
    var timer = null;
    var last = "";

    function open(yes) {
      listbox.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) { select(-1); }
    }

    function select(index) {
      var options = listbox.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      if (items[index]) { window.location.assign(items[index].url); }
    }

    function announce(count) {
      var text = count === 0 ? texts.foundNone : (count === 1 ? texts.foundOne : texts.foundMany);
      status.textContent = (text || "").replace("{n}", String(count));
    }

    function render(found) {
      items = found;
      listbox.textContent = "";
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listbox.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "combobox-name";
        name.textContent = item.name;
        var meta = document.createElement("span");
        meta.className = "code";
        meta.textContent = " " + [item.business_id, item.town].filter(Boolean).join(" · ");
        li.appendChild(name);
        li.appendChild(meta);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        listbox.appendChild(li);
      });
      open(found.length > 0);
      announce(found.length);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { last = ""; render([]); status.textContent = ""; return; }
        if (q === last) { return; }
        last = q;
        fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) { if (input.value.trim() === q) { render(data.items); } })
          .catch(function () { /* the plain search button still works */ });
      }, 200);
    });

    input.addEventListener("keydown", function (event) {
      var count = items.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) { return; }
        event.preventDefault();
        if (listbox.hidden) { open(true); }
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
        select(next);
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();  // open the chosen company instead of searching
          go(active);
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          open(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          last = "";
          items = [];
        }
      }
    });

    input.addEventListener("blur", function () { open(false); });
    input.addEventListener("focus", function () { if (items.length) { open(true); } });
  });
})();
