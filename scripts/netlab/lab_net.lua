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
-- (net.ipv4.ping_group_range "0 2147483647"), set at its first ping.
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local net = require "netlab.c.net"
local sched = require "netlab.sched"
local clab = require "netlab.c.lab"

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
  -- lab:router(name) -> host | nil, message, errno: a host that forwards
  -- IPv4 and IPv6 between its links (ip_forward, conf.all.forwarding).
  function Lab:router(name)
    check_new_name(self, name, "router")
    local h, err, code = self:host(name)
    if not h then return nil, err, code end
    local ok
    ok, err, code = sysctl(h, "net.ipv4.ip_forward", "1")
    if ok then ok, err, code = sysctl(h, "net.ipv6.conf.all.forwarding", "1") end
    if not ok then return nil, err, code end
    routers[h] = true
    return h
  end

  -- lab:switch(name) -> switch | nil, message, errno: a LAN segment; hosts
  -- linked to it share one network (lab:link(host, sw, "10.0.0.1/24")).
  function Lab:switch(name)
    check_new_name(self, name, "switch")
    local h, err, code = self:host(name)
    if not h then return nil, err, code end
    local ok
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
  function Lab:link(x, y, addr_x, addr_y)
    local sx, sy = switches[x], switches[y]
    if not (sx or sy) then return raw_link(self, x, y, addr_x, addr_y) end
    if sx and addr_x ~= nil then argerror(3, "link", ("switch %s takes no address"):format(x:name())) end
    if sy and addr_y ~= nil then argerror(4, "link", ("switch %s takes no address"):format(y:name())) end
    local l, err, code = raw_link(self, x, y, addr_x, addr_y)
    if not l then return nil, err, code end
    local ex, ey = l:ends()
    for _, e in ipairs{ex, ey} do
      if switches[e.host] then
        local ok
        ok, err, code = net.enslave(e.host, BRIDGE, e.iface)
        if not ok then
          e.host:_link_del(e.iface) -- its peer goes with it
          table.remove(self._links)
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

-- Opens an ICMP socket of FAMILY in H, letting the host's users ping;
-- the lab closes it with the host.
local function icmp_socket(h, family)
  if not pingable[h] then
    local ok, err, code = sysctl(h, "net.ipv4.ping_group_range", "0 2147483647")
    if not ok and code == require("netlab.errno").EINVAL then -- rootless: gid 0 only
      ok, err, code = sysctl(h, "net.ipv4.ping_group_range", "0 0")
    end
    if not ok then return nil, err, code end
    pingable[h] = true
  end
  local s, err, code = net.icmp(h, family)
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

-- The summary numbers of R's rows, as ping computes them.
local function summarize(r)
  local rtts = {}
  for _, row in ipairs(r.rows) do
    if not row.error then rtts[#rtts + 1] = row.rtt end
  end
  r.received = #rtts
  r.loss = r.transmitted > 0 and (r.transmitted - r.received) * 100 / r.transmitted or 0
  if #rtts == 0 then return end
  local sum, sum2 = 0, 0
  r.min, r.max = math.huge, 0
  for _, t in ipairs(rtts) do
    sum, sum2 = sum + t, sum2 + t * t
    r.min, r.max = math.min(r.min, t), math.max(r.max, t)
  end
  r.avg = sum / #rtts
  r.mdev = math.sqrt(math.max(sum2 / #rtts - r.avg * r.avg, 0))
end

-- How ping names a reply's source: pinging a name, iputils prints the
-- name it pinged with the address ("d (10.0.1.2)") for the destination.
local function source_text(r, from)
  if r.dst ~= r.ip and from == r.ip then return ("%s (%s)"):format(r.dst, from) end
  return from
end

-- The text ping prints for the rows and summary of R.
local function ping_text(r)
  local ip_header = r.family == "inet6" and 48 or 28 -- IP and ICMP headers
  local out = {("PING %s (%s) %d(%d) bytes of data."):format(r.dst, r.ip, r.size, r.size + ip_header)}
  for _, row in ipairs(r.rows) do
    if row.error then
      out[#out + 1] = ("From %s icmp_seq=%d %s"):format(row.from, row.seq, row.error)
    else
      out[#out + 1] = ("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms"):format(row.bytes,
        source_text(r, row.from), row.seq, row.ttl or 0, row.rtt)
    end
  end
  out[#out + 1] = ""
  out[#out + 1] = ("--- %s ping statistics ---"):format(r.dst)
  local errors = r.errors > 0 and (", +%d errors"):format(r.errors) or ""
  out[#out + 1] = ("%d packets transmitted, %d received%s, %g%% packet loss, time %dms"):format(r.transmitted,
    r.received, errors, math.floor(r.loss * 10 + 0.5) / 10, math.floor(r.time + 0.5))
  if r.avg then
    out[#out + 1] = ("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms"):format(r.min, r.avg, r.max, r.mdev)
  end
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
-- result.rows: {seq, id, type, code, ttl, rtt (ms), bytes, from} per reply
-- or {seq, type, code, from, error} per ICMP error; result.transmitted,
-- received, errors, loss (%), min, avg, max, mdev (ms), time (ms), text
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
    transmitted = 0, errors = 0}, Result)
  local sent, t0 = {}, sched.now()
  local function handle(m)
    local at = sent[m.seq]
    if not at then return end
    local row = {seq = m.seq, id = m.id, type = m.type, code = m.code, from = m.from, bytes = m.bytes}
    if m.error then
      row.error = icmp_text(m, family)
      r.errors = r.errors + 1
      sent[m.seq] = nil -- no reply will come
    else
      row.ttl, row.rtt = m.ttl, ms_since(at)
      sent[m.seq] = nil
    end
    r.rows[#r.rows + 1] = row
  end
  for seq = 1, o.count do
    sent[seq] = sched.now()
    ok, err, code = s:echo(ip, seq, o.size)
    if not ok then return nil, ("ping: %s: %s"):format(ip, err), code end
    r.transmitted = seq
    local last = seq == o.count
    local deadline = sched.now() + (last and o.timeout or o.interval)
    ok, err, code = collect(s, deadline, handle, function() return last and next(sent) == nil end)
    if err == "closed" then return nil, "closed" end -- the lab closed
    if not ok then return nil, "ping: " .. err, code end
  end
  r.time = ms_since(t0)
  summarize(r)
  r.text = ping_text(r)
  return r
end

-- Traceroute ------------------------------------------------------------

-- The text traceroute prints for R.
local function trace_text(r)
  local size = r.family == "inet6" and 104 or 84
  local out = {("traceroute to %s (%s), %d hops max, %d byte packets"):format(r.dst, r.ip, r.max_hops, size)}
  for _, h in ipairs(r.hops) do
    if h.from then
      local note = h.error and h.error ~= "time exceeded" and (" !" .. h.error) or ""
      out[#out + 1] = ("%2d  %s  %.3f ms%s"):format(h.hop, h.from, h.rtt, note)
    else
      out[#out + 1] = ("%2d  *"):format(h.hop)
    end
  end
  return table.concat(out, "\n")
end

local Trace = {__name = "netlab.traceroute", __tostring = function(r) return r.text end}

-- host:traceroute(dst[, {max_hops =, timeout =}]) -> result | nil,
-- message, errno: one ICMP echo request per TTL 1, 2... (max_hops 30),
-- each waited for TIMEOUT seconds (1). result.hops: {hop, from, rtt,
-- reached, error} ({hop} alone when nothing answered); result.reached;
-- result.text (what traceroute prints; also tostring(result)).
function methods:traceroute(dst, opts)
  check_host(self, "traceroute")
  if opts ~= nil and type(opts) ~= "table" then argerror(2, "traceroute", "table expected, got " .. type(opts)) end
  opts = opts or {}
  local max_hops = opt_number(opts, "max_hops", 30, 1, 255, true, "traceroute")
  local timeout = opt_number(opts, "timeout", 1, 0, 3600, false, "traceroute")
  local ip, family, code = resolve(self, dst, "traceroute")
  if not ip then return nil, family, code end
  local s <close>, err, scode = icmp_socket(self, family)
  if not s then return nil, "traceroute: " .. err, scode end
  local r = setmetatable({dst = dst, ip = ip, family = family, max_hops = max_hops, hops = {},
    reached = false}, Trace)
  for ttl = 1, max_hops do
    local ok
    local at, hop = sched.now(), {hop = ttl}
    ok, err, code = s:ttl(ttl)
    if ok then ok, err, code = s:echo(ip, ttl, 56) end
    if not ok then return nil, ("traceroute: %s: %s"):format(ip, err), code end
    local function handle(m)
      if m.seq ~= ttl or hop.from then return end
      hop.from, hop.rtt = m.from, ms_since(at)
      if m.error then
        hop.error = time_exceeded(m, family) and "time exceeded" or icmp_text(m, family)
      else
        hop.reached = true
      end
    end
    ok, err, code = collect(s, at + timeout, handle, function() return hop.from ~= nil end)
    if err == "closed" then return nil, "closed" end -- the lab closed
    if not ok then return nil, "traceroute: " .. err, code end
    r.hops[#r.hops + 1] = hop
    if hop.reached or (hop.error and hop.error ~= "time exceeded") then
      r.reached = hop.reached == true
      break
    end
  end
  r.text = trace_text(r)
  return r
end

return M
