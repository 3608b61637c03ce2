-- netlab.lab_tunnel: tunnel links, a packet inside a packet (lab:tunnel).
--   lab:tunnel(a, b, {type = "vxlan", vni = 42, addrs = {"10.42.0.1/24", "10.42.0.2/24"}})
--   lab:tunnel(a, b, {type = "gre", outer = {"10.0.1.1", "10.0.2.2"}})
--
-- Each end is a kernel tunnel interface (core/net/tunnel.c) in its host,
-- named as ip link would (vxlan0, geneve0, gre1, ipip0, sit1: the next
-- free name), that wraps what it sends in an outer packet from its
-- host's outer address to the other end's. Without `outer` those are
-- found as the kernel would: the first address of b that a has a route
-- to, and the source address a's kernel picks for it (ip route get).
-- The tunnel's MTU is the smaller of both underlay interfaces' MTU less
-- the outer headers (OVERHEAD), so the outer packet fits the underlay.
local blame = require "netlab.blame"
local selfcheck = require "netlab.selfcheck"
local ctunnel = require "netlab.c.tunnel"
local clab = require "netlab.c.lab"
local lab = require "netlab.lab"
local errno = require "netlab.errno"

local Lab, Link = lab.Lab, lab.Link
local argerror, typename = lab.argerror, lab.typename

-- Bytes each kind's outer headers add, with an IPv4 outer header (IPv6's
-- is 20 more): VXLAN and Geneve carry a whole Ethernet frame (14) in UDP
-- (8) behind their own header (8; Geneve's options, none here, would add
-- more); GRE's base header is 4; IPIP and SIT add only the outer IPv4.
local OVERHEAD = {vxlan = 50, geneve = 50, gre = 24, ipip = 20, sit = 20}
-- The kernel option each kind needs, for the message where it is missing.
local CONFIG = {vxlan = "CONFIG_VXLAN", geneve = "CONFIG_GENEVE", gre = "CONFIG_NET_IPGRE",
                ipip = "CONFIG_NET_IPIP", sit = "CONFIG_IPV6_SIT"}
-- The interface name prefix (ip link's own names; gre0, tunl0 and sit0
-- are the kernel's fallback devices, so the next free number is taken).
local PREFIX = {vxlan = "vxlan", geneve = "geneve", gre = "gre", ipip = "ipip", sit = "sit"}
local UDP_PORT = {vxlan = 4789, geneve = 6081} -- IANA's
-- The inner family each IP-only kind carries (nil: any).
local INNER = {ipip = "inet", sit = "inet6"}
local TYPES = "\"vxlan\", \"geneve\", \"gre\", \"ipip\" or \"sit\""
local OPTIONS = {type = true, vni = true, port = true, outer = true, addrs = true}

-- How the kernel's documentation names each kind.
local NAME = {vxlan = "VXLAN", geneve = "Geneve", gre = "GRE", ipip = "IPIP", sit = "SIT"}
local ARTICLE = {vxlan = "a VXLAN", geneve = "a Geneve", gre = "a GRE", ipip = "an IPIP", sit = "a SIT"}

local M = {OVERHEAD = OVERHEAD}

-- Raises "bad argument #3 to 'tunnel' (MSG)".
local function bad(msg) argerror(3, "tunnel", msg) end

-- An integer option KEY of OPTS in [LO, HI], or DEF.
local function opt_int(opts, key, lo, hi, def)
  local v = opts[key]
  if v == nil then return def end
  if math.type(v) ~= "integer" or v < lo or v > hi then
    bad(("%s: integer %d-%d expected, got %s"):format(key, lo, hi,
      type(v) == "number" and tostring(v) or typename(v)))
  end
  return v
end

-- The family of IP address text IP and its canonical text, or nil.
local function ip_family(ip)
  if ip:find("\0", 1, true) or ip:find("/", 1, true) then return nil end
  local family, canonical = clab.cidr(ip .. (ip:find(":", 1, true) and "/128" or "/32"))
  return family, canonical
end

-- Checks outer = {ip_a, ip_b}: two IP address texts of one family.
local function check_outer(v)
  if v == nil then return nil end
  if type(v) ~= "table" or #v ~= 2 then
    bad("outer: {address of a, address of b} expected, got " .. typename(v))
  end
  local out = {}
  for i = 1, 2 do
    local family, ip = nil, v[i]
    if type(ip) == "string" then family, out[i] = ip_family(ip) end
    if not family then bad(("outer: item %d: IP address expected, got %s"):format(i,
      type(ip) == "string" and ("%q"):format(ip) or typename(ip))) end
    if out.family and out.family ~= family then bad("outer: both addresses must be IPv4 or both IPv6") end
    out.family = family
  end
  return out
end

-- Reads option type (by default "vxlan") and, for VXLAN and Geneve, vni
-- and port: kind, vni, port.
local function check_kind(opts)
  local kind = opts.type == nil and "vxlan" or opts.type
  if not OVERHEAD[kind] then
    bad(("type: %s expected, got %s"):format(TYPES,
      type(kind) == "string" and ("%q"):format(kind) or typename(kind)))
  end
  local udp = UDP_PORT[kind] ~= nil
  if not udp and (opts.vni ~= nil or opts.port ~= nil) then
    bad(("%s: %s tunnel has no VNI or UDP port"):format(opts.vni ~= nil and "vni" or "port", ARTICLE[kind]))
  end
  return kind, opt_int(opts, "vni", 0, 0xffffff, udp and 1 or 0), opt_int(opts, "port", 1, 65535, UDP_PORT[kind] or 0)
end

-- Reads option addrs = {x's, y's} for a tunnel of KIND: two lists of
-- parsed CIDRs, of the family an IP-only kind carries.
local function check_addrs(addrs, kind)
  if addrs ~= nil and (type(addrs) ~= "table" or #addrs > 2) then
    bad("addrs: {addresses of a, addresses of b} expected, got " .. typename(addrs))
  end
  addrs = addrs or {}
  local out = {lab.parse_cidr_list(addrs[1], 3, "tunnel", "addrs: "), lab.parse_cidr_list(addrs[2], 3, "tunnel", "addrs: ")}
  for _, list in ipairs(out) do
    for _, a in ipairs(list) do
      if INNER[kind] and a.family ~= INNER[kind] then
        bad(("addrs: %s tunnel carries %s only, got %s"):format(ARTICLE[kind],
          INNER[kind] == "inet" and "IPv4" or "IPv6", a.text))
      end
    end
  end
  return out
end

-- Reads lab:tunnel's options: {type, vni, port, outer, addrs = {x, y}}.
local function check_opts(opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then bad("options table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if not OPTIONS[k] then
      bad(("unknown option '%s' (type, vni, port, outer or addrs expected)"):format(tostring(k)))
    end
  end
  local o = {}
  o.kind, o.vni, o.port = check_kind(opts)
  o.outer, o.addrs = check_outer(opts.outer), check_addrs(opts.addrs, o.kind)
  if o.outer and not UDP_PORT[o.kind] and o.outer.family ~= "inet" then
    bad(("outer: %s tunnel runs over IPv4 only"):format(ARTICLE[o.kind]))
  end
  return o
end

-- Whether IP is one of host H's addresses.
local function has_addr(h, ip)
  for _, a in ipairs(h:addrs() or {}) do
    if a.address == ip then return true end
  end
  return false
end

-- The route host H takes to IP: the interface and the source address.
local function route(h, ip)
  local r, err, code = h:route_get(ip)
  if r and r.type == "local" then return nil, ("%s is host %s's own address"):format(ip, h:name()) end
  return r, err, code
end

-- M.outer_addrs(h) -> {{family =, ip =}...}: the addresses of host H (here)
-- a tunnel may run over: those netlab gave it, but a tunnel's own.
function M.outer_addrs(h)
  local out = {}
  for _, a in ipairs(lab.host_state(h).addrs) do
    if not a.tunnel then out[#out + 1] = {family = a.family, ip = a.ip} end
  end
  return out
end

-- The outer addresses host H (here or on a machine) may have.
local function outer_addrs_of(h)
  local m = require("netlab.lab_machine").machine_of(h)
  if not m then return M.outer_addrs(h) end
  local list, err = require("netlab.lab_machine").call_fn(m, "outer_addrs", h)
  return list or {}, err
end

-- Finds the outer addresses {ip_x, ip_y} of a tunnel from X to Y: the
-- first address of Y (IPv4 first; only IPv4 for IP_ONLY) X can reach,
-- with the source X's kernel picks for it.
local function find_outer(x, y, ip4_only)
  local addrs = outer_addrs_of(y)
  for _, family in ipairs(ip4_only and {"inet"} or {"inet", "inet6"}) do
    for _, a in ipairs(addrs) do
      local r = a.family == family and route(x, a.ip)
      local src = r and (r.reply.prefsrc or r.src)
      if src then return {src, a.ip, family = family} end
    end
  end
  return nil, ("cannot find the tunnel's outer addresses: host %s has no route to any address of %s%s "
    .. "(give outer = {address of %s, address of %s})"):format(x:name(), y:name(),
    ip4_only and " (IPv4)" or "", x:name(), y:name())
end

-- Checks the outer addresses O of hosts X and Y: each its own host's,
-- each end with a route to the other's. Returns the underlay MTU (the
-- smaller of both route's interfaces').
local function check_underlay(x, y, o)
  for i, h in ipairs{x, y} do
    if not has_addr(h, o[i]) then bad(("outer: %s is not an address of host %s"):format(o[i], h:name())) end
  end
  local mtu = math.huge
  for i, h in ipairs{x, y} do
    local r, err, code = route(h, o[3 - i])
    if not r then return nil, "cannot make the tunnel: " .. err, code end
    for _, row in ipairs(h:ifaces() or {}) do
      if row.name == r.iface then mtu = math.min(mtu, row.mtu) end
    end
  end
  return mtu ~= math.huge and mtu or 1500
end

-- Makes the tunnel interface of host H, from outer address LOCAL to
-- REMOTE; returns its name.
local function add_end(h, o, mtu, outer_local, outer_remote, family)
  local name, err, code = h:_free_name(PREFIX[o.kind])
  if not name then return nil, err, code end
  local ok
  ok, err, code = ctunnel.add(h, name, {kind = o.kind, family = family, ["local"] = outer_local,
    remote = outer_remote, vni = o.vni, port = o.port, mtu = mtu})
  if not ok and code == errno.EOPNOTSUPP then
    return nil, ("cannot make a %s tunnel: this kernel has no %s tunnels (it was built without %s)")
      :format(o.kind, NAME[o.kind], CONFIG[o.kind]), code
  end
  if not ok and code == errno.EEXIST and UDP_PORT[o.kind] then -- one per VNI and port
    return nil, ("host %s already has %s tunnel with vni %d on UDP port %d"):format(h:name(),
      ARTICLE[o.kind], o.vni, o.port), code
  end
  if not ok then return nil, ("cannot make %s:%s: %s"):format(h:name(), name, err), code end
  return name
end

-- Makes both ends (X's first; it goes again if Y's fails).
local function add_ends(x, y, o, mtu)
  local out = o.outer
  local nx, err, code = add_end(x, o, mtu, out[1], out[2], out.family)
  if not nx then return nil, err, code end
  local ny
  ny, err, code = add_end(y, o, mtu, out[2], out[1], out.family)
  if not ny then
    x:_link_del(nx)
    return nil, err, code
  end
  return nx, ny
end

-- Gives both ends their addresses (IPv6 off where none is IPv6) and
-- brings them up; on failure both go.
local function configure(x, nx, y, ny, o)
  local ok, err, code = lab.ipv6_off_unless(x, nx, o.addrs[1])
  if ok then ok, err, code = lab.ipv6_off_unless(y, ny, o.addrs[2]) end
  if ok then ok, err, code = lab.configure(x, nx, o.addrs[1]) end
  if ok then ok, err, code = lab.configure(y, ny, o.addrs[2]) end
  if not ok then
    x:_link_del(nx)
    y:_link_del(ny)
  end
  return ok, err, code
end

-- M.make_end(h, spec) -> interface name | nil, message, errno: host H's
-- end of a tunnel whose other end is on another machine, made where H
-- is: SPEC's kind, vni, port, mtu, family, local and remote outer
-- addresses and addrs (CIDR texts), up, its addresses never a later
-- tunnel's outer ones.
function M.make_end(h, spec)
  lab.check_host(h, "tunnel", 1)
  local addrs = lab.parse_cidr_list(spec.addrs, 3, "tunnel", "addrs: ")
  local name, err, code = add_end(h, spec, spec.mtu, spec["local"], spec.remote, spec.family)
  if not name then return nil, err, code end
  local ok
  ok, err, code = lab.ipv6_off_unless(h, name, addrs)
  if ok then ok, err, code = lab.configure(h, name, addrs) end
  if not ok then
    h:_link_del(name)
    return nil, err, code
  end
  lab.wait_ready(h, name, h, name)
  lab.record_end(h, name, addrs)
  for _, a in ipairs(addrs) do a.tunnel = true end
  return name
end

-- Makes host H's end (on MACHINE, nil: here) with SPEC.
local function end_on(machine, h, spec)
  if machine then return require("netlab.lab_machine").call_fn(machine, "tunnel_end", h, spec) end
  return M.make_end(h, spec)
end

-- Raises unless host H (on MACHINE, nil: here) is one of LAB's
-- (argument N of tunnel).
local function check_member(l, h, machine, n)
  if machine then
    if not l._machines or l._machines[machine.name] ~= machine then
      argerror(n, "tunnel", "host of another lab's machine")
    end
    return
  end
  local st = lab.check_host(h, "tunnel", n, 2)
  if st.lab ~= l then argerror(n, "tunnel", ("host %s belongs to another lab"):format(h:name())) end
end

-- CIDR texts of parsed list LIST.
local function texts(list)
  local out = {}
  for i, a in ipairs(list) do out[i] = a.text end
  return out
end

-- lab:tunnel where X or Y is on another machine (MX, MY; nil: here): the
-- machine's own lab:tunnel when both are there, else an end made on
-- each machine, over the network joining the hosts (a link between
-- machines, routers...).
local function across(l, x, mx, y, my, opts)
  check_member(l, x, mx, 1)
  check_member(l, y, my, 2)
  if rawequal(x, y) then argerror(2, "tunnel", ("cannot tunnel host %s to itself"):format(x:name())) end
  if (mx and mx.dead) or (my and my.dead) then return nil, "closed" end -- its worker is gone
  if mx and mx == my then
    local t, err, code = mx.lab:tunnel(x, y, opts)
    return t, err, code
  end
  local o = check_opts(opts)
  local err, code
  if not o.outer then
    o.outer, err, code = find_outer(x, y, UDP_PORT[o.kind] == nil)
    if not o.outer then return nil, err, code end
  end
  local underlay
  underlay, err, code = check_underlay(x, y, o.outer)
  if not underlay then return nil, err, code end
  local mtu = underlay - OVERHEAD[o.kind] - (o.outer.family == "inet6" and 20 or 0)
  local function spec(i)
    return {kind = o.kind, vni = o.vni, port = o.port, mtu = mtu, family = o.outer.family,
            ["local"] = o.outer[i], remote = o.outer[3 - i], addrs = texts(o.addrs[i])}
  end
  local nx, ny
  nx, err, code = end_on(mx, x, spec(1))
  if not nx then return nil, err, code end
  ny, err, code = end_on(my, y, spec(2))
  if not ny then
    require("netlab.lab_cross").drop_on(mx, x, nx)
    return nil, err, code
  end
  local t = setmetatable({_lab = l, _ends = {{host = x, iface = nx, addrs = texts(o.addrs[1])},
    {host = y, iface = ny, addrs = texts(o.addrs[2])}}, _tunnel = {kind = o.kind, vni = o.vni,
    port = o.port, outer = {o.outer[1], o.outer[2]}, mtu = mtu}}, Link)
  l._links[#l._links + 1] = t
  return t
end

-- lab:tunnel(x, y[, {type =, vni =, port =, outer =, addrs =}]) -> link |
-- nil, message, errno: a tunnel between hosts X and Y over the network
-- already joining them. type: "vxlan" (the default), "geneve", "gre",
-- "ipip" or "sit"; vni: VXLAN's or Geneve's network id (0-16777215, 1 by
-- default); port: their UDP port (4789, 6081); outer: {ip of x, ip of y},
-- the outer packets' addresses (found from the routes when left out);
-- addrs: {addresses of x's end, of y's end}, each a CIDR text or a list,
-- as lab:link's. Its MTU is the underlay's less the outer headers. X and
-- Y may be on other machines (lab:machine). On failure nothing of the
-- tunnel is left.
function Lab:tunnel(x, y, opts)
  selfcheck.check(self, Lab, "tunnel")
  if self._closed then blame.error("attempt to use a closed lab") end
  local machines = require "netlab.lab_machine"
  local mx, my = machines.machine_of(x), machines.machine_of(y)
  if mx or my then
    local t, err, code = across(self, x, mx, y, my, opts)
    return t, err, code
  end
  local hosts = {x, y}
  for n = 1, 2 do
    local h = hosts[n]
    local st = lab.check_host(h, "tunnel", n, 1)
    if st.lab ~= self then argerror(n, "tunnel", ("host %s belongs to another lab"):format(h:name())) end
  end
  if rawequal(x, y) then argerror(2, "tunnel", ("cannot tunnel host %s to itself"):format(x:name())) end
  local o = check_opts(opts)
  local err, code
  if not o.outer then
    o.outer, err, code = find_outer(x, y, UDP_PORT[o.kind] == nil)
    if not o.outer then return nil, err, code end
  end
  local underlay
  underlay, err, code = check_underlay(x, y, o.outer)
  if not underlay then return nil, err, code end
  local mtu = underlay - OVERHEAD[o.kind] - (o.outer.family == "inet6" and 20 or 0)
  local nx, ny
  nx, ny, code = add_ends(x, y, o, mtu)
  if not nx then return nil, ny, code end
  local ok
  ok, err, code = configure(x, nx, y, ny, o)
  if not ok then return nil, err, code end
  lab.wait_ready(x, nx, y, ny)
  local ends = {lab.record_end(x, nx, o.addrs[1]), lab.record_end(y, ny, o.addrs[2])}
  for _, list in ipairs(o.addrs) do
    for _, a in ipairs(list) do a.tunnel = true end -- never a later tunnel's outer address
  end
  local l = setmetatable({_lab = self, _ends = ends, _tunnel = {kind = o.kind, vni = o.vni,
    port = o.port, outer = {o.outer[1], o.outer[2]}, mtu = mtu}}, Link)
  self._links[#self._links + 1] = l
  return l
end

-- link:tunnel() -> {type, vni, port, outer = {ip_x, ip_y}, mtu} for a
-- tunnel (lab:tunnel; vni and port only for VXLAN and Geneve), or nil
-- for a link.
function Link:tunnel()
  selfcheck.check(self, Link, "tunnel")
  local t = self._tunnel
  if not t then return nil end
  local udp = UDP_PORT[t.kind] ~= nil
  return {type = t.kind, vni = udp and t.vni or nil, port = udp and t.port or nil,
          outer = {t.outer[1], t.outer[2]}, mtu = t.mtu}
end

-- tostring(link) of a tunnel: "tunnel vxlan vni 42 a:vxlan0 10.42.0.1/24
-- <-> b:vxlan0 10.42.0.2/24 over 10.0.1.1 <-> 10.0.2.2".
local raw_tostring = Link.__tostring
function Link:__tostring()
  selfcheck.check(self, Link, "__tostring")
  local text = raw_tostring(self)
  local t = self._tunnel
  if not t then return text end
  local id = UDP_PORT[t.kind] and (" vni %d"):format(t.vni) or ""
  local closed = text:match(" %(closed%)$") or ""
  text = text:gsub(" %(closed%)$", ""):gsub("^link ", "")
  return ("tunnel %s%s %s over %s <-> %s%s"):format(t.kind, id, text, t.outer[1], t.outer[2], closed)
end

return M
