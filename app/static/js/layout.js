/* Layout at narrow widths (WCAG 1.4.10 reflow).
   1. The header's links and tools collapse behind a "Menu" button with aria-expanded. Without
      JavaScript the button stays hidden and the menu open; Escape closes the menu and returns
      focus to the button.
   2. A data table wider than its column scrolls sideways inside its own box, so the page itself
      never does; the box is a labelled, focusable region, so it scrolls with the keyboard too. */
(function () {
  "use strict";

  function menu() {
    var button = document.querySelector(".menu-button");
    var box = document.getElementById("site-menu");
    if (!button || !box) { return; }
    document.documentElement.classList.add("js-menu");
    button.hidden = false;

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      box.classList.toggle("is-open", open);
    }

    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  function scrollBoxes() {
    var label = document.documentElement.dataset.tableLabel || "Table";
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      var page = document.documentElement.clientWidth;
      if (parent.classList.contains("table-scroll")) { return; }
      if (table.offsetWidth <= parent.clientWidth && table.getBoundingClientRect().right <= page) { return; }
      var wrap = document.createElement("div");
      wrap.className = "table-scroll";
      wrap.setAttribute("role", "region");
      wrap.tabIndex = 0;
      var caption = table.querySelector("caption");
      wrap.setAttribute("aria-label", caption && caption.textContent.trim() ? caption.textContent.trim() : label);
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }

  menu();
  scrollBoxes();
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(scrollBoxes, 150);
  });
})();
