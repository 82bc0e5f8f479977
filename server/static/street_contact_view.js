// One pin on a small map: a street contact's or an alert's place.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("contact-map");
    if (!el || !window.L) { return; }
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    GatewayMap.make(el, { labels: false }).then(function (m) {
      if (!isNaN(lat) && !isNaN(lon)) {
        L.marker([lat, lon]).addTo(m.map);
        m.map.setView([lat, lon], 14);
      }
    });
  });
})();
