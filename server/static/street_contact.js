// The street contact form: place the pin (tap, drag or location), show only
// the person fields of the chosen option, check everything at once before
// sending (in plain words, as the server does), and with no signal keep the
// contact on the phone to send later (contact_queue.js).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("contact-form");
    if (!form) { return; }
    var el = document.getElementById("pick-map");
    var lat = document.getElementById("lat"), lon = document.getElementById("lon");
    var pinText = document.getElementById("pin-text");
    if (el && window.L && window.GatewayMap) {
      GatewayMap.picker(el, lat, lon, document.getElementById("locate-status"), document.getElementById("locate-me"))
        .then(function (m) { el.gatewayMap = m.map; el.gatewayClear = m.clear; el.dataset.ready = "1"; });
    }
    lat.addEventListener("change", function () {
      if (lat.value) { pinText.textContent = "Pin placed. Drag it or tap again to move it."; showError("lat", ""); }
    });

    var who = form.querySelector("fieldset");
    function mode() {
      var checked = form.querySelector("input[name=person_mode]:checked");
      return checked ? checked.value : "";
    }
    function show() {
      who.classList.add("js-modes");
      ["existing", "new", "unknown"].forEach(function (m) { who.classList.toggle("show-" + m, m === mode()); });
      var site = form.querySelector(".site-type");
      var bedded = form.querySelector("input[name=bedded_down]:checked");
      if (site) { site.hidden = !!(bedded && bedded.value === "no"); }
    }
    form.addEventListener("change", function (e) {
      if (e.target.name === "person_id") {
        var r = form.querySelector("input[name=person_mode][value=existing]");
        if (r) { r.checked = true; }
      }
      show();
    });
    // A search result arriving through htmx picks "someone already recorded".
    document.body.addEventListener("htmx:afterSwap", function () {
      var r = form.querySelector("input[name=person_mode][value=existing]");
      if (r) { r.checked = true; show(); }
    });
    show();

    function val(name) {
      var f = form.elements[name];
      if (!f) { return ""; }
      if (f instanceof RadioNodeList || (f.length && !f.tagName)) {
        var c = form.querySelector("input[name=" + name + "]:checked");
        return c ? c.value : "";
      }
      return (f.value || "").trim();
    }

    function showError(field, msg) {
      var box = form.querySelector('[data-error-for="' + field + '"]');
      if (!box) { return; }
      box.textContent = "";
      if (msg) { box.appendChild(GatewayMap.text("p", msg, "field-error")); }
    }

    var labels = { person_mode: "Who", person_id: "Who", description: "Description", "new_person.given_name": "Given name",
      lat: "Where", site_type: "Sleeping site", seen_at: "Time", note: "Note" };

    // check finds every problem at once, in the words the server uses.
    function check() {
      var errs = {};
      switch (mode()) {
        case "existing": if (!val("person_id")) { errs.person_id = "Search for the person and choose them, or pick another option"; } break;
        case "new": if (!val("given_name")) { errs["new_person.given_name"] = "Give the person's given name, or the name they use"; } break;
        case "unknown": if (!val("description")) { errs.description = "Describe the person: age, clothes, belongings"; } break;
        default: errs.person_mode = "Say who you met: someone already recorded, someone new, or not known";
      }
      if (!lat.value || !lon.value) { errs.lat = "Put a pin on the map (tap where the person was) or use your location"; }
      var bedded = val("bedded_down");
      if (bedded !== "no" && !val("site_type")) {
        errs.site_type = "Choose where the person was sleeping, or answer \u201cno\u201d to bedded down";
      }
      var when = val("seen_at");
      if (!when) { errs.seen_at = "Give the date and time you met the person"; }
      else if (new Date(when).getTime() > Date.now() + 5 * 60 * 1000) { errs.seen_at = "The contact cannot be in the future"; }
      if (val("note").length > 1000) { errs.note = "Keep the note to 1,000 characters; write more in a case note"; }
      return errs;
    }

    var summary = document.getElementById("error-summary");
    function showAll(errs) {
      Array.prototype.forEach.call(form.querySelectorAll("[data-error-for]"), function (b) { b.textContent = ""; });
      var keys = Object.keys(errs);
      keys.forEach(function (k) { showError(k, errs[k]); });
      var ul = summary.querySelector("ul");
      ul.textContent = "";
      keys.forEach(function (k) {
        var a = GatewayMap.text("a", (labels[k] || "This form") + ": " + errs[k]);
        a.href = "#f-" + k;
        var li = document.createElement("li"); li.appendChild(a); ul.appendChild(li);
      });
      summary.hidden = !keys.length;
      if (keys.length) { summary.focus(); }
    }

    // asJSON is the contact as the API takes it.
    function asJSON() {
      var b = { lat: parseFloat(lat.value), lon: parseFloat(lon.value) };
      var when = val("seen_at");
      if (when) { b.seen_at = new Date(when).toISOString(); }
      b.site_type = val("bedded_down") === "no" ? "not_bedded_down" : val("site_type");
      switch (mode()) {
        case "existing": b.person_id = parseInt(val("person_id"), 10); break;
        case "new":
          b.new_person = { given_name: val("given_name"), family_name: val("family_name"), gender: val("gender") };
          if (val("estimated_age")) { b.new_person.estimated_age = parseInt(val("estimated_age"), 10); }
          break;
        default: b.description = val("description");
      }
      ["with_others", "with_dog"].forEach(function (k) { var v = val(k); if (v) { b[k] = v === "yes"; } });
      if (val("outcome")) { b.outcome = val("outcome"); }
      if (val("note")) { b.note = val("note"); }
      if (val("alert")) { b.alert_reference = val("alert"); }
      return b;
    }

    // keep puts the contact on the phone's queue and clears the form of it.
    function keep() {
      GatewayQueue.add(asJSON());
      var keepTime = form.elements.seen_at.value;
      form.reset();
      lat.value = ""; lon.value = "";
      if (el && el.gatewayClear) { el.gatewayClear(); }
      form.elements.seen_at.value = keepTime;
      pinText.textContent = "No pin yet.";
      show();
      var st = document.getElementById("queue-status");
      if (st) { st.focus && st.focus(); }
      window.scrollTo(0, 0);
    }

    var submitting = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (submitting) { return; }
      var errs = check();
      showAll(errs);
      if (Object.keys(errs).length) { return; }
      if (!navigator.onLine) { keep(); return; }
      // A signal bar is not a connection: ask the server before sending the
      // form itself, and keep the contact if it does not answer.
      submitting = true;
      var ctl = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (ctl) { ctl.abort(); } }, 6000);
      fetch("/healthz", { cache: "no-store", signal: ctl ? ctl.signal : undefined }).then(function (r) {
        clearTimeout(timer);
        if (!r.ok) { throw new Error(r.status); }
        form.submit();
      }).catch(function () {
        clearTimeout(timer);
        submitting = false;
        keep();
      });
    });

    // A contact the server refused after a reconnect comes back here to be
    // put right.
    var refused = window.GatewayQueue ? GatewayQueue.takeRefused() : null;
    if (refused) {
      var b = refused.body;
      if (b.description) { form.querySelector("input[name=person_mode][value=unknown]").checked = true; form.elements.description.value = b.description; }
      if (b.new_person) {
        form.querySelector("input[name=person_mode][value=new]").checked = true;
        form.elements.given_name.value = b.new_person.given_name || "";
        form.elements.family_name.value = b.new_person.family_name || "";
        form.elements.gender.value = b.new_person.gender || "";
        if (b.new_person.estimated_age) { form.elements.estimated_age.value = b.new_person.estimated_age; }
      }
      if (b.site_type === "not_bedded_down") { form.querySelector("input[name=bedded_down][value=no]").checked = true; }
      else if (b.site_type) { form.elements.site_type.value = b.site_type; }
      if (b.lat && b.lon) { lat.value = b.lat; lon.value = b.lon; pinText.textContent = "Pin placed."; lat.dispatchEvent(new Event("input")); }
      ["with_others", "with_dog"].forEach(function (k) {
        if (typeof b[k] === "boolean") { var r = form.querySelector("input[name=" + k + "][value=" + (b[k] ? "yes" : "no") + "]"); if (r) { r.checked = true; } }
      });
      if (b.note) { form.elements.note.value = b.note; }
      if (b.outcome) { form.elements.outcome.value = b.outcome; }
      show();
      var p = GatewayMap.text("p", "This contact was kept on the phone but not accepted: " + refused.refused + ". Put it right and record it again.", "error-box");
      form.parentNode.insertBefore(p, form);
    }
  });
})();
