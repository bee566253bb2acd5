// Display screen: shows the calls pushed by the server (Server-Sent Events) or polled, and
// recovers by itself. EventSource reconnects on its own after a dropped stream, but gives up for
// good when a restarting server or proxy answers with an error page; so this script also
// re-creates the stream after an error and whenever no message (state or ping) came for 15 s.
(function () {
  "use strict";
  var root = document.querySelector("[data-display]");
  if (!root) return;
  var callsList = root.querySelector("[data-calls]");
  var nextList = root.querySelector("[data-next]");
  var link = document.querySelector("[data-link]");
  var soundButton = document.querySelector("[data-sound]");
  var WATCHDOG_MS = 15000, RETRY_MS = 2000, POLL_MS = 500;
  var source = null, lastSeen = Date.now(), newestCall = null, soundOn = false, etag = null, speaking = [];

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function render(state) {
    callsList.replaceChildren();
    state.calls.forEach(function (call, index) {
      var li = element("li", "call" + (index === 0 ? " latest" : "") +
        (call.state === "waiting" || call.state === "done" || call.state === "no_show" ? " finished" : ""));
      li.dataset.call = call.call;
      li.appendChild(element("span", "number", call.number + (call.carried ? "*" : "")));
      li.appendChild(element("span", "arrow", "➜"));
      li.appendChild(element("span", "to", "Quầy " + call.counter));
      if (newestCall !== null && call.call > newestCall) li.classList.add("fresh");
      callsList.appendChild(li);
    });
    if (!state.calls.length) callsList.appendChild(element("li", "display-empty", "Chưa có số nào được gọi"));
    nextList.replaceChildren();
    state.next.forEach(function (item) {
      var li = element("li", item.priority ? "prio" : "", item.number);
      li.appendChild(element("small", "", (item.priority ? "Ưu tiên · " : "") + item.service));
      nextList.appendChild(li);
    });
    if (!state.next.length) nextList.appendChild(element("li", "display-empty", "Không còn ai chờ"));
    var latest = state.calls[0];
    if (latest && newestCall !== null && latest.call > newestCall) announce(latest);
    if (latest) newestCall = Math.max(newestCall || 0, latest.call);
    else if (newestCall === null) newestCall = 0;
    root.dataset.rendered = String(Date.now());
  }

  // --- spoken call: a Vietnamese system voice if there is one, else recorded clips ---
  function vietnameseVoice() {
    if (!("speechSynthesis" in window)) return null;
    return window.speechSynthesis.getVoices().filter(function (v) { return /^vi/i.test(v.lang); })[0] || null;
  }

  function announce(call) {
    root.dataset.lastSpeech = call.speech;
    if (!soundOn) return;
    var voice = vietnameseVoice();
    if (voice) {
      var utterance = new SpeechSynthesisUtterance(call.speech);
      utterance.voice = voice; utterance.lang = voice.lang; utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
      return;
    }
    speaking = speaking.concat(call.clips);
    if (speaking.length === call.clips.length) playNext();
  }

  function playNext() {
    var clip = speaking.shift();
    if (!clip) return;
    var audio = new Audio(root.dataset.clips + clip + ".wav");
    audio.onended = audio.onerror = playNext;
    audio.play().catch(playNext);
  }

  function enableSound() {
    soundOn = true;
    soundButton.hidden = true;
  }

  // --- link to the server ---
  function alive() {
    lastSeen = Date.now();
    link.className = "link-state up";
    link.title = "Đã kết nối";
  }

  function down() {
    link.className = "link-state down";
    link.title = "Mất kết nối, đang thử lại";
  }

  function connect() {
    if (source) source.close();
    source = new EventSource(root.dataset.events);
    source.addEventListener("state", function (event) { alive(); render(JSON.parse(event.data)); });
    source.addEventListener("ping", alive);
    source.onerror = function () {
      down();
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, RETRY_MS);
    };
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(root.dataset.state, { headers: headers, cache: "no-store" }).then(function (response) {
      if (response.status === 304) { alive(); return null; }
      if (!response.ok) throw new Error(response.status);
      etag = response.headers.get("ETag");
      return response.json();
    }).then(function (state) {
      if (state) { alive(); render(state); }
    }).catch(down).finally(function () { setTimeout(poll, POLL_MS); });
  }

  function tick() {
    var now = new Date();
    document.querySelector("[data-clock]").textContent =
      now.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Ho_Chi_Minh" });
    if (root.dataset.mode === "sse" && Date.now() - lastSeen > WATCHDOG_MS) {
      down();
      lastSeen = Date.now();
      connect();
    }
  }

  render(JSON.parse(document.getElementById("display-initial").textContent));
  if (root.dataset.voice === "1") {
    // Browsers play sound only after a touch, unless started with --autoplay-policy=no-user-gesture-required.
    soundButton.hidden = false;
    soundButton.addEventListener("click", enableSound);
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && new Context().state === "running") enableSound();  // sound allowed without a touch
  }
  if (root.dataset.mode === "poll") poll(); else connect();
  tick();
  setInterval(tick, 1000);
})();
