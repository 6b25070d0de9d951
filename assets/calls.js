// EngNest calls: the WebRTC side of a 1:1 call (loaded once on every signed-in page; idempotent).
// * The server's CallState shows the call in the hidden #call-box (data-phase, -call, -role, -media, -ice, -inbox);
//   this script follows it with a MutationObserver.
// * The browser speaks to the server by writing JSON into the hidden inputs #call-in-{start,accept,hangup,signal}
//   and firing `input` (React's onChange calls the CallState handler, which re-checks everything).
// * Buttons carry data-call-action: start (with data-call-peer, data-call-media), join (an online meeting's room,
//   data-call-meeting; enabled here once data-room-opens is reached), accept, decline, hangup, mute, camera, screen.
//   A video call on a device without a camera goes ahead with audio only (and still receives the other's video). The camera/microphone are asked for before the server is told, so a refusal is explained
//   here and nobody's phone rings for nothing.
// * Signalling from the other browser arrives in data-inbox, numbered; each message is applied once, in order.
(function () {
  if (window.engnestCalls) return;
  var RING_MS = 45000;
  var st = {
    call: 0, phase: "idle", role: "", media: "video", pc: null, local: null, remote: null, applied: 0,
    pendingIce: [], ringTimer: null, audioOnly: false, meeting: 0, qualityTimer: null, screen: null, cameraTrack: null, nonce: 0,
    chain: Promise.resolve(), t0: 0, setupMs: null, acceptAt: 0, acceptToFrameMs: null, offerReady: null, offerQueued: false, offerSent: false, mediaSent: false, starting: false,
  };

  function $(id) { return document.getElementById(id); }

  function send(name, obj) {
    var el = $("call-in-" + name);
    if (!el) return;
    obj.n = ++st.nonce; // the same message twice is still a change for React
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(el, JSON.stringify(obj));
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function signal(type, data) { if (st.call) send("signal", { call: st.call, type: type, data: data }); }

  function showError(msg) {
    var e = $("call-error"), text = $("call-error-text");
    if (!e || !text) return;
    text.textContent = msg || "";
    e.hidden = !msg;
  }

  function mediaError(err, media) {
    var name = err && err.name;
    var what = media === "video" ? "camera and microphone" : "microphone";
    if (name === "NotAllowedError" || name === "SecurityError")
      return "EngNest may not use your " + what + ". Allow them for this site in your browser's settings, then try again.";
    if (name === "NotFoundError" || name === "OverconstrainedError")
      return "No " + what + " found. Connect one (or try an audio call), then try again.";
    if (name === "NotReadableError" || name === "AbortError")
      return "Your " + what + " is in use by another app. Close it, then try again.";
    if (name === "NotSupported") return "This browser cannot make calls (it has no camera/microphone access here).";
    return "Could not start your " + what + " (" + (name || "unknown error") + ").";
  }

  function noCamera(err) {
    var name = err && err.name;
    return name === "NotFoundError" || name === "OverconstrainedError" || name === "NotReadableError";
  }

  function getMedia(media) {
    if (st.local) return Promise.resolve(st.local);
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return Promise.reject({ name: "NotSupported" });
    function got(stream) {
      st.local = stream;
      st.cameraTrack = stream.getVideoTracks()[0] || null;
      st.audioOnly = media === "video" && !st.cameraTrack;
      showError(st.audioOnly ? "No camera found: you are on audio only (you still see the other person)." : "");
      return stream;
    }
    return navigator.mediaDevices.getUserMedia({ audio: true, video: media === "video" }).then(got, function (err) {
      // No camera (or one another app holds): a video call goes ahead with the microphone alone.
      if (media !== "video" || !noCamera(err)) throw err;
      return navigator.mediaDevices.getUserMedia({ audio: true, video: false }).then(got, function () { throw err; });
    });
  }

  function attach() {
    var lv = $("call-local");
    if (lv && st.local && lv.srcObject !== st.local) lv.srcObject = st.local;
    var rv = $("call-remote");
    if (rv && st.remote && rv.srcObject !== st.remote) {
      rv.srcObject = st.remote;
      var p = rv.play();
      if (p && p.catch) p.catch(function () {});
    }
  }

  function setPressed(action, pressed, label) {
    var b = document.querySelector('[data-call-action="' + action + '"]');
    if (!b) return;
    b.setAttribute("aria-pressed", pressed ? "true" : "false");
    var l = b.querySelector(".call-label");
    if (l && label) l.textContent = label;
  }

  function cleanup() {
    if (st.ringTimer) { clearTimeout(st.ringTimer); st.ringTimer = null; }
    if (st.qualityTimer) { clearInterval(st.qualityTimer); st.qualityTimer = null; }
    if (st.pc) { try { st.pc.close(); } catch (e) { /* closed already */ } }
    if (st.local) st.local.getTracks().forEach(function (t) { t.stop(); });
    if (st.screen) st.screen.getTracks().forEach(function (t) { t.stop(); });
    st.pc = null; st.local = null; st.remote = null; st.screen = null; st.cameraTrack = null;
    st.applied = 0; st.pendingIce = []; st.chain = Promise.resolve();
    st.offerReady = null; st.offerQueued = false; st.offerSent = false; st.mediaSent = false; st.audioOnly = false;
  }

  function quality() {
    if (!st.pc) return;
    st.pc.getStats().then(function (report) {
      var rtt = null, lost = 0, got = 0;
      report.forEach(function (s) {
        if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded" && s.currentRoundTripTime != null) rtt = s.currentRoundTripTime;
        if (s.type === "inbound-rtp") { lost += s.packetsLost || 0; got += s.packetsReceived || 0; }
      });
      var loss = got + lost ? lost / (got + lost) : 0;
      var label = rtt == null ? "Connecting" : (rtt < 0.15 && loss < 0.02 ? "Good connection" : (rtt < 0.4 && loss < 0.08 ? "Fair connection" : "Poor connection"));
      var q = $("call-quality");
      if (q) { q.textContent = label; q.dataset.quality = label.split(" ")[0].toLowerCase(); }
    }).catch(function () {});
  }

  function makePc(box) {
    var cfg = {};
    try { cfg = JSON.parse(box.dataset.ice || "{}"); } catch (e) { cfg = {}; }
    var pc = new RTCPeerConnection({
      iceServers: cfg.iceServers || [],
      iceTransportPolicy: window.ENGNEST_ICE_POLICY || cfg.iceTransportPolicy || "all",
    });
    st.pc = pc;
    st.t0 = performance.now();
    st.setupMs = null;
    if (st.local) st.local.getTracks().forEach(function (t) { pc.addTrack(t, st.local); });
    if (st.media === "video" && !st.cameraTrack) pc.addTransceiver("video", { direction: "recvonly" }); // audio only here
    pc.onicecandidate = function (e) {
      // The caller's candidates found before its offer goes out travel inside the offer's SDP.
      if (e.candidate && (st.role !== "caller" || st.offerSent)) signal("ice", e.candidate.toJSON());
    };
    pc.ontrack = function (e) {
      st.remote = e.streams[0] || new MediaStream([e.track]);
      attach();
      var rv = $("call-remote");
      if (rv && e.track.kind === "video") {
        rv.addEventListener("playing", function () {
          if (st.setupMs !== null) return;
          st.setupMs = performance.now() - st.t0;
          if (st.acceptAt) st.acceptToFrameMs = performance.now() - st.acceptAt;
        }, { once: true });
      }
    };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === "failed") {
        showError("The call's connection failed. Check your network and call again.");
        hangUp();
      }
    };
    st.qualityTimer = setInterval(quality, 2000);
    return pc;
  }

  function flushIce() {
    var pending = st.pendingIce;
    st.pendingIce = [];
    return Promise.all(pending.map(function (c) { return st.pc.addIceCandidate(c).catch(function () {}); }));
  }

  function apply(msg) {
    var pc = st.pc;
    if (!pc) return Promise.resolve();
    if (msg.type === "offer") {
      return pc.setRemoteDescription(msg.data).then(flushIce).then(function () { return pc.createAnswer(); })
        .then(function (answer) { return pc.setLocalDescription(answer); })
        .then(function () { signal("answer", { type: "answer", sdp: pc.localDescription.sdp }); });
    }
    if (msg.type === "answer") return pc.setRemoteDescription(msg.data).then(flushIce);
    if (msg.type === "ice") {
      if (!pc.remoteDescription) { st.pendingIce.push(msg.data); return Promise.resolve(); }
      return pc.addIceCandidate(msg.data).catch(function () {});
    }
    if (msg.type === "media") {
      var parts = [];
      if (!msg.data.audio) parts.push("muted");
      if (!msg.data.video && st.media === "video") parts.push("camera off");
      var el = $("call-peer-state");
      if (el) { el.textContent = parts.length ? "They are " + parts.join(", ") + "." : ""; el.dataset.muted = msg.data.audio ? "no" : "yes"; }
    }
    return Promise.resolve();
  }

  // The caller prepares its offer while the other side rings (ICE gathering, TURN allocation included), and sends
  // it the moment the call is answered: one round trip less between "Accept" and the first frame.
  function prepareOffer() {
    var pc = st.pc;
    st.offerReady = pc.createOffer().then(function (o) { return pc.setLocalDescription(o); })
      .catch(function (e) { showError("Could not start the call (" + e.name + ")."); });
  }

  function sendOffer() {
    var pc = st.pc;
    if (!pc || !st.offerReady || st.offerQueued) return;
    st.offerQueued = true;
    st.offerReady.then(function () {
      if (st.pc !== pc || !pc.localDescription) return;
      st.offerSent = true; // from here on new candidates trickle
      signal("offer", { type: "offer", sdp: pc.localDescription.sdp });
    });
  }

  function hangUp() {
    if (st.call) send("hangup", { call: st.call });
    cleanup();
  }

  function sync() {
    var box = $("call-box");
    if (!box) return;
    var phase = box.dataset.phase || "idle";
    var call = parseInt(box.dataset.call || "0", 10) || 0;
    if (phase !== "idle") st.starting = false;
    if ((call !== st.call && st.pc) || ((phase === "idle" || phase === "ended") && !st.starting) && (st.pc || st.local)) cleanup();
    st.call = call; st.phase = phase; st.role = box.dataset.role || ""; st.media = box.dataset.media || "video";
    st.meeting = parseInt(box.dataset.meeting || "0", 10) || 0;
    if (phase === "outgoing" && !st.ringTimer && !st.meeting) { // a meeting's room waits for the other (server closes it)
      var ringing = call;
      st.ringTimer = setTimeout(function () { if (st.call === ringing && st.phase === "outgoing") hangUp(); }, RING_MS);
    }
    if (phase === "outgoing" && st.role === "caller" && !st.pc && st.local) {
      makePc(box);
      prepareOffer();
    }
    if (phase === "live") {
      if (st.ringTimer) { clearTimeout(st.ringTimer); st.ringTimer = null; }
      if (!st.pc && st.local) {
        makePc(box);
        if (st.role === "caller") prepareOffer();
      }
      if (st.role === "caller") sendOffer();
      if (!st.mediaSent && st.local && (st.audioOnly || st.local.getTracks().some(function (t) { return !t.enabled; }))) sendMediaState();
      var inbox = [];
      try { inbox = JSON.parse(box.dataset.inbox || "[]"); } catch (e) { inbox = []; }
      inbox.forEach(function (msg) {
        if (msg.n <= st.applied) return;
        st.applied = msg.n;
        st.chain = st.chain.then(function () { return apply(msg); }).catch(function () {});
      });
    }
    attach();
  }

  function toggle(kind) {
    if (!st.local) return;
    var tracks = kind === "audio" ? st.local.getAudioTracks() : st.local.getVideoTracks();
    var on = !(tracks[0] && tracks[0].enabled);
    tracks.forEach(function (t) { t.enabled = on; });
    if (kind === "audio") setPressed("mute", !on, on ? "Mute" : "Unmute");
    else setPressed("camera", !on, on ? "Camera off" : "Camera on");
    if (st.phase === "live") sendMediaState(); // before the answer it goes out when the call goes live
  }

  function sendMediaState() {
    var audio = st.local && st.local.getAudioTracks()[0], video = st.local && st.local.getVideoTracks()[0];
    st.mediaSent = true;
    signal("media", { audio: !!(audio && audio.enabled), video: !!(video && video.enabled) });
  }

  function videoSender() {
    return st.pc && st.pc.getSenders().filter(function (s) { return s.track && s.track.kind === "video"; })[0];
  }

  function shareScreen() {
    var sender = videoSender();
    if (!sender) return;
    if (st.screen) {
      st.screen.getTracks().forEach(function (t) { t.stop(); });
      st.screen = null;
      sender.replaceTrack(st.cameraTrack);
      setPressed("screen", false, "Share screen");
      return;
    }
    if (!navigator.mediaDevices.getDisplayMedia) { showError("This browser cannot share its screen."); return; }
    navigator.mediaDevices.getDisplayMedia({ video: true }).then(function (screen) {
      st.screen = screen;
      var track = screen.getVideoTracks()[0];
      sender.replaceTrack(track);
      setPressed("screen", true, "Stop sharing");
      track.onended = function () { if (st.screen === screen) shareScreen(); };
    }).catch(function (e) { if (e && e.name !== "NotAllowedError") showError("Could not share the screen (" + e.name + ")."); });
  }

  function listDevices() {
    var sel = $("call-devices");
    if (!sel || !navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices || st.media !== "video") return;
    navigator.mediaDevices.enumerateDevices().then(function (devices) {
      var cams = devices.filter(function (d) { return d.kind === "videoinput"; });
      sel.hidden = cams.length < 2;
      sel.innerHTML = "";
      cams.forEach(function (d, i) {
        var o = document.createElement("option");
        o.value = d.deviceId; o.textContent = d.label || "Camera " + (i + 1);
        if (st.cameraTrack && st.cameraTrack.getSettings().deviceId === d.deviceId) o.selected = true;
        sel.appendChild(o);
      });
    });
  }

  function switchCamera(deviceId) {
    navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: deviceId } } }).then(function (s) {
      var track = s.getVideoTracks()[0];
      var old = st.cameraTrack;
      if (old) { st.local.removeTrack(old); old.stop(); }
      st.local.addTrack(track);
      st.cameraTrack = track;
      var sender = videoSender();
      if (sender && !st.screen) sender.replaceTrack(track);
      attach();
    }).catch(function (e) { showError(mediaError(e, "video")); });
  }

  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "call-devices") switchCamera(e.target.value);
  }, true);

  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest && e.target.closest("[data-call-action]");
    if (!b) return;
    var action = b.dataset.callAction;
    if (action === "start") {
      var media = b.dataset.callMedia === "audio" ? "audio" : "video";
      var peer = parseInt(b.dataset.callPeer || "0", 10);
      st.starting = true;
      getMedia(media).then(function () { send("start", { peer: peer, media: media }); listDevices(); })
        .catch(function (err) { st.starting = false; showError(mediaError(err, media)); });
    } else if (action === "join") {
      var meeting = parseInt(b.dataset.callMeeting || "0", 10);
      st.starting = true;
      getMedia("video").then(function () { send("join", { meeting: meeting }); listDevices(); })
        .catch(function (err) { st.starting = false; showError(mediaError(err, "video")); });
    } else if (action === "accept") {
      var call = st.call;
      st.acceptAt = performance.now();
      st.acceptToFrameMs = null;
      getMedia(st.media).then(function () { send("accept", { call: call }); listDevices(); })
        .catch(function (err) { showError(mediaError(err, st.media)); });
    } else if (action === "decline" || action === "hangup") {
      hangUp();
    } else if (action === "mute") {
      toggle("audio");
    } else if (action === "camera") {
      toggle("video");
    } else if (action === "screen") {
      shareScreen();
    }
  }, true);

  window.addEventListener("pagehide", function () { if (st.phase === "live" || st.phase === "outgoing") hangUp(); });

  // An online meeting's Join button comes alive when its room opens (it was rendered before; the server re-checks).
  function roomButtons() {
    var now = Date.now();
    document.querySelectorAll("[data-room-opens]").forEach(function (b) {
      var opens = parseInt(b.dataset.roomOpens || "0", 10), closes = parseInt(b.dataset.roomCloses || "0", 10);
      if (b.disabled && opens && now >= opens && now < closes) b.disabled = false;
    });
  }
  setInterval(roomButtons, 15000);

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; sync(); roomButtons(); });
  }
  new MutationObserver(function () { if ($("call-box")) schedule(); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["data-phase", "data-call", "data-inbox", "data-ice", "data-role", "data-meeting"],
  });

  window.engnestCalls = {
    // For tests and the benchmark: bytes of video received so far, whether media goes through a TURN relay,
    // how long from creating the connection to the first remote frame playing, and (on the side that answered)
    // from the click on Accept to it.
    stats: function () {
      if (!st.pc) return Promise.resolve({ inboundVideoBytes: 0, inboundAudioBytes: 0, relay: false, setupMs: null, acceptToFrameMs: null, state: "none", audioOnly: st.audioOnly });
      return st.pc.getStats().then(function (report) {
        var bytes = 0, audio = 0, pairId = null, local = {}, pairs = {};
        report.forEach(function (s) {
          if (s.type === "inbound-rtp" && s.kind === "video") bytes += s.bytesReceived || 0;
          if (s.type === "inbound-rtp" && s.kind === "audio") audio += s.bytesReceived || 0;
          if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
          if (s.type === "local-candidate") local[s.id] = s.candidateType;
          if (s.type === "candidate-pair") pairs[s.id] = s;
        });
        var pair = pairId && pairs[pairId];
        return {
          inboundVideoBytes: bytes, inboundAudioBytes: audio, audioOnly: st.audioOnly, relay: !!(pair && local[pair.localCandidateId] === "relay"),
          setupMs: st.setupMs, acceptToFrameMs: st.acceptToFrameMs, state: st.pc.connectionState,
        };
      });
    },
  };
  schedule();
})();
