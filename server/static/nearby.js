// Distances from the worker (issue 15): elements with data-lat and
// data-lon get their distance in [data-distance], and #alert-list is
// sorted nearest first. The position stays on the phone: nothing about it
// is sent to Gateway.
(function () {
  "use strict";
  function metres(a, b) {
    var R = 6371008.8, rad = Math.PI / 180;
    var dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }
  function say(m) {
    return m < 1000 ? Math.round(m / 10) * 10 + " m away" : (m / 1000).toFixed(1) + " km away";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var items = document.querySelectorAll("[data-lat][data-lon]");
    var status = document.getElementById("nearby-status");
    if (!items.length || !navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var me = [pos.coords.latitude, pos.coords.longitude];
      Array.prototype.forEach.call(items, function (el) {
        var d = metres(me, [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)]);
        el.dataset.metres = String(Math.round(d));
        var out = el.querySelector("[data-distance]") || (el.hasAttribute("data-distance") ? el : null);
        if (out) { out.textContent = say(d); }
      });
      var list = document.getElementById("alert-list");
      if (list) {
        var lis = Array.prototype.slice.call(list.children);
        lis.sort(function (a, b) {
          var x = a.dataset.metres ? +a.dataset.metres : Infinity, y = b.dataset.metres ? +b.dataset.metres : Infinity;
          return x - y;
        });
        lis.forEach(function (li) { list.appendChild(li); });
        list.dataset.sorted = "nearest";
      }
      if (status) { status.textContent = "Nearest first, from where you are now."; }
    }, function () {
      if (status) { status.textContent = "Oldest first: allow location to see the nearest first."; }
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 120000 });
  });
})();
