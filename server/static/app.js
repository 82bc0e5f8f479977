// Gateway's own script. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  // Confirm destructive buttons marked with data-confirm.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-confirm]");
    if (b && !window.confirm(b.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  // A submitted form's button is disabled so a double click sends once;
  // the server also refuses the second submit of the same form token.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.method && f.method.toLowerCase() === "post") {
      f.querySelectorAll("button[type=submit]").forEach(function (b) {
        setTimeout(function () { b.disabled = true; }, 0);
      });
    }
  });
})();
