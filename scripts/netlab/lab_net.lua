-- netlab.lab_net: routers, switches, ping and traceroute for labs.
--   local r = lab:router "r"        -- a host that forwards IPv4 and IPv6
--   local sw = lab:switch "sw"      -- a LAN segment: bridge br0 in a host
--   lab:link(a, sw, "10.0.0.1/24")  -- a's eth0 plugged into the switch
--   local res = a:ping("10.0.0.2", {count = 3, interval = 0.2})
--   print(res)                      -- what ping prints
--   print(a:traceroute("10.0.1.2")) -- hop by hop, through routers
--
-- A switch is a host (a namespace of its own, never the machine's) whose
-- only job is its bridge br0: the switch end of each link is a port of
-- br0, without addresses. It is listed by lab:hosts() and has host:sh, so
-- `sw:sh("bridge fdb show")` shows the MACs it has learnt.
--
-- Ping uses datagram ICMP sockets ("ping sockets"), not raw ones: the
-- kernel gives each socket its own identifier and hands it only its own
-- replies and the ICMP errors about its requests (IP_RECVERR), so two
-- pings at once never see each other's packets and no raw socket
-- privilege is needed. A host's namespace allows them to everyone
-- (net.ipv4.ping_group_range "0 2147483647"), set at its first ping; the
-- machine's range (netlab.here) is only set where it refuses netlab.
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local net = require "netlab.c.net"
local sched = require "netlab.sched"
local clab = require "netlab.c.lab"
local errno = require "netlab.errno"

local M = {}
local Lab, argerror, check_name -- lab.lua's Lab, argerror and check_name, given to M.install

local methods = clab.meta.__index
local switches = setmetatable({}, {__mode = "k"}) -- switch host -> true
local routers = setmetatable({}, {__mode = "k"}) -- router host -> true
local pingable = setmetatable({}, {__mode = "k"}) -- host -> group range set
local BRIDGE = "br0"

M.BRIDGE = BRIDGE

-- Raises unless NAME is a free host name of LAB (for method FNAME).
local function check_new_name(lab, name, fname)
  selfcheck.check(lab, Lab, fname, 2)
  if lab._closed then blame.error("attempt to use a closed lab") end
  check_name(name, fname)
  if lab._byname[name] then
    argerror(1, fname, ("this lab already has a host named %q"):format(name), 3)
  end
end

-- Sets sysctl KEY to VALUE in host H; on failure closes nothing.
local function sysctl(h, key, value)
  local ok, err, code = net.sysctl(h, key, value)
  if not ok then return nil, ("cannot set %s in %s: %s"):format(key, h:name(), err), code end
  return true
end

-- Adds lab:router, lab:switch and switch ends to lab:link to LAB_MODULE
-- (netlab.lab, which calls this as it loads).
function M.install(lab_module)
  Lab, argerror, check_name = lab_module.Lab, lab_module.argerror, lab_module.check_name
  -- lab:router(name[, {on =}]) -> host | nil, message, errno: a host that
  -- forwards IPv4 and IPv6 between its links (ip_forward,
  -- conf.all.forwarding), on machine ON (lab:machine) or here.
  function Lab:router(name, opts)
    check_new_name(self, name, "router")
    local on = lab_module.machine_for(self, name, opts, "router")
    if on then
      local h, err, code = require("netlab.lab_machine").host(self, name, on, "router")
      return h, err, code
    end
    local h, err, code = self:host(name)
    if not h then return nil, err, code end
    local ok
    ok, err, code = sysctl(h, "net.ipv4.ip_forward", "1")
    if ok then ok, err, code = sysctl(h, "net.ipv6.conf.all.forwarding", "1") end
    if not ok then return nil, err, code end
    routers[h] = true
    return h
  end

  -- lab:switch(name[, {on =}]) -> switch | nil, message, errno: a LAN
  -- segment, on machine ON (lab:machine) or here; hosts linked to it share
  -- one network (lab:link(host, sw, "10.0.0.1/24")).
  function Lab:switch(name, opts)
    check_new_name(self, name, "switch")
    local on = lab_module.machine_for(self, name, opts, "switch")
    if on then
      local h, err, code = require("netlab.lab_machine").host(self, name, on, "switch")
      return h, err, code
    end
    local h, err, code = self:host(name)
    if not h then return nil, err, code end
    -- Its bridge and ports carry frames only: no IPv6 of their own (no
    -- link-local address, DAD, MLD or router solicitation, which the
    -- switches of a big lab would flood to all its hosts; no per-port
    -- routes, which made each new port cost more than the one before).
    local ok
    ok, err, code = sysctl(h, "net.ipv6.conf.default.disable_ipv6", "1")
    if not ok then return nil, err, code end
    ok, err, code = net.bridge(h, BRIDGE)
    if not ok then return nil, ("cannot make switch %s: %s"):format(name, err), code end
    switches[h] = true
    return h
  end

  -- host:is_switch() -> true if the host is a switch (lab:switch).
  function methods:is_switch()
    selfcheck.check(self, clab.meta, "is_switch")
    return switches[self] == true
  end

  -- host:is_router() -> true if the host is a router (lab:router).
  function methods:is_router()
    selfcheck.check(self, clab.meta, "is_router")
    return routers[self] == true
  end

  -- lab:link with a switch at one end (or both): that end has no address
  -- and becomes a port of the switch's bridge.
  local raw_link = Lab.link
  function Lab:link(x, y, addr_x, addr_y, opts)
    local sx, sy = switches[x], switches[y]
    if not (sx or sy) then return raw_link(self, x, y, addr_x, addr_y, opts) end
    if sx and addr_x ~= nil then argerror(3, "link", ("switch %s takes no address"):format(x:name())) end
    if sy and addr_y ~= nil then argerror(4, "link", ("switch %s takes no address"):format(y:name())) end
    local l, err, code = raw_link(self, x, y, addr_x, addr_y, opts)
    if not l then return nil, err, code end
    if l._cross then return l end -- between machines: each end was plugged in as it was made
    local ex, ey = l:ends()
    for _, e in ipairs{ex, ey} do
      if switches[e.host] then
        local ok
        ok, err, code = net.enslave(e.host, BRIDGE, e.iface)
        if not ok then
          local other = e == ex and ey or ex
          e.host:_link_del(e.iface) -- its peer goes with it
          if l._wire then
            other.host:_link_del(other.iface)
            require("netlab.lab_wire").close(l._wire)
          else
            other.host:_name_freed(other.iface)
          end
          table.remove(self._links)
          if code == errno.EXFULL then -- the kernel's BR_MAX_PORTS
            err = "it has 1023 ports, the most a kernel bridge takes; join another switch to it"
          end
          return nil, ("cannot plug %s into switch %s: %s"):format(e.iface, e.host:name(), err), code
        end
      end
    end
    return l
  end
end

-- Ping ------------------------------------------------------------------

-- Raises unless H is an open host (for method FNAME).
local function check_host(h, fname)
  selfcheck.check(h, clab.meta, fname, 2)
  if not h:_isopen() then error("attempt to use a closed host", 3) end
end

-- Reads option KEY of OPTS: a number in [LO, HI] (INTEGER: whole), or DEF.
local function opt_number(opts, key, def, lo, hi, integer, fname)
  local v = opts[key]
  if v == nil then return def end
  if type(v) ~= "number" or v ~= v or v < lo or v > hi or (integer and math.type(v) ~= "integer") then
    argerror(2, fname, ("%s: %s %s-%s expected, got %s"):format(key, integer and "integer" or "number",
      lo, hi, tostring(v)), 3)
  end
  return v
end

-- The IP DST names, seen from host H: numeric text as it is, a lab host's
-- name (or another name) as netlab's connect() resolves it in H.
local function resolve(h, dst, fname)
  if type(dst) ~= "string" then argerror(1, fname, "address or name expected, got " .. type(dst), 3) end
  local numeric = dst:match("^[%d.]+$") or dst:find(":", 1, true)
  if numeric then
    local family, ip = clab.cidr(dst .. (dst:find(":", 1, true) and "/128" or "/32"))
    if not family then argerror(1, fname, ("invalid address %q"):format(dst), 3) end
    return ip, family
  end
  local s, err, code = h:udp()
  if not s then return nil, err, code end
  local ok
  ok, err, code = s:setpeername(dst, 9) -- a UDP "connect" sends nothing
  local ip = ok and s:getpeername()
  s:close()
  if not ip then return nil, ("cannot resolve %s: %s"):format(dst, err or "no address"), code end
  return ip, "inet"
end

-- Closing an ICMP socket (the lab closes its host's) ends a ping or a
-- traceroute waiting on it with "closed".
sched.wake_on_close(net.icmp_meta)

-- Opens an ICMP socket of FAMILY in H. Where H's range of groups refuses
-- it (a new namespace allows none), it first lets the host's users ping;
-- a range that already allows netlab is left as it is: the machine's
-- (netlab.here), which Debian opens to every group, is not netlab's to
-- change, and rootless netlab could not (its gid reads as nobody's there).
local function icmp_socket(h, family)
  local s, err, code = net.icmp(h, family)
  if not s and not pingable[h] then
    local ok
    ok, err, code = sysctl(h, "net.ipv4.ping_group_range", "0 2147483647")
    if not ok and code == require("netlab.errno").EINVAL then -- rootless: gid 0 only
      ok, err, code = sysctl(h, "net.ipv4.ping_group_range", "0 0")
    end
    if not ok then return nil, err, code end
    pingable[h] = true
    s, err, code = net.icmp(h, family)
  end
  if not s then return nil, err, code end
  require("netlab.lab").host_state(h).sockets[s] = true
  return s
end

-- Milliseconds since T0.
local function ms_since(t0) return (sched.now() - t0) * 1000 end

-- Reads every message waiting on S into HANDLE(msg). A pending socket
-- error the kernel reports once (an ICMP error it also queued) is
-- skipped; only one that keeps coming is returned.
local function drain(s, handle)
  local errors = 0
  while true do
    local m, err, code = s:recv()
    if m then
      handle(m)
    elseif err == "wantread" then
      return true
    else
      errors = errors + 1
      if errors > 16 then return nil, err, code end
    end
  end
end

-- Waits until DEADLINE for messages on S, each given to HANDLE; stops
-- early when DONE() says so, and with nil, "closed" when the lab closes S.
local function collect(s, deadline, handle, done)
  repeat
    -- the lab may close S once our wait was answered, before we ran
    if s:getfd() < 0 then return nil, "closed" end
    local ok, err, code = drain(s, handle)
    if not ok then return nil, err, code end
    if done() then return true end
    local left = deadline - sched.now()
    if left <= 0 then return true end
    ok, err = sched.wait_fd(s:getfd(), "r", left)
    if not ok and err == "closed" then return nil, "closed" end
  until false
end

local ICMP_TEXT = {
  inet = {
    [3] = {[0] = "Destination Net Unreachable", [1] = "Destination Host Unreachable",
      [3] = "Destination Port Unreachable"},
    [11] = {[0] = "Time to live exceeded"},
  },
  inet6 = {
    [1] = {[0] = "Destination unreachable: No route", [3] = "Destination unreachable: Address unreachable",
      [4] = "Destination unreachable: Port unreachable"},
    [3] = {[0] = "Time exceeded: Hop limit"},
  },
}
-- ping's words for an ICMP (FAMILY "inet") or ICMPv6 error message.
local function icmp_text(m, family)
  local t = ICMP_TEXT[family][m.type]
  return t and t[m.code] or ("ICMP type %d code %d (%s)"):format(m.type, m.code, m.error or "?")
end

-- Is M a "time exceeded" (TTL or hop limit) error?
local function time_exceeded(m, family)
  return m.type == (family == "inet6" and 3 or 11)
end

-- The floor of the square root of A >= 0, as ping's llsqrt finds it.
local function llsqrt(a)
  local prev, x = math.maxinteger, a
  if x > 0 then
    while x < prev do prev, x = x, (x + a // x) // 2 end
  end
  return x
end

-- The summary numbers of R's rows, as ping computes them: in whole
-- microseconds, duplicates among the times (not among the received).
local function summarize(r)
  local n, dups, sum, sum2, min, max = 0, 0, 0, 0.0, math.maxinteger, 0
  for _, row in ipairs(r.rows) do
    if not row.error then
      if row.dup then dups = dups + 1 else n = n + 1 end
      sum, sum2 = sum + row.us, sum2 + (row.us * row.us + 0.0)
      min, max = math.min(min, row.us), math.max(max, row.us)
    end
  end
  r.received, r.duplicates = n, dups
  r.loss = r.transmitted > 0 and (r.transmitted - r.received) * 100 / r.transmitted or 0
  if n == 0 then return end
  local total = n + dups
  local avg, var = sum // total, nil
  if sum < 0x7fffffff then var = (sum2 - (sum * sum) // total) / total else var = sum2 / total - avg * avg end
  r.us = {min = min, avg = avg, max = max, mdev = llsqrt(math.tointeger(var // 1) or 0)}
  r.min, r.avg, r.max, r.mdev = min / 1000, avg / 1000, max / 1000, r.us.mdev / 1000
end

-- A reply's time as ping writes it: fewer decimals as it grows.
local function time_text(us)
  if us >= 100000 - 50 then return ("%d"):format((us + 500) // 1000) end
  if us >= 10000 - 5 then return ("%d.%01d"):format((us + 50) // 1000, (us + 50) % 1000 // 100) end
  if us >= 1000 then return ("%d.%02d"):format((us + 5) // 1000, (us + 5) % 1000 // 10) end
  return ("%d.%03d"):format(us // 1000, us % 1000)
end

-- The name a reverse lookup gives IP in host H, as ping's getnameinfo
-- finds it in the hosts file H's programs see (the lab's names; the
-- machine's /etc/hosts for netlab.here): its first line for IP, or nil.
local function reverse_name(h, ip)
  local lab = require "netlab.lab"
  local st = lab.host_state(h)
  local text = st.lab and lab.hosts_text(st.lab)
  if not text then
    local f = io.open("/etc/hosts")
    text = f and f:read("a") or ""
    if f then f:close() end
  end
  for line in text:gmatch("[^\n]+") do
    local addr, name = line:match("^%s*([^%s#]+)%s+([^%s#]+)")
    if addr == ip then return name end
  end
end

-- How ping names a packet's source FROM: pinging a name, iputils looks
-- every source up ("d (10.0.1.2)", "r (10.0.0.254)"; the address alone
-- when it has no name); pinging an address, it looks nothing up.
local function source_text(r, from)
  if r.dst == r.ip then return from end
  if r.names[from] == nil then
    local name = reverse_name(r.host, from)
    r.names[from] = name and ("%s (%s)"):format(name, from) or from
  end
  return r.names[from]
end

-- ping's packet loss: a C float written with %g.
local function loss_text(r)
  local loss = (r.transmitted - r.received) * 100.0 / r.transmitted
  return ("%g"):format(string.unpack("f", string.pack("f", loss)))
end

-- ping's last line: the rtt figures, "pipe N" when more than one request
-- was awaited at once, both or neither (an empty line).
local function last_line(r)
  local parts = {}
  local us = r.us
  if us then
    parts[1] = ("rtt min/avg/max/mdev = %d.%03d/%d.%03d/%d.%03d/%d.%03d ms"):format(us.min // 1000, us.min % 1000,
      us.avg // 1000, us.avg % 1000, us.max // 1000, us.max % 1000, us.mdev // 1000, us.mdev % 1000)
  end
  if r.pipe > 1 then parts[#parts + 1] = ("pipe %d"):format(r.pipe) end
  return table.concat(parts, ", ")
end

-- The text ping prints for the rows and summary of R (without its last
-- newline).
local function ping_text(r)
  local out = {r.family == "inet6" and ("PING %s(%s) %d data bytes"):format(r.dst, r.ip, r.size) -- ping6's
    or ("PING %s (%s) %d(%d) bytes of data."):format(r.dst, r.ip, r.size, r.size + 28)} -- IP and ICMP headers
  for _, row in ipairs(r.rows) do
    if row.error then
      out[#out + 1] = ("From %s icmp_seq=%d %s"):format(source_text(r, row.from), row.seq, row.error)
    else
      out[#out + 1] = ("%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms%s"):format(row.bytes,
        source_text(r, row.from), row.seq, row.ttl or 0, time_text(row.us), row.dup and " (DUP!)" or "")
    end
  end
  out[#out + 1] = ""
  out[#out + 1] = ("--- %s ping statistics ---"):format(r.dst)
  local dups = r.duplicates > 0 and (", +%d duplicates"):format(r.duplicates) or ""
  local errors = r.errors > 0 and (", +%d errors"):format(r.errors) or ""
  out[#out + 1] = ("%d packets transmitted, %d received%s%s, %s%% packet loss, time %dms"):format(r.transmitted,
    r.received, dups, errors, loss_text(r), math.floor(r.time + 0.5))
  out[#out + 1] = last_line(r)
  return table.concat(out, "\n")
end

local Result = {__name = "netlab.ping", __tostring = function(r) return r.text end}

-- Reads host:ping's options.
local function ping_opts(opts)
  if opts ~= nil and type(opts) ~= "table" then argerror(2, "ping", "table expected, got " .. type(opts), 2) end
  opts = opts or {}
  return {
    count = opt_number(opts, "count", 3, 1, 100000, true, "ping"),
    interval = opt_number(opts, "interval", 1, 0.001, 3600, false, "ping"),
    ttl = opt_number(opts, "ttl", 64, 1, 255, true, "ping"),
    size = opt_number(opts, "size", 56, 0, 65000, true, "ping"),
    timeout = opt_number(opts, "timeout", 1, 0, 3600, false, "ping"),
  }
end

-- host:ping(dst[, {count =, interval =, ttl =, size =, timeout =}]) ->
-- result | nil, message, errno: COUNT echo requests (3) every INTERVAL
-- seconds (1), then up to TIMEOUT seconds (1) for the last replies.
-- result.rows: {seq, id, type, code, ttl, rtt (ms), bytes, from, dup} per
-- reply (dup: a copy of one already counted, "(DUP!)" as ping says) or
-- {seq, type, code, from, error} per ICMP error; result.transmitted,
-- received, duplicates, errors, loss (%), min, avg, max, mdev (ms), time (ms), text
-- (what ping prints; also tostring(result)). DST is an IPv4 or IPv6
-- address or a name (IPv4); for IPv6, types are ICMPv6's (129 reply).
function methods:ping(dst, opts)
  check_host(self, "ping")
  local o = ping_opts(opts)
  local ip, family, code = resolve(self, dst, "ping")
  if not ip then return nil, family, code end
  local s <close>, err, scode = icmp_socket(self, family)
  if not s then return nil, "ping: " .. err, scode end
  local ok
  ok, err, code = s:ttl(o.ttl)
  if not ok then return nil, "ping: " .. err, code end
  local r = setmetatable({dst = dst, ip = ip, family = family, size = o.size, rows = {},
    transmitted = 0, errors = 0, pipe = 0, host = self, names = {}}, Result)
  -- seq -> time sent; seq -> replied; seq -> still awaited
  local sent, got, pending, t0 = {}, {}, {}, sched.now()
  local unique = 0
  local function handle(m)
    local at = sent[m.seq]
    -- ping stops reading once COUNT requests are answered
    if not at or unique + r.errors >= o.count then return end
    local row = {seq = m.seq, id = m.id, type = m.type, code = m.code, from = m.from, bytes = m.bytes}
    r.pipe = math.max(r.pipe, r.transmitted - m.seq + 1) -- requests awaited, as ping's acknowledge()
    if m.error then
      row.error = icmp_text(m, family)
      r.errors = r.errors + 1
      pending[m.seq] = nil -- no reply will come
    else
      row.ttl, row.us = m.ttl, math.floor(ms_since(at) * 1000)
      row.rtt, row.dup = row.us / 1000, got[m.seq]
      if not got[m.seq] then unique = unique + 1 end
      got[m.seq], pending[m.seq] = true, nil
    end
    r.rows[#r.rows + 1] = row
  end
  for seq = 1, o.count do
    sent[seq], pending[seq] = sched.now(), true
    ok, err, code = s:echo(ip, seq, o.size)
    if not ok then return nil, ("ping: %s: %s"):format(ip, err), code end
    r.transmitted = seq
    local last = seq == o.count
    local deadline = sched.now() + (last and o.timeout or o.interval)
    ok, err, code = collect(s, deadline, handle, function() return last and next(pending) == nil end)
    if err == "closed" then return nil, "closed" end -- the lab closed
    if not ok then return nil, "ping: " .. err, code end
  end
  r.time = ms_since(t0)
  summarize(r)
  r.text = ping_text(r)
  r.host, r.names = nil, nil
  return r
end

-- Traceroute ------------------------------------------------------------

-- traceroute's note after a probe's time for an ICMP error that ends the
-- path (traceroute.c's parse_icmp_res): "" for port unreachable (the
-- destination was reached); time exceeded has none.
local TRACE_NOTE = {
  inet = {[3] = {[0] = "!N", "!H", "!P", "", "!F", "!S", "!N", "!H", "!H", "!X", "!X", "!N", "!H", "!X",
    "!V", "!C"}},
  inet6 = {[1] = {[0] = "!N", "!X", "!S", "!H", ""}},
}
-- The note for an ICMP (FAMILY) error M, as traceroute writes it.
local function trace_note(m, family)
  local t = TRACE_NOTE[family][m.type]
  if t then return t[m.code] or ("!<%d>"):format(m.code) end
  return ("!<%d-%d>"):format(m.type, m.code)
end

-- One hop's line as traceroute's print_probe writes it: an address when
-- a probe's differs from the last answered one, its time, its note;
-- " *" for a probe nothing answered.
local function hop_line(h)
  local out, last = {("%2d "):format(h.hop)}, nil
  for _, p in ipairs(h.probes) do
    if not p.from then
      out[#out + 1] = " *"
    else
      if p.from ~= last then out[#out + 1] = " " .. p.from end
      last = p.from
      out[#out + 1] = ("  %.3f ms"):format(p.rtt)
      if p.note ~= "" then out[#out + 1] = " " .. p.note end
    end
  end
  return table.concat(out)
end

-- The text traceroute -n -I prints for R.
local function trace_text(r)
  local out = {("traceroute to %s (%s), %d hops max, %d byte packets"):format(r.dst, r.ip, r.max_hops, r.size)}
  for _, h in ipairs(r.hops) do out[#out + 1] = hop_line(h) end
  return table.concat(out, "\n")
end

local Trace = {__name = "netlab.traceroute", __tostring = function(r) return r.text end}

-- Reads host:traceroute's options.
local function trace_opts(opts)
  if opts ~= nil and type(opts) ~= "table" then argerror(2, "traceroute", "table expected, got " .. type(opts), 2) end
  opts = opts or {}
  return {
    max_hops = opt_number(opts, "max_hops", 30, 1, 255, true, "traceroute"),
    queries = opt_number(opts, "queries", 3, 1, 10, true, "traceroute"),
    size = opt_number(opts, "size", nil, 0, 65000, true, "traceroute"),
    timeout = opt_number(opts, "timeout", 1, 0, 3600, false, "traceroute"),
  }
end

-- The hop a probe's answer M tells of: where it came from, when, and
-- whether the path ends there (an echo reply or an unreachable).
local function answer(p, m, family)
  p.from, p.rtt, p.note = m.from, ms_since(p.at), ""
  if not m.error then
    p.reached, p.final = true, true
  elseif not time_exceeded(m, family) then
    p.note, p.final = trace_note(m, family), true
    p.error = icmp_text(m, family)
  end
end

-- Sends probe SEQ with TTL to IP on S. An answer to an earlier probe
-- may have left the socket's error set (IP_RECVERR), which fails the
-- next send once, sending nothing: then it is sent again.
local function send_probe(s, ip, ttl, seq, data)
  local ok, err, code = s:ttl(ttl)
  if not ok then return nil, err, code end
  ok, err, code = s:echo(ip, seq, data)
  if not ok then ok, err, code = s:echo(ip, seq, data) end
  return ok, err, code
end

-- How many probes traceroute keeps in flight at once (its -N default).
local SIM_QUERIES = 16

-- Sends R's probes (QUERIES per hop, TTL 1, 2...) on S, at most
-- SIM_QUERIES unanswered at once, each waited for TIMEOUT seconds; stops
-- sending past the first hop that ends the path. Fills R.probes.
local function probe_all(s, r, o, data)
  local probes, sent, final = r.probes, 0, math.huge
  local total = o.max_hops * o.queries
  local function handle(m)
    local p = probes[m.seq]
    if not p or p.from or p.expired then return end
    answer(p, m, r.family)
    if p.final then final = math.min(final, p.ttl) end
  end
  local function pending()
    local n, now = 0, sched.now()
    for _, p in ipairs(probes) do
      if not p.from and not p.expired then
        if now - p.at >= o.timeout then p.expired = true else n = n + 1 end
      end
    end
    return n
  end
  -- every probe sent, or every probe of the hop that ended the path
  local function done() return sent == total or (sent > 0 and sent % o.queries == 0 and probes[sent].ttl >= final) end
  local function room() return pending() == 0 or (pending() < SIM_QUERIES and not done()) end
  repeat
    while pending() < SIM_QUERIES and not done() do
      sent = sent + 1
      local p = {ttl = (sent - 1) // o.queries + 1, at = sched.now()}
      probes[sent] = p
      local ok, err, code = send_probe(s, r.ip, p.ttl, sent, data)
      if not ok then return nil, ("traceroute: %s: %s"):format(r.ip, err), code end
    end
    local ok, err, code = collect(s, sched.now() + o.timeout, handle, room)
    if err == "closed" then return nil, "closed" end -- the lab closed
    if not ok then return nil, "traceroute: " .. err, code end
  until pending() == 0 and done()
  return true
end

-- R.hops from R.probes, up to the hop that ended the path: {hop, probes,
-- from, rtt, reached, error} (from, rtt of its first answer; error
-- "time exceeded" or the unreachable's words).
local function hops_of(r, queries)
  for i, p in ipairs(r.probes) do
    local h = r.hops[p.ttl]
    if not h then
      if r.reached ~= nil then break end -- past the end of the path
      h = {hop = p.ttl, probes = {}}
      r.hops[p.ttl] = h
    end
    h.probes[#h.probes + 1] = {from = p.from, rtt = p.rtt, note = p.note}
    if p.from and not h.from then
      h.from, h.rtt = p.from, p.rtt
      h.error = p.error or (not p.reached and "time exceeded" or nil)
    end
    if p.reached then h.reached = true end
    if i % queries == 0 and (h.reached or h.error and h.error ~= "time exceeded") then
      r.reached = h.reached == true
    end
  end
  if r.reached == nil then r.reached = false end
end

-- host:traceroute(dst[, {max_hops =, queries =, size =, timeout =}]) ->
-- result | nil, message, errno: as traceroute -n -I, QUERIES (3) ICMP
-- echo requests of SIZE bytes (60 for IPv4, 80 for IPv6) per TTL 1, 2...
-- up to MAX_HOPS (30), each waited for TIMEOUT seconds (1), 16 at once.
-- result.hops: {hop, probes = {{from, rtt, note}...}, from, rtt, reached,
-- error} (a probe nothing answered is {}); result.reached; result.text
-- (what traceroute prints; also tostring(result)).
function methods:traceroute(dst, opts)
  check_host(self, "traceroute")
  local o = trace_opts(opts)
  local ip, family, code = resolve(self, dst, "traceroute")
  if not ip then return nil, family, code end
  local header = family == "inet6" and 48 or 28 -- IP and ICMP headers
  local size = o.size or header + 32
  if size < header then
    argerror(2, "traceroute", ("size: %d bytes is less than the IP and ICMP headers (%d)"):format(size, header))
  end
  local s <close>, err, scode = icmp_socket(self, family)
  if not s then return nil, "traceroute: " .. err, scode end
  local r = setmetatable({dst = dst, ip = ip, family = family, max_hops = o.max_hops, size = size,
    probes = {}, hops = {}}, Trace)
  local ok
  ok, err, code = probe_all(s, r, o, size - header)
  if not ok then return nil, err, code end
  hops_of(r, o.queries)
  r.probes = nil
  r.text = trace_text(r)
  return r
end

return M
