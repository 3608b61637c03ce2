// netlab's live page (served by scripts/netlab/web.lua). Everything the
// server sends is data: it reaches the page through textContent and
// attributes set one by one, never as markup, so no byte of a packet can
// become an element or a script.
"use strict";

const token = new URLSearchParams(location.search).get("t") || "";
const SVGNS = "http://www.w3.org/2000/svg";
const MAX_ROWS = 500;          // packet rows kept in the list
let topo = null;               // the last topology event
let topoText = "";             // ...as it came
let watch = null;              // {iface: "host/eth0", kind: "link"|"iface", index}
let sockHost = null;           // the host whose sockets are shown
let filter = "";
let source = null;             // the EventSource
let stream = null;             // its id, for /api/packet and the ladder
let conv = "";                 // the connection whose ladder is shown
let ladderDue = false;
let shownDropped = 0;
const convs = new Set();

function $(id) { return document.getElementById(id); }

// The URL of PATH with the token and the fields of PARAMS.
function url(path, params) {
  const q = new URLSearchParams({t: token});
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  return path + "?" + q.toString();
}

// An SVG element NAME with attributes ATTRS (numbers or plain strings).
function svg(name, attrs, text) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// Lines of text from (x, y) down.
function lines(x, y, anchor, list, cls, lineh) {
  const g = svg("g");
  list.forEach((s, i) => g.appendChild(svg("text", {x: x, y: y + i * lineh, "text-anchor": anchor, class: cls}, s)));
  return g;
}

// A node's shape (box, ellipse, hexagon), as lab:diagram draws it.
function shape(n) {
  const cls = n.kind + (n.closed ? " closed" : "");
  const hw = n.w / 2, hh = n.h / 2;
  if (n.kind === "router") return svg("ellipse", {cx: n.x, cy: n.y, rx: hw, ry: hh, class: cls});
  if (n.kind === "switch") {
    const p = [[n.x - hw, n.y], [n.x - hw + 12, n.y - hh], [n.x + hw - 12, n.y - hh], [n.x + hw, n.y],
               [n.x + hw - 12, n.y + hh], [n.x - hw + 12, n.y + hh]].map(q => q.join(",")).join(" ");
    return svg("polygon", {points: p, class: cls});
  }
  return svg("rect", {x: n.x - hw, y: n.y - hh, width: n.w, height: n.h, rx: 3, class: cls});
}

// Draws the topology T into the page's SVG.
function drawTopology(t) {
  topo = t;
  const root = $("topology");
  root.replaceChildren();
  root.setAttribute("viewBox", `0 0 ${t.width} ${t.height}`);
  root.setAttribute("width", "100%"); // scaled to its pane, never scrolled
  root.style.maxWidth = t.width * 1.5 + "px";
  const pos = {};
  t.nodes.forEach(n => { pos[n.name] = n; });
  for (const e of t.edges) {
    const a = pos[e.a.host], b = pos[e.b.host];
    const g = svg("g", {"data-link": e.index});
    const cls = "link" + (e.marks.cut ? " cut" : "") + (e.marks.impaired ? " impaired" : "");
    const line = svg("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: cls, "stroke-width": 1.5, id: "link-" + e.index});
    const title = svg("title", {}, linkTitle(e, 0));
    line.appendChild(title);
    const hit = svg("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "hit"});
    hit.addEventListener("click", () => select({iface: e.a.host + "/" + e.a.iface, kind: "link", index: e.index}));
    g.append(line, hit);
    for (const en of [e.a, e.b]) {
      const label = lines(en.x, en.y, en.anchor, en.lines, "port", t.line);
      label.setAttribute("data-iface", en.host + "/" + en.iface);
      label.addEventListener("click", () => select({iface: en.host + "/" + en.iface, kind: "iface", index: e.index}));
      g.appendChild(label);
    }
    const mark = e.marks.cut ? "cut " + e.marks.cut : e.marks.impaired ? "impaired: " + e.marks.impaired : "";
    if (mark) g.appendChild(svg("text", {x: (a.x + b.x) / 2 + 6, y: (a.y + b.y) / 2 + 4, class: "mark"}, mark));
    root.appendChild(g);
  }
  for (const n of t.nodes) {
    const g = svg("g", {"data-host": n.name, class: "node"});
    g.appendChild(shape(n));
    g.appendChild(lines(n.x, n.y - (n.lines.length - 1) * t.line / 2 + 4, "middle", n.lines, "name", t.line));
    g.addEventListener("click", () => { sockHost = n.name; reconnect(); });
    root.appendChild(g);
  }
  $("link-controls").hidden = !(t.control && watch);
  markSelection();
}

// A link's tooltip: its ends and its packet rate.
function linkTitle(e, pps) {
  const marks = [e.marks.cut && "cut " + e.marks.cut, e.marks.impaired && "impaired: " + e.marks.impaired].filter(Boolean);
  return `${e.a.host}:${e.a.iface} - ${e.b.host}:${e.b.iface}, ${pps.toFixed(0)} packets/s` +
    (marks.length ? " (" + marks.join(", ") + ")" : "");
}

// Shows each link's rate: wider and warmer as its packets per second grow.
function drawRates(r) {
  if (!topo) return;
  for (const l of r.links) {
    const line = $("link-" + l.index);
    if (!line) continue;
    const k = Math.min(Math.log10(1 + l.pps) / 4, 1); // 0 idle .. 1 at 10,000/s
    line.setAttribute("stroke-width", (1.5 + 6 * k).toFixed(1));
    if (!line.classList.contains("cut") && !line.classList.contains("selected"))
      line.style.stroke = l.pps < 0.5 ? "" : `hsl(${(120 - 120 * k).toFixed(0)}, 70%, 40%)`;
    line.setAttribute("data-pps", l.pps.toFixed(1));
    const e = topo.edges.find(x => x.index === l.index);
    if (e) line.firstChild.textContent = linkTitle(e, l.pps);
  }
  showDropped(r.dropped);
}

// Highlights the watched link or interface.
function markSelection() {
  document.querySelectorAll("#topology .selected").forEach(x => x.classList.remove("selected"));
  if (!watch) return;
  if (watch.kind === "link") { const l = $("link-" + watch.index); if (l) l.classList.add("selected"); }
  document.querySelectorAll("#topology [data-iface]").forEach(x => {
    if (watch.kind === "iface" && x.getAttribute("data-iface") === watch.iface) x.querySelectorAll("text").forEach(t => t.classList.add("selected"));
  });
}

// Watches W's packets (a link: its first end's interface).
function select(w) {
  watch = w;
  $("watching").textContent = w.kind === "link" ? `on the link at ${w.iface}` : `on ${w.iface}`;
  $("packets").replaceChildren();
  $("hex").textContent = "";
  convs.clear();
  $("conns").replaceChildren(new Option("(pick a connection)", ""));
  conv = "";
  $("ladder").hidden = true;
  markSelection();
  if (topo) $("link-controls").hidden = !topo.control;
  reconnect();
}

// Adds packet rows to the list, the oldest leaving past MAX_ROWS.
function addPackets(ev) {
  const box = $("packets");
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  for (const p of ev.list) {
    const row = document.createElement("div");
    row.textContent = p.line;
    row.dataset.n = String(p.n);
    row.addEventListener("click", () => showPacket(p, row));
    box.appendChild(row);
    if (p.conv) addConv(p.conv);
  }
  while (box.childElementCount > MAX_ROWS) box.firstElementChild.remove();
  if (atEnd) box.scrollTop = box.scrollHeight;
  if (conv && ev.list.some(p => p.conv === conv)) ladderSoon();
  showDropped(ev.dropped, ev.kernel_dropped);
}

// Offers connection KEY in the connection list.
function addConv(key) {
  if (convs.has(key)) return;
  convs.add(key);
  $("conns").appendChild(new Option(key, key));
}

// Shows packet P's hex view (tcpdump -X), fetched from the server.
async function showPacket(p, row) {
  document.querySelectorAll("#packets .selected").forEach(x => x.classList.remove("selected"));
  row.classList.add("selected");
  const r = await fetch(url("/api/packet", {s: stream, n: p.n}));
  $("hex").textContent = r.ok ? (await r.json()).text : await r.text();
  if (p.conv) { $("conns").value = p.conv; showLadder(p.conv); }
}

// Shows connection KEY's ladder, time-sequence graph and cwnd/RTT plot;
// they are fetched again as its packets come (the plot each second too).
function showLadder(key) {
  conv = key;
  for (const kind of ["ladder", "seqgraph", "tcpplot"]) {
    const img = $(kind);
    img.hidden = !key;
    if (key) img.src = url(`/api/${kind}.svg`, {s: stream, conv: key, v: Date.now()});
  }
}

// Reloads the ladder at most every 200 ms while packets of it arrive.
function ladderSoon() {
  if (ladderDue) return;
  ladderDue = true;
  setTimeout(() => { ladderDue = false; showLadder(conv); }, 200);
}

// Says how many updates the page missed.
function showDropped(n, kernel) {
  const total = (n || 0) + (kernel || 0);
  if (total > shownDropped) shownDropped = total;
  $("dropped").textContent = shownDropped ? `${shownDropped} updates dropped (the page could not keep up)` : "";
}

// (Re)opens the event stream for the current choices.
function reconnect() {
  if (source) source.close();
  $("filter-error").textContent = "";
  const u = url("/events", {iface: watch && watch.iface, filter: filter, host: sockHost});
  source = new EventSource(u);
  const s = source;
  s.addEventListener("hello", e => {
    const h = JSON.parse(e.data);
    stream = h.stream;
    // what the stream watches, on the page for those who script it
    document.body.dataset.stream = String(h.stream);
    document.body.dataset.watch = h.iface || "";
    $("status").textContent = "live";
  });
  s.addEventListener("topology", e => { // each new stream sends it: redraw only what changed
    if (e.data !== topoText) { topoText = e.data; drawTopology(JSON.parse(e.data)); }
  });
  s.addEventListener("rates", e => drawRates(JSON.parse(e.data)));
  s.addEventListener("packets", e => addPackets(JSON.parse(e.data)));
  s.addEventListener("ended", e => { // the capture went (its machine's worker ended): no retrying
    s.close();
    $("filter-error").textContent = JSON.parse(e.data).error;
    $("status").textContent = "stream ended";
  });
  s.addEventListener("sockets", e => {
    const d = JSON.parse(e.data);
    $("sockets-host").textContent = "of " + d.host + " (netstat -natp)";
    $("sockets").textContent = d.text;
  });
  s.onerror = async () => {
    if (s !== source) return;
    $("status").textContent = "disconnected (retrying)";
    if (s.readyState === EventSource.CLOSED) { // refused: say why
      const r = await fetch(u).catch(() => null);
      const text = r ? await r.text() : "the server is gone";
      $("filter-error").textContent = text.trim();
      $("status").textContent = "stream refused";
    }
  };
}

// Cuts or heals the selected link (a page served with control = true).
async function changeLink(what) {
  if (!watch) return;
  const r = await fetch(url("/api/link", {i: watch.index, do: what}), {method: "POST"});
  if (!r.ok) $("filter-error").textContent = (await r.text()).trim();
}

document.addEventListener("DOMContentLoaded", () => {
  $("filter-form").addEventListener("submit", e => { e.preventDefault(); filter = $("filter").value; if (watch) select(watch); });
  $("conns").addEventListener("change", e => showLadder(e.target.value));
  $("cut").addEventListener("click", () => changeLink("cut"));
  $("heal").addEventListener("click", () => changeLink("heal"));
  reconnect();
});

// The picked connection's cwnd/RTT plot grows while it is idle too: the
// server samples the kernel's tcp_info while the page keeps asking.
setInterval(() => {
  if (!conv) return;
  $("tcpplot").src = url("/api/tcpplot.svg", {s: stream, conv: conv, v: Date.now()});
}, 1000);
