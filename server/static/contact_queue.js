// Safe offline capture (issue 15): a street contact recorded with no
// signal waits on the phone, in localStorage, and is sent once when the
// signal returns, with an Idempotency-Key so a send that was received but
// whose answer was lost never makes a second contact. The queue survives a
// reload; an item is deleted from the phone as soon as the server has it,
// and the key itself is removed when the queue is empty, so nothing
// identifying stays behind. No inline scripts: pages show the count in
// #queue-status.
(function () {
  "use strict";
  var KEY = "gateway.contactQueue.v1";
  var sending = false;
  var lastSent = 0;

  function load() {
    try { var q = JSON.parse(localStorage.getItem(KEY) || "[]"); return Array.isArray(q) ? q : []; }
    catch (e) { return []; }
  }
  function save(q) {
    if (q.length) { localStorage.setItem(KEY, JSON.stringify(q)); } else { localStorage.removeItem(KEY); }
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // owner is who is logged in and for which service: a contact waits for
  // the worker who recorded it, never sent under another login on a
  // shared phone.
  function owner() {
    var el = document.getElementById("queue-status");
    return el ? (el.dataset.owner || "") : "";
  }
  function mine(i) { return i.owner === owner(); }

  function add(body) {
    var q = load();
    q.push({ key: newKey(), owner: owner(), body: body, queuedAt: new Date().toISOString() });
    save(q);
    update();
  }

  function remove(key) {
    save(load().filter(function (i) { return i.key !== key; }));
  }

  function setRefused(key, problems) {
    var q = load();
    q.forEach(function (i) { if (i.key === key) { i.refused = problems; } });
    save(q);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // update says on the page how many contacts wait, and why.
  function update(note) {
    var els = document.querySelectorAll("#queue-status, [data-queue-status]");
    var q = load();
    var waiting = q.filter(function (i) { return !i.refused && mine(i); }).length;
    var refused = q.filter(function (i) { return i.refused && mine(i); });
    var others = q.filter(function (i) { return !mine(i); }).length;
    var parts = [];
    if (waiting) {
      parts.push(plural(waiting, "contact is", "contacts are") + " waiting on this phone" +
        (navigator.onLine ? ", sending now…" : " and will be sent when the signal returns."));
    }
    if (refused.length) {
      parts.push(plural(refused.length, "contact was", "contacts were") + " not accepted: " +
        refused.map(function (i) { return i.refused; }).join("; ") + ". Open the contact form to put it right.");
    }
    if (others) {
      parts.push(plural(others, "contact recorded under another login is", "contacts recorded under another login are") +
        " waiting on this phone: they are sent when that worker logs in here again.");
    }
    if (!parts.length && lastSent) {
      parts.push(plural(lastSent, "waiting contact was", "waiting contacts were") + " sent.");
    }
    if (note) { parts.unshift(note); }
    Array.prototype.forEach.call(els, function (el) {
      el.textContent = parts.join(" ");
      el.hidden = !parts.length;
      el.dataset.waiting = String(waiting);
      el.dataset.refused = String(refused.length);
    });
    document.documentElement.dataset.queueWaiting = String(waiting);
  }

  // flush sends the waiting contacts one at a time, oldest first.
  function flush() {
    if (sending || !navigator.onLine) { update(); return; }
    var item = load().filter(function (i) { return !i.refused && mine(i); })[0];
    if (!item) { update(); return; }
    sending = true;
    fetch("/api/v1/street-contacts", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": item.key },
      body: JSON.stringify(item.body)
    }).then(function (r) {
      if (r.ok) {
        remove(item.key);
        lastSent++;
        sending = false;
        flush();
        return;
      }
      if (r.status === 422) {
        return r.json().then(function (j) {
          var f = j.fields || {};
          var msgs = Object.keys(f).map(function (k) { return f[k]; });
          setRefused(item.key, msgs.length ? msgs.join(", ") : (j.error || "the server refused it"));
        }, function () { setRefused(item.key, "the server refused it"); })
          .then(function () { sending = false; flush(); });
      }
      sending = false;
      update(r.status === 401 ? "Log in again to send the waiting contacts." : "");
    }, function () {
      sending = false; // no signal after all: try again when it returns
      update();
    });
  }

  // takeRefused hands the first refused contact back to the form (and off
  // the queue): the form shows it again to be put right.
  function takeRefused() {
    var item = load().filter(function (i) { return i.refused && mine(i); })[0];
    if (!item) { return null; }
    remove(item.key);
    update();
    return item;
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { update(); });
  window.addEventListener("storage", function (e) { if (e.key === KEY) { update(); } });
  document.addEventListener("DOMContentLoaded", function () { update(); flush(); });
  setInterval(flush, 30000);

  window.GatewayQueue = { add: add, flush: flush, count: function () { return load().length; }, takeRefused: takeRefused, update: update };
})();
