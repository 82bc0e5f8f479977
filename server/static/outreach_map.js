// The outreach map: the service's pins of the last 90 days, clustered,
// reloaded as the map moves or the dates change.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("pins-map");
    if (!el || !window.L) { return; }
    var form = document.getElementById("map-filters");
    var status = document.getElementById("map-status");
    GatewayMap.make(el, { labels: true }).then(function (m) {
      el.gatewayMap = m.map;
      // A cluster holding a pin with a safety flag shows the symbol too, so
      // it is seen before anyone zooms in.
      var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50,
        iconCreateFunction: function (c) {
          var n = c.getChildCount();
          var safety = c.getAllChildMarkers().some(function (mk) { return mk.options.safety; });
          var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
          return L.divIcon({ html: "<div><span>" + String(n) + (safety ? " \u26a0" : "") + "</span></div>",
            className: "marker-cluster marker-cluster-" + size + (safety ? " has-safety" : ""), iconSize: L.point(40, 40) });
        } }).addTo(m.map);
      var seq = 0, timer = null;

      function popup(p) {
        var box = document.createElement("div");
        if (p.person_id) {
          var a = GatewayMap.text("a", p.person);
          a.href = "/people/" + p.person_id;
          box.appendChild(a);
          if (p.safety) {
            box.appendChild(GatewayMap.text("span", "\u26a0 Contact " + (p.safety_contact || "the key worker") + " before visiting", "safety"));
          }
        } else {
          box.appendChild(GatewayMap.text("strong", "Not known"));
          box.appendChild(GatewayMap.text("span", p.description || "", "muted"));
        }
        box.appendChild(GatewayMap.text("span", p.seen, "muted"));
        box.appendChild(GatewayMap.text("span", p.site + (p.la ? " · " + p.la : ""), "muted"));
        var link = GatewayMap.text("a", "Contact details");
        link.href = "/street-contacts/" + p.id;
        box.appendChild(link);
        return box;
      }

      function load() {
        var q = new URLSearchParams(new FormData(form));
        q.set("bbox", GatewayMap.bbox(m.map));
        var mine = ++seq;
        status.textContent = "Loading pins…";
        fetch(el.dataset.api + "?" + q.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
          .then(function (res) {
            if (mine !== seq) { return; }
            if (!res.ok) { status.textContent = (res.body && res.body.error) || "Could not load the pins."; return; }
            cluster.clearLayers();
            var markers = res.body.features.map(function (f) {
              var c = f.geometry.coordinates;
              var mk = f.properties.safety ?
                L.marker([c[1], c[0]], { title: "Safety flag: " + f.properties.site, icon: GatewayMap.safetyIcon(), safety: true }) :
                L.marker([c[1], c[0]], { title: f.properties.site });
              mk.bindPopup(popup(f.properties));
              return mk;
            });
            cluster.addLayers(markers);
            var n = markers.length;
            status.textContent = n + " contact" + (n === 1 ? "" : "s") + " from " + res.body.from + " to " + res.body.to + " in view." +
              (res.body.truncated ? " Showing the newest only: zoom in or shorten the dates to see all." : "");
            el.dataset.loaded = String(n);
          })
          .catch(function () { status.textContent = "Could not load the pins. Check your connection."; });
      }
      m.map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
      form.addEventListener("submit", function (e) { e.preventDefault(); load(); });
      load();
    }).catch(function (e) { status.textContent = "The map could not start (" + (e && e.message ? e.message : String(e)) + "). Reload the page."; if (window.console) { console.error(e); } });
  });
})();
