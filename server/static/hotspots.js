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
            var points = [], max = 1, people = 0, named = [];
            res.body.features.forEach(function (f) {
              var p = f.properties;
              var layer = L.geoJSON(f, { style: { color: colour(p.people), weight: 1, fillColor: colour(p.people), fillOpacity: 0.55 } });
              var box = document.createElement("div");
              if (p.place) { box.appendChild(GatewayMap.text("strong", p.place)); }
              box.appendChild(GatewayMap.text(p.place ? "span" : "strong", p.people + " people"));
              box.appendChild(GatewayMap.text("span", p.contacts + " street contacts", "muted"));
              layer.bindPopup(box);
              if (p.place) { layer.bindTooltip(GatewayMap.text("span", p.place), { direction: "top", className: "cell-label" }); }
              cells.addLayer(layer);
              if (p.place) { named.push({ place: p.place, people: p.people }); }
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
            listPlaces(named);
            el.dataset.people = String(people);
          })
          .catch(function () { status.textContent = "Could not load the map. Check your connection."; });
      }
      // The legend sits on the map: what each shade means.
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "map-legend");
        box.id = "map-legend";
        box.appendChild(GatewayMap.text("strong", "People seen per square"));
        [[5, 9], [10, 24], [25, 49], [50, null]].forEach(function (g) {
          var row = GatewayMap.text("div", g[1] ? g[0] + "\u2013" + g[1] : g[0] + " or more");
          var sw = document.createElement("i");
          sw.style.background = colour(g[0]);
          row.insertBefore(sw, row.firstChild);
          box.appendChild(row);
        });
        box.appendChild(GatewayMap.text("div", "Fewer than 5: not shown", "muted"));
        return box;
      };
      legend.addTo(m.map);
      var placesList = document.getElementById("hotspot-places");
      function listPlaces(named) {
        if (!placesList) { return; }
        named.sort(function (a, b) { return b.people - a.people; });
        placesList.textContent = "";
        named.slice(0, 10).forEach(function (n) {
          placesList.appendChild(GatewayMap.text("li", n.place + ": " + n.people + " people"));
        });
        placesList.hidden = !named.length;
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
