-- netlab.top: the traffic of a host or a lab per connection and per
-- interface, as iftop shows it (rates over the last 2, 10 and 40 s, and
-- totals), refreshed live in the terminal or returned as rows.
--   netlab.top(lab)                                -- live, 30 s or Ctrl-C
--   local v = netlab.top(host, {duration = 3, every = 0.5, draw = false})
--   v.conns[1].sent_rates[1]                       -- bytes/s over the last 2 s
--   print(v.text)                                  -- iftop's screen as text
--
-- Nothing is captured: every EVERY seconds a task of the scheduler reads
-- each host's TCP connections from the kernel's socket table (sock_diag:
-- tcp_info's bytes_acked and bytes_received, what the peer acknowledged
-- and what arrived in order) and its interfaces' counters (ip -s link:
-- tx_bytes, rx_bytes, whole frames), then sleeps (netlab.sleep), so the
-- lab's transfers run meanwhile. A rate over a window W is the bytes
-- counted between the newest reading at least W old and this one,
-- divided by the time between them; before W seconds have passed, the
-- oldest reading is used, as iftop averages over the history it has
-- (its history_length). A connection seen at both its ends (a lab) is
-- one pair, from the end that connected ("=>" what it sent); one that
-- leaves the table (closed) keeps its totals for 40 s, as iftop keeps a
-- silent pair. UDP has no counters in sock_diag: its datagrams count in
-- the interfaces only.
local sched = require "netlab.sched"
local lab = require "netlab.lab"
local sockets = require "netlab.lab_sockets"
local ci = require "netlab.c.iface"
local blame = require "netlab.blame"
local draw = require "netlab.top_draw"
local now = require("netlab.c.loop").now

local M = {}
M.WINDOWS = {2, 10, 40} -- seconds: iftop's three columns
local KEEP = 40 -- seconds a pair stays after its last change
local TCP = {kinds = sockets.KINDS.tcp}

local argerror, typename = lab.argerror, lab.typename

-- Options -------------------------------------------------------------------

-- Raises unless V (option K) is a number of seconds in [LO, HI].
local function check_seconds(k, v, lo, hi)
  if type(v) ~= "number" or v ~= v or v < lo or v > hi then
    local got = type(v) == "number" and (v ~= v and "NaN" or tostring(v)) or typename(v)
    argerror(2, "top", ("%s: seconds from %g to %g expected, got %s"):format(k, lo, hi, got))
  end
end

local CHECKS = {
  duration = function(v) check_seconds("duration", v, 0, 86400) end,
  every = function(v) check_seconds("every", v, 0.01, 3600) end,
  count = function(v)
    if math.type(v) ~= "integer" or v < 1 or v > 1000000 then
      argerror(2, "top", "count: integer 1-1000000 expected, got " .. tostring(v))
    end
  end,
  draw = function(v)
    if type(v) ~= "boolean" then argerror(2, "top", "draw: boolean expected, got " .. typename(v)) end
  end,
  width = function(v)
    if math.type(v) ~= "integer" or v < 40 or v > 1000 then
      argerror(2, "top", "width: integer 40-1000 expected, got " .. tostring(v))
    end
  end,
  each = function(v)
    if type(v) ~= "function" then argerror(2, "top", "each: function expected, got " .. typename(v)) end
  end,
}

-- Reads top's options (argument 2): every, duration, count, draw, width, each.
local function check_opts(opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror(2, "top", "table expected, got " .. typename(opts)) end
  for k, v in pairs(opts) do
    local check = CHECKS[k]
    if not check then argerror(2, "top", ("unknown option '%s'"):format(tostring(k))) end
    check(v)
  end
  local o = {every = opts.every or 1, count = opts.count, each = opts.each, width = opts.width}
  o.duration = opts.duration or (opts.count == nil and 30 or nil)
  local cols, rows = require("netlab.c.fd").termsize(1)
  if opts.draw == nil then o.draw = cols ~= nil else o.draw = opts.draw end
  o.width = o.width or (o.draw and cols and math.max(cols - 1, 40)) or 80
  o.height = o.draw and rows and rows - 1 or nil
  return o
end

-- netlab.lab_machine, which knows the hosts of other machines.
local function machines() return require "netlab.lab_machine" end

-- Raises unless TARGET is an open host or lab.
local function check_target(target)
  if getmetatable(target) == lab.Lab then
    if target._closed then blame.error("attempt to use a closed lab") end
    return
  end
  local remote = machines().machine_of(target) and typename(target) == "netlab.host" -- on another machine
  if not remote and (getmetatable(target) ~= lab.Host or lab.host_state(target) == nil) then
    argerror(1, "top", "host or lab expected, got " .. typename(target))
  end
  if not target:_isopen() then blame.error("attempt to use a closed host") end
end

-- The hosts TARGET holds now | nil once it (or one of them) has closed.
local function hosts_of(target)
  local list = {target}
  if getmetatable(target) == lab.Lab then
    if target._closed then return nil end
    list = target._order -- on every machine
  end
  for _, h in ipairs(list) do
    if not h:_isopen() then return nil end
  end
  return list
end

-- Series: counters read at each reading --------------------------------------

-- Notes counters S (sent) and R (received) of KEY in MAP at reading N:
-- made monotonic across a restart (a 4-tuple used again, an interface
-- made again), a new key starting from 0 unless it is there from the
-- first reading. Returns the entry.
local function note(map, key, n, s, r)
  local e = map[key]
  if not e then
    local base = n == 1 and {s, r} or {0, 0}
    e = {key = key, vals = {}, base = base, raw = {s, r}, add = {0, 0}, changed = n}
    map[key] = e
  end
  for k, v in ipairs{s, r} do
    if v < e.raw[k] then e.add[k] = e.add[k] + e.raw[k] end
    e.raw[k] = v
  end
  local cur = {s + e.add[1], r + e.add[2]}
  local last = e.vals[n - 1]
  if not last or last[1] ~= cur[1] or last[2] ~= cur[2] then e.changed = n end
  e.vals[n], e.seen = cur, n
  return e
end

-- Notes every entry of MAP not read at reading N with its last counters.
local function carry(map, n)
  for _, e in pairs(map) do
    if e.seen ~= n then e.vals[n], e.gone = e.vals[n - 1] or e.base, true end
  end
end

-- The readings each window starts from at reading N: for W seconds, the
-- newest reading about W old (at least W less half a reading interval
-- EVERY: readings come a little late, and one 1.999 s old is 2 s ago),
-- or the first (what history there is).
local function window_starts(top, n, every)
  local starts, t = {}, top.times[n]
  for w, span in ipairs(M.WINDOWS) do
    local j, age = n - 1, span - math.min(every, span) / 2
    while j > top.floor and t - top.times[j] < age do j = j - 1 end
    starts[w] = math.max(j, top.floor)
  end
  return starts
end

-- Entry E's row numbers at reading N: sent, recv, total (bytes since top
-- began) and each window's rates (bytes/s).
local function numbers(top, e, n, starts)
  local cur = e.vals[n]
  local r = {sent = cur[1] - e.base[1], recv = cur[2] - e.base[2], sent_rates = {}, recv_rates = {}}
  r.total = r.sent + r.recv
  for w, j in ipairs(starts) do
    local old, dt = e.vals[j] or e.base, top.times[n] - top.times[j]
    r.sent_rates[w] = dt > 0 and (cur[1] - old[1]) / dt or 0
    r.recv_rates[w] = dt > 0 and (cur[2] - old[2]) / dt or 0
  end
  return r
end

-- Drops what no window needs any more: readings before the 40 s
-- window's start, entries silent for KEEP seconds.
local function prune(top, n, floor)
  for j = top.floor, floor - 1 do top.times[j] = nil end
  top.floor = floor
  for _, map in ipairs{top.conns, top.ifaces} do
    for key, e in pairs(map) do
      for j in pairs(e.vals) do
        if j < floor then e.vals[j] = nil end
      end
      if e.gone and top.times[n] - (top.times[e.changed] or -math.huge) > KEEP then
        top.dropped[1], top.dropped[2] = top.dropped[1] + e.vals[n][1] - e.base[1], top.dropped[2] + e.vals[n][2] - e.base[2]
        map[key] = nil
      end
    end
  end
end

-- Connections ---------------------------------------------------------------

-- "10.0.0.1:5001", "[fd00::1]:5001": an endpoint of row R.
local function ep(ip, port, family)
  return (family == "inet6" and "[" .. ip .. "]" or ip) .. ":" .. port
end

-- The connected TCP rows of READINGS by connection (both ends' rows
-- under one key): key -> {{host =, row =, name =, server =}, ...}; an
-- end is a server's when its port is listened on in its host.
local function by_connection(readings)
  local by = {}
  for _, rd in ipairs(readings) do
    local listening = {}
    for _, r in ipairs(rd.rows) do
      if r.state == "LISTEN" then listening[r.local_port] = true end
    end
    for _, r in ipairs(rd.rows) do
      if r.state ~= "LISTEN" and r.remote_port ~= 0 then
        local a, b = ep(r["local"], r.local_port, r.family), ep(r.remote, r.remote_port, r.family)
        local key = a < b and a .. " " .. b or b .. " " .. a
        by[key] = by[key] or {}
        table.insert(by[key], {host = rd.host, row = r, name = a, server = listening[r.local_port] == true})
      end
    end
  end
  return by
end

-- The end that goes on the left of connection ENDS: the client's (the
-- one whose port is not listened on), else the first seen.
local function left_end(ends)
  for _, e in ipairs(ends) do
    if not e.server then return e.name end
  end
  return ends[1].name
end

-- What the left end (named LEFT) sent and received, from its own row or,
-- where it has no counters (TIME_WAIT), its peer's: sent, recv | nil.
local function counters(ends, left)
  for _, e in ipairs(ends) do
    if e.name == left and e.row.bytes_acked then return e.row.bytes_acked, e.row.bytes_received end
  end
  for _, e in ipairs(ends) do
    if e.name ~= left and e.row.bytes_acked then return e.row.bytes_received, e.row.bytes_acked end
  end
end

-- What a connection's row tells besides its numbers, from ENDS seen now
-- with LEFT on the left: endpoints, hosts, state, the left end's counters.
local function describe(ends, left)
  local d = {}
  for _, e in ipairs(ends) do
    local r = e.row
    if e.name == left then
      d.host, d.src, d.sport, d.dst, d.dport, d.state = e.host:name(), r["local"], r.local_port, r.remote, r.remote_port, r.state
      d.bytes_acked, d.bytes_received, d.segs_out, d.segs_in = r.bytes_acked, r.bytes_received, r.segs_out, r.segs_in
      d.bytes_sent, d.bytes_retrans, d.total_retrans = r.bytes_sent, r.bytes_retrans, r.total_retrans
    else
      d.peer, d.peer_state = e.host:name(), r.state
      if not d.src then d.src, d.sport, d.dst, d.dport = r.remote, r.remote_port, r["local"], r.local_port end
    end
  end
  return d
end

-- Whether the end of ENDS named NAME is a server's; with no NAME,
-- whether ENDS hold a client's end.
local function server_end(ends, name)
  for _, e in ipairs(ends) do
    if name and e.name == name then return e.server end
    if not name and not e.server then return false end
  end
  return name == nil
end

-- Notes reading N's connections (BY, from by_connection). A connection
-- first seen from its server's end alone (the handshake ended between
-- two hosts' readings: the client's row was not there yet) is noted
-- again from its client's end once that shows.
local function note_conns(top, by, n)
  for key, ends in pairs(by) do
    local e = top.conns[key]
    if e and e.left_server and not server_end(ends) then top.conns[key], e = nil, nil end
    local left = e and e.left or left_end(ends)
    local s, r = counters(ends, left)
    if s then
      e = note(top.conns, key, n, s, r)
      e.left, e.gone = left, false
      e.left_server = server_end(ends, left)
    end
    if e then
      local d = describe(ends, left)
      if e.info then d.src = d.src or e.info.src end
      e.info = d
    end
  end
  carry(top.conns, n)
end

-- Interfaces ------------------------------------------------------------------

-- The bytes of whole frames interface row I received: a VXLAN device
-- counts what it sends with the inner Ethernet header but what it
-- receives without it (the kernel's vxlan_rcv counts skb->len after
-- eth_type_trans took the header off), so its count gets those 14 bytes
-- a frame back, and reads as a veth's does (a segment over the far end
-- is 66 bytes of headers, not 52).
local ETH_HLEN = 14
function M.rx_frame_bytes(i)
  if i.kind == "vxlan" then return i.rx_bytes + ETH_HLEN * i.rx_packets end
  return i.rx_bytes
end

-- Notes reading N's interfaces (but lo) of READINGS.
local function note_ifaces(top, readings, n)
  for _, rd in ipairs(readings) do
    for _, i in ipairs(rd.ifaces) do
      if i.name ~= "lo" then
        local rx = M.rx_frame_bytes(i)
        local e = note(top.ifaces, rd.host:name() .. ":" .. i.name, n, i.tx_bytes, rx)
        e.gone, e.order = false, e.order or top.next_order
        top.next_order = top.next_order + 1
        e.info = {host = rd.host:name(), name = i.name, tx_bytes = i.tx_bytes, rx_bytes = rx,
                  tx_packets = i.tx_packets, rx_packets = i.rx_packets}
      end
    end
  end
  carry(top.ifaces, n)
end

-- Reads host H: its TCP rows (no owners: /proc is not walked) and its
-- interfaces | nil, message, errno; a host on another machine is read
-- there, in one round trip.
local function read_host(h)
  local m = machines().machine_of(h)
  if m then
    local rd, err, code = machines().call_fn(m, "top_read", h)
    return rd, err, code
  end
  local rows, err, code = sockets.sockets_of(h, TCP, {})
  if not rows then return nil, err, code end
  local ifs
  ifs, err, code = ci.list(h)
  if not ifs then return nil, ("cannot list the interfaces of %s: %s"):format(h:name(), err), code end
  return {host = h, rows = rows, ifaces = ifs}
end
M.read_host = read_host -- for a worker (fn "top_read")

-- The view -------------------------------------------------------------------

-- The rows of MAP's entries at reading N, each its numbers and its info.
local function rows_of(top, map, n, starts)
  local out = {}
  for _, e in pairs(map) do
    local r = numbers(top, e, n, starts)
    for k, v in pairs(e.info or {}) do r[k] = v end
    r.key, r.gone, r.order = e.key, e.gone or nil, e.order
    out[#out + 1] = r
  end
  return out
end

-- iftop's order: by the 10 s column (sent + received), then by name.
local function by_rate(a, b)
  local x, y = a.sent_rates[2] + a.recv_rates[2], b.sent_rates[2] + b.recv_rates[2]
  if x ~= y then return x > y end
  return a.key < b.key
end

-- The totals of CONNS (the footer): cum, rates, and the peaks of the 2 s
-- rates seen so far (kept in TOP).
local function totals(top, conns)
  local t = {sent = top.dropped[1], recv = top.dropped[2], sent_rates = {0, 0, 0}, recv_rates = {0, 0, 0}, total_rates = {}}
  for _, r in ipairs(conns) do
    t.sent, t.recv = t.sent + r.sent, t.recv + r.recv
    for w = 1, 3 do
      t.sent_rates[w], t.recv_rates[w] = t.sent_rates[w] + r.sent_rates[w], t.recv_rates[w] + r.recv_rates[w]
    end
  end
  t.total = t.sent + t.recv
  for w = 1, 3 do t.total_rates[w] = t.sent_rates[w] + t.recv_rates[w] end
  local p = top.peak
  p.sent, p.recv = math.max(p.sent, t.sent_rates[1]), math.max(p.recv, t.recv_rates[1])
  p.total = math.max(p.total, t.total_rates[1])
  t.peak = {sent = p.sent, recv = p.recv, total = p.total}
  return t
end

-- The view at reading N: time, spans, conns, ifaces, totals, text.
local function view_of(top, n, o)
  local starts = window_starts(top, n, o.every)
  local t = top.times[n]
  local v = {time = t - top.times[1], now = t, reading = n, windows = M.WINDOWS, spans = {}}
  for w, j in ipairs(starts) do v.spans[w] = t - top.times[j] end
  v.conns = rows_of(top, top.conns, n, starts)
  table.sort(v.conns, by_rate)
  v.ifaces = rows_of(top, top.ifaces, n, starts)
  table.sort(v.ifaces, function(a, b) return a.order < b.order end)
  for _, r in ipairs(v.ifaces) do r.order = nil end
  for _, r in ipairs(v.conns) do r.order = nil end
  v.totals = totals(top, v.conns)
  v.text = draw.text(v, {width = o.width})
  prune(top, n, starts[3])
  return v
end

-- One reading of HOSTS into TOP: the view | nil, message, errno.
local function reading(top, hosts, o)
  local readings = {}
  for _, h in ipairs(hosts) do
    local rd, err, code = read_host(h)
    if not rd then return nil, err, code end
    readings[#readings + 1] = rd
  end
  local n = top.n + 1
  top.n, top.times[n] = n, now()
  note_conns(top, by_connection(readings), n)
  note_ifaces(top, readings, n)
  return view_of(top, n, o)
end

-- Drawing in the terminal -------------------------------------------------------

-- A live screen on stdout: each frame drawn over the last (cursor up,
-- clear to the end), the cursor hidden until it is closed.
local function screen(o)
  local s = {lines = 0}
  io.stdout:write("\27[?25l")
  function s.frame(v)
    local text = draw.ansi(v, {width = o.width, height = o.height})
    if s.lines > 0 then io.stdout:write(("\27[%dA\r\27[J"):format(s.lines)) end
    io.stdout:write(text)
    io.stdout:flush()
    s.lines = select(2, text:gsub("\n", ""))
  end
  return setmetatable(s, {__close = function()
    io.stdout:write("\27[?25h")
    io.stdout:flush()
  end})
end

-- netlab.top(host | lab[, {every =, duration =, count =, draw =, width =,
-- each =}]) -> view | nil, message, errno: reads the traffic every EVERY
-- seconds for DURATION seconds (30 unless COUNT is given) or COUNT
-- readings, drawing each on the terminal when DRAW; returns the last.
function M.top(target, opts)
  check_target(target)
  local o = check_opts(opts)
  local top = {times = {}, n = 0, floor = 1, conns = {}, ifaces = {}, dropped = {0, 0},
               peak = {sent = 0, recv = 0, total = 0}, next_order = 0}
  local live <close> = o.draw and screen(o) or nil
  local start, view = now(), nil
  for i = 1, o.count or math.huge do
    local hosts = hosts_of(target)
    if not hosts then return nil, "closed" end
    local v, err, code = reading(top, hosts, o)
    if not v then return nil, err, code end
    view = v
    if live then live.frame(v) end
    if o.each and o.each(v) == false then break end
    local next_at = start + i * o.every
    if i == o.count or (o.duration and next_at > start + o.duration + 1e-6) then break end
    sched.sleep(math.max(next_at - now(), 0)) -- always: a reading late on a busy machine still lets the others run
  end
  return view
end

return M
