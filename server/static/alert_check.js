// The public alert form's check under a flood (issue 13): find a nonce such
// that SHA-256(challenge + ":" + nonce) begins with the asked number of
// zero bits, then send the form. SHA-256 is written out here because
// crypto.subtle is only offered on HTTPS pages and is asynchronous (one
// promise per try would be far slower).
(function () {
  "use strict";
  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W = new Uint32Array(64);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // sha256 of the bytes msg[0:len]; answers the eight words of the hash.
  function sha256(msg, len) {
    var blocks = (len + 9 + 63) >> 6, buf = new Uint8Array(blocks * 64);
    buf.set(msg.subarray(0, len));
    buf[len] = 0x80;
    var bitsLen = len * 8, end = buf.length;
    buf[end - 4] = bitsLen >>> 24; buf[end - 3] = bitsLen >>> 16; buf[end - 2] = bitsLen >>> 8; buf[end - 1] = bitsLen;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
      h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var off = 0; off < end; off += 64) {
      var t;
      for (t = 0; t < 16; t++) {
        var i = off + t * 4;
        W[t] = (buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3];
      }
      for (t = 16; t < 64; t++) {
        var w15 = W[t - 15], w2 = W[t - 2];
        var s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
        var s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (t = 0; t < 64; t++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    return [h0 >>> 0, h1 >>> 0];
  }

  function zeroBits(words) {
    var n = 0;
    for (var i = 0; i < words.length; i++) {
      if (words[i] === 0) { n += 32; continue; }
      return n + Math.clz32(words[i]);
    }
    return n;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("pow-status"), nonce = document.getElementById("pow-nonce");
    var form = document.getElementById("alert-form");
    if (!box || !nonce || !form) { return; }
    var need = parseInt(box.getAttribute("data-pow-bits"), 10);
    var challenge = form.querySelector("input[name=pow_challenge]").value;
    var progress = document.getElementById("pow-progress");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    // The message: the challenge's bytes (ASCII), ":", then the nonce.
    var prefix = challenge + ":", msg = new Uint8Array(prefix.length + 16);
    for (var j = 0; j < prefix.length; j++) { msg[j] = prefix.charCodeAt(j); }
    var n = 0, started = Date.now();
    function step() {
      for (var stop = n + 20000; n < stop; n++) {
        var digits = String(n), len = prefix.length + digits.length;
        for (var k = 0; k < digits.length; k++) { msg[prefix.length + k] = digits.charCodeAt(k); }
        if (zeroBits(sha256(msg, len)) >= need) {
          nonce.value = digits;
          progress.textContent = "Check done. Sending your alert…";
          form.submit();
          return;
        }
      }
      progress.textContent = "Checking… (" + Math.round((Date.now() - started) / 1000) + " s; it takes a few seconds and then sends by itself)";
      setTimeout(step, 0);
    }
    progress.textContent = "Checking… (it takes a few seconds and then sends by itself)";
    setTimeout(step, 0);
  });
})();
