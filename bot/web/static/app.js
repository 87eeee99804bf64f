/* The web chat: shows what the bot says (polling the server: a web visitor has no push), and
   sends what the person does. Plain ES5 with fetch, so it runs in WeChat's built-in browser on
   an old Android phone. The server decides everything; this page only shows and sends. */
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("words").textContent);
  var csrf = document.querySelector('meta[name="csrf"]').getAttribute("content");
  var chat = document.getElementById("chat");
  var note = document.getElementById("note");
  var bubbles = {};
  var lastId = 0;
  var cancelLabel = "";
  var $ = function (id) { return document.getElementById(id); };

  function label(id, key) { $(id).textContent = words[key]; }
  label("send", "send"); label("photo", "photo"); label("voice", "voice");
  label("location", "location"); label("phone-send", "send"); label("phone-cancel", "cancel");
  label("recover-open", "recover_open"); label("recover-title", "recover_title");
  label("recover-button", "recover_button");
  $("text").placeholder = words.placeholder; $("phone").placeholder = words.phone_placeholder;
  $("recover-ref").placeholder = words.recover_ref;
  $("recover-phone").placeholder = words.recover_phone;

  function key() {
    var bytes = new Uint8Array(12), out = "", i;
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    for (i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  function say(text) { note.textContent = text; note.hidden = !text; }

  function scroll() { chat.scrollTop = chat.scrollHeight; }

  function mine(text) {
    var div = document.createElement("div");
    div.className = "msg me";
    div.textContent = text;
    chat.appendChild(div);
    scroll();
  }

  function fill(div, m) {
    div.innerHTML = m.html;  /* cleaned by the server: only b, i, u, s, code, pre, blockquote */
    if (!m.buttons) { return; }
    var rows = document.createElement("div");
    rows.className = "rows";
    m.buttons.forEach(function (row) {
      var line = document.createElement("div");
      line.className = "row";
      row.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b[0];
        button.setAttribute("data-payload", b[1]);
        button.onclick = function () {
          mine(b[0]);
          send({ kind: "button", data: b[1], message_id: m.edit_of || m.id });
        };
        line.appendChild(button);
      });
      rows.appendChild(line);
    });
    div.appendChild(rows);
  }

  function ask(a) {
    $("ask-phone").hidden = !(a && a.kind === "contact");
    $("ask-location").hidden = !(a && a.kind === "location");
    cancelLabel = a && a.cancel ? a.cancel : "";
    $("phone-cancel").hidden = !cancelLabel;
    if (a && a.kind === "contact") { $("phone").focus(); }
  }

  function apply(m) {
    var div = bubbles[m.edit_of || m.id];
    if (!div) {
      div = document.createElement("div");
      div.className = "msg bot";
      chat.appendChild(div);
      bubbles[m.id] = div;
    }
    fill(div, m);
    if (m.ask || !m.edit_of) { ask(m.ask); }
    lastId = Math.max(lastId, m.id);
  }

  function request(method, url, body, headers) {
    var init = { method: method, credentials: "same-origin", headers: headers || {} };
    if (body !== undefined) { init.body = body; init.headers["X-CSRF-Token"] = csrf; }
    return fetch(url, init).then(function (r) {
      if (r.status === 401) {  /* the cookie is gone: a fresh page, once (cookies may be off) */
        if (location.search.indexOf("fresh") < 0) { location.replace("/?fresh=1"); }
        say(words.expired);
        throw new Error("expired");
      }
      return r.json().then(function (data) { data.status = r.status; return data; });
    });
  }

  var first = true;
  function poll() {
    request("GET", "/api/messages?after=" + lastId + "&wait=" + (first ? 0 : 20))
      .then(function (data) {
        say("");
        (data.messages || []).forEach(apply);
        if (data.messages && data.messages.length) { scroll(); }
        if (first && lastId === 0) { send({ kind: "text", text: "/start" }); }
        first = false;
        poll();
      }, function (e) {
        if (e && e.message === "expired") { return; }
        say(words.offline);
        setTimeout(poll, 3000);
      });
  }

  function post(url, body, headers, tries) {
    return request("POST", url, body, headers).then(function (data) {
      if (!data.ok && data.error) { say(data.error); }
      return data;
    }, function (e) {
      if (e && e.message === "expired") { return { ok: false }; }
      if (tries > 0) {
        say(words.offline);
        return new Promise(function (ok) { setTimeout(ok, 2000); })
          .then(function () { return post(url, body, headers, tries - 1); });
      }
      say(words.offline);
      return { ok: false };
    });
  }

  function send(update) {
    update.key = key();  /* the same key on a retry: the server handles it once */
    return post("/api/send", JSON.stringify(update), { "Content-Type": "application/json" }, 3);
  }

  function upload(kind, blob, name) {
    var form = new FormData();
    form.append("kind", kind);
    form.append("key", key());
    form.append("file", blob, name);
    mine(kind === "photo" ? words.you_photo : words.you_voice);
    return post("/api/upload", form, {}, 2);
  }

  $("composer").onsubmit = function (e) {
    e.preventDefault();
    var text = $("text").value.replace(/^\s+|\s+$/g, "");
    if (!text) { return; }
    $("text").value = "";
    mine(text);
    send({ kind: "text", text: text });
  };

  $("ask-phone").onsubmit = function (e) {
    e.preventDefault();
    var phone = $("phone").value.replace(/^\s+|\s+$/g, "");
    if (!phone) { return; }
    $("phone").value = "";
    mine(phone);
    send({ kind: "text", text: phone });  /* a typed number: the flows check it */
  };

  $("phone-cancel").onclick = function () {
    mine(cancelLabel);
    send({ kind: "text", text: cancelLabel });
  };

  $("location").onclick = function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      mine("📍");
      send({ kind: "location", latitude: p.coords.latitude, longitude: p.coords.longitude });
    });
  };

  $("photo").onclick = function () { $("photo-file").click(); };
  $("photo-file").onchange = function () {
    var file = this.files && this.files[0];
    if (file) { upload("photo", file, "photo"); }
    this.value = "";
  };
  $("voice-file").onchange = function () {
    var file = this.files && this.files[0];
    if (file) { upload("voice", file, "voice"); }
    this.value = "";
  };

  /* Voice: recorded in the page where the browser allows it (HTTPS, MediaRecorder), else the
     phone's own recorder through a file input. */
  var recorder = null;
  $("voice").onclick = function () {
    var button = this;
    if (recorder) { recorder.stop(); return; }
    if (!(window.MediaRecorder && navigator.mediaDevices && window.isSecureContext)) {
      $("voice-file").click();
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        recorder = null;
        button.textContent = words.voice;
        button.className = "tool";
        say("");
        upload("voice", new Blob(chunks, { type: chunks.length ? chunks[0].type : "" }), "voice");
      };
      recorder.start();
      button.textContent = words.voice_stop;
      button.className = "tool recording";
      say(words.recording);
    }, function () { $("voice-file").click(); });
  };

  $("recover-form").onsubmit = function (e) {
    e.preventDefault();
    var body = JSON.stringify({ ref: $("recover-ref").value, phone: $("recover-phone").value });
    post("/api/recover", body, { "Content-Type": "application/json" }, 1).then(function (data) {
      $("recover-note").textContent = data.ok ? "" : (data.error || "");
      if (data.ok) { $("recover").open = false; say(""); }
    });
  };

  poll();
})();
