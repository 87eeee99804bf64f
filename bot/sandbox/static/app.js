// Safety Net sandbox page: five chats drawn from /api/state (long-polled), actions posted back.
"use strict";

const panesEl = document.getElementById("panes");
const statusEl = document.getElementById("status");
const panes = new Map(); // key -> {el, chat, kbd, menu, attach, rendered, lang}
let version = -1;
let commands = {};
let firstRender = true;

// --- talking to the sandbox ------------------------------------------------------------------

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    let reason = res.statusText;
    try { reason = (await res.json()).error || reason; } catch (_) { /* not JSON */ }
    throw new Error(reason);
  }
  return res.json();
}

function report(text, isError) {
  statusEl.textContent = text;
  statusEl.classList.toggle("error", Boolean(isError));
}

async function act(promise) {
  try {
    await promise;
  } catch (err) {
    report("⚠️ " + err.message, true);
  }
}

async function pollForever() {
  for (;;) {
    try {
      const res = await fetch(`/api/state?v=${version}&wait=20`, { cache: "no-store" });
      if (!res.ok) throw new Error(res.statusText);
      const state = await res.json();
      if (statusEl.classList.contains("error")) report("");
      render(state);
    } catch (err) {
      report("⚠️ 与沙盒的连接中断，正在重试… Connection lost, retrying…", true);
      await new Promise((r) => setTimeout(r, 1500));
    }
  }
}

// --- Telegram HTML, kept to the tags Telegram allows --------------------------------------

const TAGS = {
  B: "b", STRONG: "b", I: "i", EM: "i", U: "u", INS: "u", S: "s", STRIKE: "s", DEL: "s",
  CODE: "code", PRE: "pre", BLOCKQUOTE: "blockquote",
};

function telegramHtml(html) {
  const tpl = document.createElement("template");
  tpl.innerHTML = html; // inert: nothing in a template runs or loads
  const out = document.createDocumentFragment();
  copyAllowed(tpl.content, out);
  return out;
}

function copyAllowed(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.textContent));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      let el = null;
      const name = node.tagName;
      if (TAGS[name]) {
        el = document.createElement(TAGS[name]);
      } else if (name === "A" && /^(https?:|tg:)/i.test(node.getAttribute("href") || "")) {
        el = document.createElement("a");
        el.href = node.getAttribute("href");
        el.target = "_blank";
        el.rel = "noopener noreferrer";
      } else if (name === "TG-SPOILER" || (name === "SPAN" && node.classList.contains("tg-spoiler"))) {
        el = document.createElement("span");
        el.className = "spoiler";
      }
      if (el) {
        copyAllowed(node, el);
        to.appendChild(el);
      } else {
        copyAllowed(node, to); // unknown tag: keep its text only
      }
    }
  }
}

// --- drawing ---------------------------------------------------------------------------------

function paneFor(p) {
  if (panes.has(p.key)) return panes.get(p.key);
  const el = document.getElementById("pane-tpl").content.firstElementChild.cloneNode(true);
  el.dataset.pane = p.key;
  el.querySelector(".avatar").textContent = p.name.slice(0, 1);
  el.querySelector(".pane-name").textContent = p.name;
  el.querySelector(".pane-role").textContent = `${p.title_zh} · ${p.title_en}`;
  const pane = {
    key: p.key, el, rendered: "", lang: p.lang,
    chat: el.querySelector(".chat"), kbd: el.querySelector(".kbd"),
    menu: el.querySelector(".menu"), attach: el.querySelector(".attach-menu"),
    text: el.querySelector(".text"), file: el.querySelector(".file"),
  };
  wirePane(pane);
  panesEl.appendChild(el);
  panes.set(p.key, pane);
  return pane;
}

function render(state) {
  version = state.version;
  commands = state.commands || {};
  document.getElementById("clock-day").textContent = state.clock.day;
  document.getElementById("clock-time").textContent = state.clock.time;
  document.getElementById("clock-tz").textContent = state.clock.tz;
  document.getElementById("framework").textContent = `· ${state.framework}`;
  for (const p of state.panes) {
    const pane = paneFor(p);
    pane.lang = p.lang;
    pane.el.querySelector(".lang").textContent = p.lang === "en" ? "EN → 中" : "中 → EN";
    pane.el.dataset.lang = p.lang;
    const fingerprint = JSON.stringify([p.messages, p.keyboard]);
    if (fingerprint === pane.rendered) continue;
    pane.rendered = fingerprint;
    drawChat(pane, p.messages);
    drawKeyboard(pane, p.keyboard);
  }
  for (const p of state.panes) showToast(panes.get(p.key), p.toast, firstRender);
  firstRender = false;
  document.body.dataset.version = String(state.version); // tests wait on this
}

// The bot's answer to a button press (answerCallbackQuery text), shown briefly over the chat.
function showToast(pane, toast, quietly) {
  if (!toast || toast.id === pane.toastId) return;
  pane.toastId = toast.id;
  if (quietly) return; // an old answer, from before the page was opened
  let el = pane.el.querySelector(".toast");
  if (!el) {
    el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    pane.el.appendChild(el);
  }
  el.textContent = toast.text;
  el.classList.toggle("alert", Boolean(toast.alert));
  el.hidden = false;
  clearTimeout(pane.toastTimer);
  pane.toastTimer = setTimeout(() => { el.hidden = true; }, toast.alert ? 5000 : 2500);
}

function drawChat(pane, messages) {
  const chat = pane.chat;
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 60;
  chat.replaceChildren();
  if (!messages.length) {
    const empty = document.createElement("div");
    empty.className = "empty";
    empty.innerHTML = "还没有消息<br><span class='en'>No messages yet</span><br>";
    const start = document.createElement("button");
    start.type = "button";
    start.textContent = "/start";
    start.addEventListener("click", () => act(post("/api/send", { pane: pane.key, text: "/start" })));
    empty.appendChild(start);
    chat.appendChild(empty);
    return;
  }
  let day = "";
  for (const m of messages) {
    if (m.day !== day) {
      day = m.day;
      const sep = document.createElement("div");
      sep.className = "day";
      sep.textContent = day;
      chat.appendChild(sep);
    }
    chat.appendChild(drawMessage(pane, m));
  }
  if (atBottom || pane.justActed) chat.scrollTop = chat.scrollHeight;
  pane.justActed = false;
}

function drawMessage(pane, m) {
  const wrap = document.createElement("div");
  wrap.className = `msg ${m.from === "me" ? "me" : "bot"}`;
  wrap.dataset.id = m.id;
  if (m.message_id) wrap.dataset.messageId = m.message_id;
  if (m.edited) wrap.dataset.edited = m.edited;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (m.file_url && m.kind === "photo") {
    const img = document.createElement("img");
    img.src = m.file_url;
    img.alt = "照片 photo";
    bubble.appendChild(img);
  } else if (m.file_url) {
    const link = document.createElement("a");
    link.className = "file-link";
    link.href = m.file_url;
    link.download = m.file_name || "file";
    link.textContent = `📄 ${m.file_name || "file"}`;
    bubble.appendChild(link);
    bubble.appendChild(document.createElement("br"));
  }
  const body = document.createElement("span");
  body.className = "text";
  body.appendChild(telegramHtml(m.html || ""));
  bubble.appendChild(body);
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = (m.edited ? "已编辑 edited · " : "") + m.time;
  bubble.appendChild(meta);
  wrap.appendChild(bubble);
  if (m.buttons && m.buttons.length) {
    wrap.classList.add("has-kbd");
    wrap.appendChild(drawInlineKeyboard(pane, m));
  }
  return wrap;
}

function drawInlineKeyboard(pane, m) {
  const box = document.createElement("div");
  box.className = "ikbd";
  for (const row of m.buttons) {
    const rowEl = document.createElement("div");
    rowEl.className = "irow";
    for (const b of row) {
      let btn;
      if (b.url) {
        btn = document.createElement("a");
        btn.href = b.url;
        btn.target = "_blank";
        btn.rel = "noopener noreferrer";
      } else {
        btn = document.createElement("button");
        btn.type = "button";
        btn.dataset.data = b.callback_data;
        btn.addEventListener("click", () => {
          btn.disabled = true;
          pane.justActed = true;
          act(post("/api/press", { pane: pane.key, message_id: m.message_id, data: b.callback_data })
            .finally(() => { btn.disabled = false; }));
        });
      }
      btn.className = "ibtn";
      btn.textContent = b.text;
      rowEl.appendChild(btn);
    }
    box.appendChild(rowEl);
  }
  return box;
}

function drawKeyboard(pane, rows) {
  pane.kbd.replaceChildren();
  pane.kbd.hidden = !rows;
  if (!rows) return;
  for (const row of rows) {
    const rowEl = document.createElement("div");
    rowEl.className = "krow";
    for (const b of row) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "kbtn";
      btn.textContent = b.text;
      btn.addEventListener("click", () => {
        pane.justActed = true;
        if (b.request_contact) act(post("/api/contact", { pane: pane.key }));
        else if (b.request_location) act(post("/api/location", { pane: pane.key }));
        else act(post("/api/send", { pane: pane.key, text: b.text }));
      });
      rowEl.appendChild(btn);
    }
    pane.kbd.appendChild(rowEl);
  }
}

// --- a pane's controls ------------------------------------------------------------------------

function wirePane(pane) {
  const form = pane.el.querySelector(".compose");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = pane.text.value.trim();
    if (!text) return;
    pane.text.value = "";
    pane.justActed = true;
    closePopups(pane);
    act(post("/api/send", { pane: pane.key, text }));
  });
  pane.el.querySelector(".lang").addEventListener("click", () => {
    pane.justActed = true;
    act(post("/api/lang", { pane: pane.key, lang: pane.lang === "en" ? "zh" : "en" }));
  });
  pane.el.querySelector(".menu-btn").addEventListener("click", () => {
    pane.attach.hidden = true;
    if (pane.menu.hidden) fillMenu(pane);
    pane.menu.hidden = !pane.menu.hidden;
  });
  pane.el.querySelector(".attach").addEventListener("click", () => {
    pane.menu.hidden = true;
    pane.attach.hidden = !pane.attach.hidden;
  });
  pane.attach.addEventListener("click", (ev) => {
    const button = ev.target.closest("button");
    if (!button) return;
    closePopups(pane);
    pane.justActed = true;
    const what = button.dataset.act;
    if (what === "photo-file") pane.file.click();
    else if (what === "photo-sample") act(sendPhoto(pane, null));
    else if (what === "location") act(post("/api/location", { pane: pane.key }));
    else if (what === "contact") act(post("/api/contact", { pane: pane.key }));
  });
  pane.file.addEventListener("change", () => {
    const file = pane.file.files[0];
    pane.file.value = "";
    if (file) act(sendPhoto(pane, file));
  });
}

function closePopups(pane) {
  pane.menu.hidden = true;
  pane.attach.hidden = true;
}

async function sendPhoto(pane, file) {
  const form = new FormData();
  form.append("pane", pane.key);
  const caption = pane.text.value.trim();
  if (caption) {
    form.append("caption", caption);
    pane.text.value = "";
  }
  if (file) form.append("file", file);
  const res = await fetch("/api/photo", { method: "POST", body: form });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
}

// Commands as the bot registered them (setMyCommands), in the pane's language.
function fillMenu(pane) {
  const list = pane.menu.querySelector(".menu-list");
  list.replaceChildren();
  const items = commands[pane.lang] || commands[""] || [];
  for (const c of items) {
    const btn = document.createElement("button");
    btn.type = "button";
    const cmd = document.createElement("span");
    cmd.className = "cmd";
    cmd.textContent = "/" + c.command;
    const desc = document.createElement("span");
    desc.className = "desc";
    desc.textContent = c.description;
    btn.append(cmd, desc);
    btn.addEventListener("click", () => {
      pane.menu.hidden = true;
      if (c.command === "case" || c.command === "join") {
        pane.text.value = `/${c.command} `; // needs an argument: let the person type it
        pane.text.focus();
      } else {
        pane.justActed = true;
        act(post("/api/send", { pane: pane.key, text: "/" + c.command }));
      }
    });
    list.appendChild(btn);
  }
}

// --- the clock ---------------------------------------------------------------------------------

for (const button of document.querySelectorAll(".ffwd button")) {
  button.addEventListener("click", async () => {
    const all = document.querySelectorAll(".ffwd button");
    all.forEach((b) => { b.disabled = true; });
    try {
      const res = await post("/api/clock", { hours: Number(button.dataset.hours) });
      report(`⏩ ${res.now.slice(0, 16).replace("T", " ")} UTC`);
    } catch (err) {
      report("⚠️ " + err.message, true);
    } finally {
      all.forEach((b) => { b.disabled = false; });
    }
  });
}

pollForever();
