// Gateway's shared map code: a Leaflet map that needs no tile server. It
// draws the local authority boundaries from /maps/local-authorities.geojson
// and adds a tile layer only when the deployment configured one. No inline
// scripts: pages pass settings in data- attributes.
(function () {
  "use strict";

  // make builds a map in el and resolves with {map, areas} once the
  // boundaries are drawn (or failed to load: the map still works).
  function make(el, opts) {
    opts = opts || {};
    // maxZoom: without a tile layer Leaflet has none, and clustering needs one.
    // A basemap Gateway serves itself (--basemap) comes first: no tile
    // request leaves Gateway. A third-party tile server (--tile-url) is the
    // alternative; without either, boundaries only.
    var base = document.querySelector('meta[name="gateway-basemap"]');
    var own = base && window.protomapsL && window.GatewayBasemap;
    var map = L.map(el, { zoomSnap: 1, minZoom: 5, maxZoom: 19, attributionControl: !!(el.dataset.tiles || own) });
    if (own) {
      GatewayBasemap(base.getAttribute("content")).addTo(map);
      el.dataset.basemap = "own";
    } else if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "Map tiles" }).addTo(map);
    }
    map.setView([52.75, -1.2], 9);
    var ready = fetch(el.dataset.areas || "/maps/local-authorities.geojson", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (fc) {
        var areas = L.geoJSON(fc, {
          interactive: false,
          style: function () { return { color: "#1f4e79", weight: 2, fillColor: "#dfe8f2", fillOpacity: (opts.fill === false || own) ? 0 : 0.35 }; }
        }).addTo(map);
        // LA names sit in a pane under the pins and cells, so a label never hides one.
        map.createPane("laLabels").style.zIndex = 450;
        fc.features.forEach(function (f) {
          var b = L.geoJSON(f).getBounds();
          if (b.isValid() && opts.labels !== false) {
            L.tooltip({ permanent: true, direction: "center", className: "la-label", pane: "laLabels", interactive: false })
              .setLatLng(b.getCenter()).setContent(text("span", f.properties.name)).addTo(map);
          }
        });
        var bounds = parseBounds(el.dataset.bounds) || (areas.getBounds().isValid() ? areas.getBounds() : null);
        if (bounds) { map.fitBounds(bounds, { padding: [8, 8], animate: false }); } // not animated: a setView straight after would be dropped mid-animation
        return { map: map, areas: areas };
      })
      .catch(function () { return { map: map, areas: null }; });
    return ready;
  }

  function parseBounds(s) {
    if (!s) { return null; }
    var v = s.split(",").map(Number);
    if (v.length !== 4 || v.some(isNaN)) { return null; }
    return L.latLngBounds([v[1], v[0]], [v[3], v[2]]);
  }

  // bbox is the map's view as minLon,minLat,maxLon,maxLat, clamped to the
  // world (a zoomed-out map reports longitudes past 180).
  function bbox(map) {
    var b = map.getBounds();
    var c = function (v, lim) { return Math.max(-lim, Math.min(lim, v)).toFixed(5); };
    return [c(b.getWest(), 180), c(b.getSouth(), 90), c(b.getEast(), 180), c(b.getNorth(), 90)].join(",");
  }

  // text makes an element with text content, never HTML: names and
  // descriptions come from users.
  function text(tag, s, cls) {
    var e = document.createElement(tag);
    e.textContent = s;
    if (cls) { e.className = cls; }
    return e;
  }

  // picker lets the user place one pin by tapping the map or with the
  // device's location, writing it to the lat and lon inputs.
  function picker(el, latInput, lonInput, statusEl, locateBtn) {
    return make(el, { labels: true }).then(function (m) {
      var marker = null;
      function place(lat, lng, zoom) {
        latInput.value = lat.toFixed(6);
        lonInput.value = lng.toFixed(6);
        if (!marker) {
          marker = L.marker([lat, lng], { draggable: true, title: "Pin" }).addTo(m.map);
          marker.on("dragend", function () { var p = marker.getLatLng(); place(p.lat, p.lng); });
        } else {
          marker.setLatLng([lat, lng]);
        }
        if (zoom) { m.map.setView([lat, lng], Math.max(m.map.getZoom(), zoom)); }
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
      }
      var lat0 = parseFloat(latInput.value), lon0 = parseFloat(lonInput.value);
      if (!isNaN(lat0) && !isNaN(lon0)) { place(lat0, lon0, 15); }
      m.map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng); });
      [latInput, lonInput].forEach(function (i) {
        i.addEventListener("input", function () {
          var a = parseFloat(latInput.value), b = parseFloat(lonInput.value);
          if (!isNaN(a) && !isNaN(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
            if (marker) { marker.setLatLng([a, b]); } else { place(a, b, 15); }
          }
        });
      });
      if (locateBtn && navigator.geolocation) {
        locateBtn.hidden = false;
        locateBtn.addEventListener("click", function () {
          statusEl.textContent = "Finding your location…";
          navigator.geolocation.getCurrentPosition(function (pos) {
            place(pos.coords.latitude, pos.coords.longitude, 16);
            statusEl.textContent = "Pin placed at your location (accurate to about " + Math.round(pos.coords.accuracy) + " m). Drag it if needed.";
          }, function (err) {
            statusEl.textContent = "Could not get your location (" + err.message + "). Tap the map instead.";
          }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
      }
      m.place = place;
      m.clear = function () {
        if (marker) { m.map.removeLayer(marker); marker = null; }
      };
      return m;
    });
  }

  // safetyIcon is a pin carrying the safety symbol: contact the named
  // person before visiting.
  function safetyIcon() {
    var span = text("span", "\u26a0");
    var holder = document.createElement("div");
    holder.appendChild(span);
    return L.divIcon({ className: "safety-pin", html: holder.innerHTML, iconSize: [28, 28], iconAnchor: [14, 28], popupAnchor: [0, -26] });
  }

  window.GatewayMap = { make: make, bbox: bbox, text: text, picker: picker, safetyIcon: safetyIcon };
})();
