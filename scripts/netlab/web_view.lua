-- netlab.web_view: what the web page shows of a lab, as plain tables
-- for JSON: its topology (lab_diagram's layout, each link's marks), its
-- links' packet rates (from the ends' interface counters), a host's
-- socket table (netstat -natp's text) and a TCP connection's ladder and
-- time-sequence graph.
local diagram = require "netlab.lab_diagram"
local json = require "netlab.web_json"
local sched = require "netlab.sched"

local M = {}

-- A direction's settings as one short text: "delay 50ms loss 10%".
local function settings_text(set)
  local out = {}
  for _, k in ipairs{"delay", "jitter", "loss", "rate", "duplicate", "corrupt", "reorder", "limit"} do
    if set[k] ~= nil then out[#out + 1] = k .. " " .. tostring(set[k]) end
  end
  return table.concat(out, " ")
end

-- What the page marks on link L: {cut =, impaired =} texts, from what
-- link:impair and link:cut noted per direction (l._settings; heal
-- forgets it): "both ways", or "from a" for one direction.
local function marks(l)
  local set = l._settings or {{}, {}}
  local cut, impaired = {}, {}
  for i = 1, 2 do
    local from = l._ends[i].host:name()
    if set[i].cut then cut[#cut + 1] = from
    elseif next(set[i]) then impaired[#impaired + 1] = {from, settings_text(set[i])} end
  end
  local out = {}
  if #cut == 2 then out.cut = "both ways" elseif #cut == 1 then out.cut = "from " .. cut[1] end
  if #impaired == 2 and impaired[1][2] == impaired[2][2] then
    out.impaired = impaired[1][2]
  elseif #impaired > 0 then
    local parts = {}
    for i, p in ipairs(impaired) do parts[i] = ("from %s: %s"):format(p[1], p[2]) end
    out.impaired = table.concat(parts, "; ")
  end
  return out
end

-- The topology of LAB for the page: lab_diagram's picture, each edge
-- with its link's marks ({cut =, impaired =} texts) and engine.
function M.topology(lab, control)
  local pic = diagram.picture(lab)
  for _, e in ipairs(pic.edges) do
    local l = lab._links[e.index] -- nil: a link of two hosts on one remote machine
    e.marks = l and marks(l) or {}
    e.engine = l and l._wire and "wire" or "veth"
  end
  json.array(pic.nodes)
  json.array(pic.edges)
  pic.control = control
  return pic
end

-- Packets and bytes through each interface of each host of LAB now:
-- {[host name] = {[iface] = {packets, bytes}}}.
local function counters(lab)
  local top = require "netlab.top"
  local out = {}
  for _, h in ipairs(lab._order) do -- on every machine
    local rows = h:_isopen() and h:ifaces() or nil
    local by = {}
    for _, r in ipairs(rows or {}) do
      by[r.name] = {r.rx_packets + r.tx_packets, top.rx_frame_bytes(r) + r.tx_bytes} -- whole frames, a VXLAN end's too
    end
    out[h:name()] = by
  end
  return out
end

-- The rate row of link I, whose first end is E: packets and bytes per
-- second through it between counters LAST and NOW_C, DT seconds apart.
local function rate(i, e, now_c, last, dt)
  local name = e.host:name()
  local a, b = (now_c[name] or {})[e.iface], (last[name] or {})[e.iface]
  local pps, bps = 0, 0
  if a and b then pps, bps = (a[1] - b[1]) / dt, (a[2] - b[2]) / dt end
  return {index = i, pps = math.max(pps, 0), bps = math.max(bps, 0)}
end

-- A sampler of LAB's link rates: sample() -> {{index, pps, bps}...}, the
-- packets and bytes per second through each link (its first end's
-- interface, both directions) since the sample before.
function M.rates(lab)
  local last, last_t = counters(lab), sched.now()
  return function()
    local now_c, t = counters(lab), sched.now()
    local dt = math.max(t - last_t, 1e-3)
    local out = json.array({})
    local links = table.move(lab._links, 1, #lab._links, 1, {}) -- as lab_diagram's edges
    table.move(lab._remote_links or {}, 1, #(lab._remote_links or {}), #links + 1, links)
    for i, l in ipairs(links) do
      local e = rawget(l, "_ends") and l._ends[1] or l:ends() -- a remote machine's link: asked there
      if e then out[#out + 1] = rate(i, e, now_c, last, dt) end
    end
    last, last_t = now_c, t
    return out
  end
end

-- Host H's sockets as netstat -natp (and -u) prints them, or an error text.
function M.sockets(h)
  if not h:_isopen() then return "(host closed)" end
  local rows, err = h:sockets()
  if not rows then return "cannot read the socket table: " .. tostring(err) end
  return require("netlab.fmt").netstat(rows)
end

-- The key of packet P's TCP connection ("10.0.0.1:40000 10.0.0.2:80",
-- its endpoints in a fixed order), or nil when it carries no TCP.
function M.conv_key(p)
  local tcp = p.tcp
  local ip = tcp and (p.ip or p.ip6)
  if not ip then return nil end
  local function ep(addr, port)
    return (tostring(addr):find(":", 1, true) and "[%s]:%d" or "%s:%d"):format(addr, port)
  end
  local x, y = ep(ip.src, tcp.sport), ep(ip.dst, tcp.dport)
  return x < y and x .. " " .. y or y .. " " .. x
end

-- The packets of connection KEY among PACKETS (a list).
local function conv_packets(packets, key)
  local conv = {}
  for _, p in ipairs(packets) do
    if M.conv_key(p) == key then conv[#conv + 1] = p end
  end
  return conv
end

-- The picture (SVG) of connection KEY among PACKETS (a list) that KIND
-- draws: "ladder" (netlab.ladder, both ends' states) or "seqgraph" (its
-- time-sequence graph, netlab.seqgraph); nil when it has no segment.
function M.picture(kind, packets, key)
  local conv = conv_packets(packets, key)
  if #conv == 0 then return nil end
  local draw = kind == "ladder" and require("netlab.ladder").ladder or require("netlab.seqgraph").seqgraph
  local ok, svg = pcall(draw, conv, {format = "svg"})
  if not ok or type(svg) ~= "string" then return nil end
  return svg
end

return M
