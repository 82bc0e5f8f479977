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
    if (e.defaultPrevented) { return; } // a script is sending it (or keeping it offline)
    if (f.method && f.method.toLowerCase() === "post") {
      f.querySelectorAll("button[type=submit]").forEach(function (b) {
        setTimeout(function () { b.disabled = true; }, 0);
      });
    }
  });
  // Issue 15: on a phone the menu folds away behind one button, so the
  // header is one line; without JavaScript it stays open.
  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector(".topbar");
    var btn = document.getElementById("menu-toggle");
    if (!bar || !btn) { return; }
    bar.classList.add("js-menu");
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var open = bar.classList.toggle("menu-open");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
})();

// Issue 5: an assessment question shown only for some earlier answer in the
// same section (data-show-if) appears and disappears as answers change.
// The server decides the same on save and clears answers to hidden ones.
(function () {
  "use strict";
  function answer(form, id) {
    var vals = [];
    form.querySelectorAll('[name="q.' + id + '"]').forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { vals.push(el.value); }
      } else if (el.value !== "") {
        vals.push(el.value);
      }
    });
    return vals;
  }
  function holds(form, conds) {
    return conds.every(function (c) {
      var q = form.querySelector('[data-question="' + c.question + '"]');
      if (q && q.hidden) { return false; }
      var vals = answer(form, c.question);
      if (typeof c.equals === "boolean" || typeof c.equals === "string") {
        return vals.indexOf(String(c.equals)) >= 0;
      }
      return (c["in"] || []).some(function (v) { return vals.indexOf(v) >= 0; });
    });
  }
  function refresh(form) {
    form.querySelectorAll(".question").forEach(function (q) {
      var raw = q.getAttribute("data-show-if");
      q.hidden = q.getAttribute("data-outer") === "0" || (raw !== null && !holds(form, JSON.parse(raw)));
    });
  }
  document.addEventListener("change", function (e) {
    var form = e.target.closest && e.target.closest("form[data-assessment-form]");
    if (form) { refresh(form); }
  });
})();
