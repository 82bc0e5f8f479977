// The street contact form: place the pin (tap or location), and show only
// the person fields of the chosen option.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("contact-form");
    var el = document.getElementById("pick-map");
    if (!form || !el || !window.L) { return; }
    GatewayMap.picker(el, document.getElementById("lat"), document.getElementById("lon"),
      document.getElementById("locate-status"), document.getElementById("locate-me"));

    var who = form.querySelector("fieldset");
    function show() {
      var checked = form.querySelector("input[name=person_mode]:checked");
      var mode = checked ? checked.value : "";
      who.classList.add("js-modes");
      ["existing", "new", "unknown"].forEach(function (m) { who.classList.toggle("show-" + m, m === mode); });
    }
    form.addEventListener("change", function (e) {
      if (e.target.name === "person_mode") { show(); }
      if (e.target.name === "person_id") {
        var r = form.querySelector("input[name=person_mode][value=existing]");
        if (r) { r.checked = true; show(); }
      }
    });
    // A search result arriving through htmx picks "someone already recorded".
    document.body.addEventListener("htmx:afterSwap", function () {
      var r = form.querySelector("input[name=person_mode][value=existing]");
      if (r) { r.checked = true; show(); }
    });
    show();
  });
})();
