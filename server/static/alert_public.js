// The public alert form: a pin by tap or location.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("pick-map");
    if (!el || !window.L) { return; }
    GatewayMap.picker(el, document.getElementById("lat"), document.getElementById("lon"),
      document.getElementById("locate-status"), document.getElementById("locate-me"));
  });
})();
