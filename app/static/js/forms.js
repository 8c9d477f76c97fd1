/* Focus where the user will type next (WCAG 2.4.3): the first field of a form page marked
   data-focus-first when it opens, or of a disclosure (<details data-focus-first>) when the user
   opens it. After a failed submit the error summary takes focus instead (error-summary.js). */
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  function firstField(root) {
    var list = root.querySelectorAll(FIELDS);
    for (var i = 0; i < list.length; i++) {
      if (list[i].offsetParent !== null) { return list[i]; }
    }
    return null;
  }

  function init() {
    var hasErrors = document.querySelector("[data-error-summary]") !== null;
    document.querySelectorAll("details[data-focus-first]").forEach(function (box) {
      box.addEventListener("toggle", function () {
        if (box.open) {
          var target = firstField(box);
          if (target) { target.focus(); }
        }
      });
    });
    if (hasErrors) { return; }
    var form = document.querySelector("form[data-focus-first]");
    var target = form ? firstField(form) : null;
    if (target) { target.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
