// EngNest chat: small browser-side behaviour for the thread page (loaded once; idempotent).
// * an idempotency key per message in the hidden #dm-key field (a double click or a retry after a
//   dropped connection sends the same key, and the server stores the message once; see "submit");
// * Enter sends, Shift+Enter makes a new line;
// * stay at the newest message unless the reader scrolled up (then a "New messages" pill shows);
// * keep the reading position when older messages are loaded above, and load them on reaching the top;
// * tell the server a message was seen only when the page is visible and scrolled to the bottom.
(function () {
  if (window.engnestChat) return;
  var NEAR_BOTTOM = 80;
  var NEAR_TOP = 40;
  var st = { box: null, peer: null, atBottom: true, height: 0, first: null, last: null, olderAt: 0, readAt: 0 };

  function $(id) { return document.getElementById(id); }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not.
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function ensureKey() {
    var k = $("dm-key");
    if (k && !k.value) k.value = newKey();
  }

  function nearBottom(b) { return b.scrollHeight - b.scrollTop - b.clientHeight < NEAR_BOTTOM; }

  function showPill(show) {
    var p = $("dm-new-pill");
    if (p) p.hidden = !show;
  }

  function toBottom(smooth) {
    var b = $("dm-scroll");
    if (!b) return;
    b.scrollTo({ top: b.scrollHeight, behavior: smooth ? "smooth" : "auto" });
    st.atBottom = true;
    showPill(false);
  }

  function maybeMarkRead() {
    var b = $("dm-scroll");
    if (!b || b.dataset.unseen !== "true" || document.visibilityState !== "visible" || !st.atBottom) return;
    var now = Date.now();
    if (now - st.readAt < 1000) return;
    st.readAt = now;
    var btn = $("dm-mark-read");
    if (btn) btn.click();
  }

  function maybeLoadOlder() {
    var b = $("dm-scroll");
    var btn = $("dm-load-older");
    if (!b || !btn || btn.disabled || b.scrollTop > NEAR_TOP) return;
    var now = Date.now();
    if (now - st.olderAt < 1000) return;
    st.olderAt = now;
    btn.click();
  }

  // After React changed the thread: follow the newest message or show the pill; keep the position
  // when older messages were added above.
  function sync() {
    var b = $("dm-scroll");
    if (!b) { st.box = null; return; }
    ensureKey();
    if (b !== st.box || b.dataset.peer !== st.peer) {
      st.box = b; st.peer = b.dataset.peer; st.atBottom = true; st.first = null; st.last = null; st.height = 0;
    }
    var list = $("dm-list");
    var firstEl = list && list.firstElementChild;
    var lastEl = list && list.lastElementChild;
    var first = firstEl ? firstEl.dataset.id : null;
    var last = lastEl ? lastEl.dataset.id : null;
    if (st.first !== null && first !== st.first && last === st.last) {
      b.scrollTop += b.scrollHeight - st.height; // older messages above: stay on what was being read
    } else if (last !== st.last) {
      var mine = lastEl && lastEl.dataset.mine === "true";
      if (st.last === null || st.atBottom || mine) toBottom(false);
      else showPill(true);
    }
    st.first = first; st.last = last; st.height = b.scrollHeight;
    maybeMarkRead();
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; sync(); });
  }

  new MutationObserver(function () { if ($("dm-scroll")) schedule(); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-unseen", "data-peer"],
  });

  document.addEventListener("scroll", function (e) {
    if (!e.target || e.target.id !== "dm-scroll") return;
    st.atBottom = nearBottom(e.target);
    st.height = e.target.scrollHeight;
    if (st.atBottom) { showPill(false); maybeMarkRead(); }
    maybeLoadOlder();
  }, true);

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (!t || t.id !== "dm-input" || e.key !== "Enter" || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    ensureKey();
    if (t.value.trim() && t.form) t.form.requestSubmit();
  }, true);

  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("#dm-new-pill")) toBottom(true);
  }, true);

  document.addEventListener("visibilitychange", maybeMarkRead);

  // The key is chosen when the form is submitted: the same text submitted again while its first
  // submit is unanswered (a double click, Enter twice, a retry after the connection dropped) keeps
  // its key, so the server stores it once; any other text gets a new key.
  // key -> text sent with it, until the server confirms; kept in sessionStorage with the conversation (peer) it
  // was sent in, so a page that remounts or reloads while the connection is down still resends it.
  var STORE = "engnest-unanswered";
  var submitted = {};
  var peerOf = {};
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(STORE) || "{}");
    Object.keys(saved).forEach(function (key) { submitted[key] = saved[key].text; peerOf[key] = saved[key].peer; });
  } catch (err) { /* private mode or a bad value: start empty */ }
  function save() {
    var out = {};
    Object.keys(submitted).forEach(function (key) { out[key] = { text: submitted[key], peer: peerOf[key] }; });
    try { window.sessionStorage.setItem(STORE, JSON.stringify(out)); } catch (err) { /* not kept: memory only */ }
  }
  function currentPeer() { var b = $("dm-scroll"); return b ? b.dataset.peer || "" : ""; }
  var last = { key: null, text: null };
  // The composer enforces the server's length limit before sending (data-max-length, in characters as the
  // server counts them): a huge paste is never put on the websocket, where past its frame limit it dropped the
  // connection on every Enter. The browser says why (a validity bubble); the text stays in the box.
  function tooLong(t) {
    var max = parseInt(t.getAttribute("data-max-length") || "0", 10);
    var n = Array.from(t.value.trim()).length;
    t.setCustomValidity(max && n > max ? "Messages can be at most " + max.toLocaleString("en") + " characters (this one has " + n.toLocaleString("en") + ")." : "");
    return !t.checkValidity();
  }
  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "dm-input") e.target.setCustomValidity("");
  }, true);

  document.addEventListener("submit", function (e) {
    var t = e.target && e.target.querySelector && e.target.querySelector("#dm-input");
    var k = $("dm-key");
    if (!t || !k) return;
    if (tooLong(t)) {
      e.preventDefault();
      e.stopPropagation();
      t.reportValidity();
      return;
    }
    if (last.key === null || last.text !== t.value) {
      last.key = newKey();
      last.text = t.value;
    }
    k.value = last.key;
    submitted[last.key] = t.value;
    peerOf[last.key] = currentPeer();
    save();
    awaitAnswer();
  }, true);

  // Each message's state beside the composer (#dm-send-state): "Sending…" until the server confirms, "Sent" when
  // it did, "Not sent." with a Retry button when no answer came in time. A send caught by a dropped connection is
  // resent with the same key as soon as the page is connected again (the server stores a key once): the text no
  // longer waits in the box for another Enter.
  var ANSWER_TIMEOUT = 15000;
  var answerTimer = null;
  function showState(text, failed) {
    var s = $("dm-send-state");
    if (s) s.textContent = text;
    var r = $("dm-retry");
    if (r) r.hidden = !failed;
  }
  function unanswered() { return Object.keys(submitted); }
  function forget(key) { delete submitted[key]; delete peerOf[key]; save(); }
  function awaitAnswer() {
    showState("Sending…", false);
    window.clearTimeout(answerTimer);
    answerTimer = window.setTimeout(function () { if (unanswered().length) showState("Not sent.", true); }, ANSWER_TIMEOUT);
  }
  // Submit every unanswered message of this conversation again with its own key and text, oldest first; what is
  // in the box stays (an empty box, remounted while offline, gets the unsent text back).
  function resend() {
    var t = $("dm-input");
    var peer = currentPeer();
    var keys = unanswered().filter(function (key) { return peerOf[key] === peer; });
    if (!t || !t.form || !keys.length) return;
    var typed = t.value;
    keys.forEach(function (key) {
      t.value = submitted[key];
      last.key = key;
      last.text = submitted[key];
      t.form.requestSubmit();
    });
    if (!typed) typed = submitted[keys[keys.length - 1]];
    t.value = typed;
    var same = keys.filter(function (key) { return submitted[key] === typed; });
    last.key = same.length ? same[0] : null;
    last.text = same.length ? typed : null;
  }
  // Reflex calls these instrumentation hooks on every websocket (re)connect and disconnect.
  var hooks = (window.__reflex_otel = window.__reflex_otel || {});
  var previousConnect = hooks.onSocketConnect;
  // After a (re)connect the thread may still be loading: resend once the composer is there and enabled.
  var resendDue = unanswered().length > 0;
  function tryResend() {
    var t = $("dm-input");
    var k = $("dm-key");
    if (!resendDue || !t || t.disabled || !k || !k.value || !currentPeer()) return;
    resendDue = false;
    awaitAnswer();
    resend();
  }
  hooks.onSocketConnect = function () {
    if (previousConnect) previousConnect.apply(this, arguments);
    if (unanswered().length) resendDue = true;
  };
  window.setInterval(tryResend, 250);
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("#dm-retry")) { awaitAnswer(); resend(); }
  }, true);

  window.engnestChat = {
    // The server stored the message sent with `key`: remove its text from the box (keeping anything
    // typed since) and forget the key, so the next message, even with the same words, is a new one.
    sent: function (key) {
      var t = $("dm-input");
      var text = submitted[key];
      if (t && text !== undefined && t.value.indexOf(text) === 0) t.value = t.value.slice(text.length).replace(/^\s+/, "");
      forget(key);
      if (last.key === key) { last.key = null; last.text = null; }
      if (!unanswered().length) { window.clearTimeout(answerTimer); showState("Sent", false); }
      toBottom(false);
    },
    // The server refused the message sent with `key` (its reason shows beside the box): not pending any more.
    refused: function (key) {
      forget(key);
      if (!unanswered().length) { window.clearTimeout(answerTimer); showState("", false); }
    },
    newKey: newKey,
  };
  schedule();
})();
