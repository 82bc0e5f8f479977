// The commissioners' hotspot map: people per cell (cells under 5 never
// arrive), as squares or a heat layer, for the chosen dates and LA.
(function () {
  "use strict";
  function colour(n) {
    return n >= 50 ? "#a50026" : n >= 25 ? "#d73027" : n >= 10 ? "#f46d43" : "#fdae61";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("hotspot-map");
    if (!el || !window.L) { return; }
    var form = document.getElementById("map-filters");
    var status = document.getElementById("map-status");
    var heatToggle = document.getElementById("heat-toggle");
    GatewayMap.make(el, { labels: true, fill: false }).then(function (m) {
      var cells = L.layerGroup().addTo(m.map);
      var heat = window.L.heatLayer ? L.heatLayer([], { radius: 30, blur: 20, minOpacity: 0.3 }) : null;
      var seq = 0, timer = null;

      function load() {
        var q = new URLSearchParams(new FormData(form));
        q.delete("heat");
        q.set("bbox", GatewayMap.bbox(m.map));
        q.set("zoom", String(m.map.getZoom()));
        var mine = ++seq;
        status.textContent = "Counting…";
        fetch(el.dataset.api + "?" + q.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
          .then(function (res) {
            if (mine !== seq) { return; }
            if (!res.ok) { status.textContent = (res.body && res.body.error) || "Could not load the map."; return; }
            cells.clearLayers();
            var points = [], max = 1, people = 0;
            res.body.features.forEach(function (f) {
              var p = f.properties;
              var layer = L.geoJSON(f, { style: { color: colour(p.people), weight: 1, fillColor: colour(p.people), fillOpacity: 0.55 } });
              var box = document.createElement("div");
              box.appendChild(GatewayMap.text("strong", p.people + " people"));
              box.appendChild(GatewayMap.text("span", p.contacts + " street contacts", "muted"));
              layer.bindPopup(box);
              cells.addLayer(layer);
              var c = layer.getBounds().getCenter();
              points.push([c.lat, c.lng, p.people]);
              max = Math.max(max, p.people);
              people += p.people;
            });
            if (heat) { heat.setOptions({ max: max }); heat.setLatLngs(points); }
            showLayers();
            var n = res.body.features.length;
            status.textContent = n + " square" + (n === 1 ? "" : "s") + " with 5 or more people, " + res.body.from + " to " + res.body.to + ".";
            el.dataset.cells = String(n);
            el.dataset.people = String(people);
          })
          .catch(function () { status.textContent = "Could not load the map. Check your connection."; });
      }
      function showLayers() {
        var on = heatToggle && heatToggle.checked && heat;
        if (on) { m.map.removeLayer(cells); heat.addTo(m.map); } else { if (heat) { m.map.removeLayer(heat); } cells.addTo(m.map); }
      }
      if (heatToggle) { heatToggle.addEventListener("change", showLayers); }
      m.map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
      form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
      load();
    }).catch(function (e) { status.textContent = "The map could not start (" + (e && e.message ? e.message : String(e)) + "). Reload the page."; if (window.console) { console.error(e); } });
  });
})();
