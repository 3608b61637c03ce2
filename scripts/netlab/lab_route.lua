-- netlab.lab_route: hosts' routing and neighbour (ARP) tables.
--   a:routes()                                   -- route -n, as rows
--   a:route_add("192.168.88.88", {via = "192.168.121.1"})  -- route add -host
--   a:route_add("default", {via = "192.168.121.2"})
--   local r, steps = a:route_get("192.168.88.88") -- the kernel's pick, and why
--   a:neigh()  a:neigh_add(ip, mac, "eth0")  a:neigh_del(ip)  a:neigh_flush()
-- Bad arguments raise; what the kernel refuses returns nil, message, errno.
local selfcheck = require "netlab.selfcheck"
local clab = require "netlab.c.lab"
local croute = require "netlab.c.route"
local fmt = require "netlab.fmt"

local M = {}

local Host = clab.meta
local methods = Host.__index

-- Raises unless H is an open host (the self of method FNAME).
local function check_host(h, fname)
  selfcheck.check(h, Host, fname, 2)
  if not h:_isopen() then error("attempt to use a closed host", 3) end
end

-- Raises "bad argument #N to 'FNAME' (MSG)" at the caller of the method.
local function argerror(n, fname, msg)
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 4)
end

-- Adds route -n's columns (genmask, flags) to a row from the C side.
local function decorate(r)
  if r.family == "inet" then r.genmask = fmt.genmask(r.prefix) end
  r.flags = fmt.route_flags(r)
  return r
end

-- host:routes([family]) -> rows: the main table, as route -n shows it.
function methods:routes(family)
  check_host(self, "routes")
  if family ~= nil and family ~= "inet" and family ~= "inet6" then
    argerror(1, "routes", "\"inet\", \"inet6\" or nil expected, got " .. tostring(family))
  end
  local rows, err, code = croute.list(self, family)
  if not rows then return nil, ("cannot read the routes of host %s: %s"):format(self:name(), err), code end
  for _, r in ipairs(rows) do decorate(r) end
  return rows
end

-- The bytes of IP masked to its first PREFIX bits.
local function mask_bytes(bytes, prefix)
  local out = {}
  for i = 1, #bytes do
    local keep = math.max(0, math.min(8, prefix - (i - 1) * 8))
    local m = (0xff << (8 - keep)) & 0xff
    out[i] = string.char(bytes:byte(i) & m)
  end
  return table.concat(out)
end

-- Reads route_add's / route_del's destination: "default", an address
-- (a host route) or a network in CIDR; returns the CIDR text.
local function parse_dst(dst, via, fname)
  if type(dst) ~= "string" then argerror(1, fname, "destination string expected, got " .. type(dst)) end
  if dst == "default" then
    if type(via) == "string" and via:find(":", 1, true) then return "::/0", "inet6" end
    return "0.0.0.0/0", "inet"
  end
  local text = dst
  if not dst:find("/", 1, true) then
    local family = croute.pton(dst)
    if not family then
      argerror(1, fname, ("invalid destination %q (\"default\", an address or a network like \"192.168.88.0/24\" expected)"):format(dst))
    end
    text = dst .. (family == "inet6" and "/128" or "/32")
  end
  local family, ip, prefix = clab.cidr(text)
  if not family then
    if ip == "prefix" then
      argerror(1, fname, ("prefix length out of range in %q (0-%d for %s)"):format(dst, prefix, prefix == 32 and "IPv4" or "IPv6"))
    end
    argerror(1, fname, ("invalid CIDR %q (a network like \"192.168.88.0/24\" expected)"):format(dst))
  end
  local _, bytes = croute.pton(ip)
  local net = croute.ntop(mask_bytes(bytes, prefix))
  if net ~= ip then
    argerror(1, fname, ("%q has host bits set (the network is %s/%d)"):format(dst, net, prefix))
  end
  return text, family
end

-- Reads the options {via =, dev =, metric =} of FNAME.
local function parse_opts(opts, family, fname)
  if opts == nil then return {} end
  if type(opts) ~= "table" then argerror(2, fname, "options table expected, got " .. type(opts)) end
  for k in pairs(opts) do
    if k ~= "via" and k ~= "dev" and k ~= "metric" then
      argerror(2, fname, ("unknown option %q (via, dev, metric)"):format(tostring(k)))
    end
  end
  if opts.via ~= nil then
    local f = type(opts.via) == "string" and croute.pton(opts.via)
    if not f then argerror(2, fname, ("via: invalid gateway address %s"):format(tostring(opts.via))) end
    if f ~= family then argerror(2, fname, ("via: gateway %s is not an %s address like the destination"):format(opts.via, family == "inet" and "IPv4" or "IPv6")) end
  end
  if opts.dev ~= nil and type(opts.dev) ~= "string" then
    argerror(2, fname, "dev: interface name expected, got " .. type(opts.dev))
  end
  local m = opts.metric
  if m ~= nil and (math.type(m) ~= "integer" or m < 0 or m > 0xffffffff) then
    argerror(2, fname, "metric: integer from 0 to 4294967295 expected, got " .. tostring(m))
  end
  return opts
end

-- Words a kernel refusal of route_add / route_del for people.
local function refused(h, verb, dst, opts, err, code)
  local e = require "netlab.errno"
  local name = h:name()
  if code == e.ENETUNREACH then
    err = ("gateway %s is not on any network connected to host %s (network is unreachable)"):format(opts.via, name)
  elseif code == e.ENODEV then
    err = ("host %s has no interface %q"):format(name, tostring(opts.dev))
  elseif code == e.EEXIST then
    err = ("host %s already has a route to %s"):format(name, dst)
  elseif code == e.ESRCH then
    err = ("host %s has no such route to %s"):format(name, dst)
  else
    err = ("cannot %s the route to %s on host %s: %s"):format(verb, dst, name, err)
  end
  return nil, err, code
end

-- host:route_add(dst, {via =, dev =, metric =}) -> true | nil, msg, errno
function methods:route_add(dst, opts)
  check_host(self, "route_add")
  local text, family = parse_dst(dst, type(opts) == "table" and opts.via, "route_add")
  opts = parse_opts(opts, family, "route_add")
  if opts.via == nil and opts.dev == nil then
    argerror(2, "route_add", ("a route to %s needs via = gateway or dev = interface"):format(dst))
  end
  local ok, err, code = croute.add(self, text, opts.via, opts.dev, opts.metric)
  if not ok then return refused(self, "add", dst, opts, err, code) end
  return true
end

-- host:route_del(dst[, {via =, dev =, metric =}]) -> true | nil, msg, errno
function methods:route_del(dst, opts)
  check_host(self, "route_del")
  local text, family = parse_dst(dst, type(opts) == "table" and opts.via, "route_del")
  opts = parse_opts(opts, family, "route_del")
  local ok, err, code = croute.del(self, text, opts.via, opts.dev, opts.metric)
  if not ok then return refused(self, "delete", dst, opts, err, code) end
  return true
end

-- One step of the walk: IP AND the entry's mask, compared with its
-- destination.
local function walk_step(ip, bytes, r)
  local anded = croute.ntop(mask_bytes(bytes, r.prefix))
  local match = anded == r.destination
  local mask = r.genmask or ("/" .. r.prefix)
  local text = ("%s AND %-15s = %-15s %s %s/%d"):format(ip, mask, anded, match and "==" or "!=",
    r.destination, r.prefix)
  if match then text = text .. ("  match (/%d)"):format(r.prefix) end
  return {route = r, anded = anded, match = match, text = text}
end

-- The lesson's pick among the steps: the longest matching prefix, then
-- the lowest metric.
local function longest(steps)
  local best
  for _, s in ipairs(steps) do
    if s.match and (not best or s.route.prefix > best.route.prefix
        or (s.route.prefix == best.route.prefix and s.route.metric < best.route.metric)) then
      best = s
    end
  end
  return best
end

-- "via GW dev IF" or "directly connected on IF" for route R to IP.
local function next_hop_text(r)
  if r.type == "local" then return ("a local address of this host (delivered through %s)"):format(r.iface) end
  if r.gateway then return ("via %s (next hop) on %s"):format(r.gateway, r.iface) end
  return ("directly connected on %s"):format(r.iface)
end

-- The walk through HOST's table of FAMILY for IP (BYTES): one step per entry.
local function walk_table(host, ip, family, bytes)
  local rows = assert(croute.list(host, family))
  local steps = {}
  for i, row in ipairs(rows) do steps[i] = walk_step(ip, bytes, decorate(row)) end
  return steps
end

-- The walk's last step when no entry matched: the lesson's "no route".
local function no_route_step(ip, err)
  return {match = false, no_route = true,
          text = ("no entry matches %s: no route (%s)"):format(ip, err)}
end

-- ip route's words for rtm_flags' next-hop and route bits, in the order
-- of iproute2's print_rt_flags.
local RT_FLAGS = {{0x1, "dead"}, {0x4, "onlink"}, {0x2, "pervasive"}, {0x8, "offload"}, {0x40, "trap"},
  {0x100, "notify"}, {0x10, "linkdown"}, {0x20, "unresolved"}, {0x4000, "rt_offload"}, {0x8000, "rt_trap"},
  {0x20000000, "rt_offload_failed"}}
-- The route cache's flags (linux/in_route.h's RTCF_), in the order of
-- iproute2's print_cache_flags.
local CACHE_FLAGS = {{0x80000000, "local"}, {0x40000000, "reject"}, {0x20000000, "mc"}, {0x10000000, "brd"},
  {0x08000000, "dst-nat"}, {0x00800000, "src-nat"}, {0x00400000, "masq"}, {0x00020000, "dst-direct"},
  {0x04000000, "src-direct"}, {0x00040000, "redirected"}, {0x01000000, "redirect"}, {0x00200000, "fastroute"},
  {0x00010000, "notify"}, {0x00080000, "tproxy"}}
local PROTOCOLS = {[0] = "unspec", "redirect", "kernel", "boot", "static", [8] = "gated", [9] = "ra", [10] = "mrt",
  [11] = "zebra", [12] = "bird", [13] = "dnrouted", [14] = "xorp", [15] = "ntk", [16] = "dhcp",
  [18] = "keepalived", [42] = "babel", [186] = "bgp", [187] = "isis", [188] = "ospf", [189] = "rip",
  [192] = "eigrp"}
local TABLES = {[253] = "default", [254] = "main", [255] = "local"}
local PREFS = {[0] = "medium", [1] = "high", [3] = "low"}
local RTM_F_CLONED = 0x200

-- " <local,brd> ": the cache flags of FLAGS as ip writes them after "cache".
local function cache_flags(flags)
  flags = flags & ~0xffff
  if flags == 0 then return "" end
  local words = {}
  for _, f in ipairs(CACHE_FLAGS) do
    if flags & f[1] ~= 0 then
      words[#words + 1] = f[2]
      flags = flags & ~f[1]
    end
  end
  local rest = flags ~= 0 and ("%x"):format(flags) or nil
  return "<" .. table.concat(words, ",") .. (rest and ((#words > 0 and "," or "") .. rest) or "") .. "> "
end

-- The text `ip route get IP` prints for the kernel's answer R (its row and
-- R.reply, what the kernel said beside it), without its last newline:
-- iproute2's print_route, field by field.
local function ip_route_get_text(r)
  local k, host_len = r.reply, r.family == "inet6" and 128 or 32
  local out = {}
  local function add(fmt_, ...) out[#out + 1] = fmt_:format(...) end
  if r.type ~= "unicast" then add("%s ", r.type) end
  add("%s ", r.prefix == host_len and r.destination or r.destination .. "/" .. r.prefix)
  if k.src then add("from %s ", k.src_len == host_len and k.src or k.src .. "/" .. k.src_len) end
  if r.gateway then add("via %s ", r.gateway) end
  if r.iface then add("dev %s ", r.iface) end
  if k.table ~= 254 then add("table %s ", TABLES[k.table] or tostring(k.table)) end
  if k.flags & RTM_F_CLONED == 0 then
    if k.protocol ~= 3 then add("proto %s ", PROTOCOLS[k.protocol] or tostring(k.protocol)) end
    if r.scope ~= "global" then add("scope %s ", r.scope) end
  end
  if k.prefsrc then add("src %s ", k.prefsrc) end
  if k.priority then add("metric %d ", k.priority) end
  for _, f in ipairs(RT_FLAGS) do
    if k.flags & f[1] ~= 0 then add("%s ", f[2]) end
  end
  if k.uid then add("uid %d ", k.uid) end
  if k.flags & RTM_F_CLONED ~= 0 and r.family == "inet" then add("\n    cache %s", cache_flags(k.flags)) end
  if k.pref then add("pref %s", PREFS[k.pref] or tostring(k.pref)) end
  return table.concat(out)
end

-- host:route_get(ip) -> route, steps | nil, msg, errno, steps: the route
-- the kernel picks for IP (RTM_GETROUTE) and the table walk that explains
-- it; with no route, the walk too, ending in a "no route" step.
function methods:route_get(ip)
  check_host(self, "route_get")
  local family, bytes
  if type(ip) == "string" then family, bytes = croute.pton(ip) end
  if not family then argerror(1, "route_get", ("IP address expected, got %s"):format(tostring(ip))) end
  local r, err, code = croute.get(self, ip)
  if not r then
    local steps = walk_table(self, ip, family, bytes)
    steps[#steps + 1] = no_route_step(ip, err)
    return nil, ("host %s has no route to %s (%s)"):format(self:name(), ip, err), code, steps
  end
  local steps = walk_table(self, ip, family, bytes)
  local best = longest(steps)
  r.entry = best and best.route or nil
  r.text = next_hop_text(r)
  r.ip_text = ip_route_get_text(r)
  r.next_hop = r.gateway or ip
  if best then best.picked = true end
  r.agrees = r.type == "local" or (best ~= nil and best.route.gateway == r.gateway and best.route.iface == r.iface)
  return r, steps
end

-- host:neigh() -> rows: the neighbour table (arp -a), IPv4 and IPv6.
function methods:neigh()
  check_host(self, "neigh")
  local rows, err, code = croute.neigh(self)
  if not rows then return nil, ("cannot read the neighbours of host %s: %s"):format(self:name(), err), code end
  return rows
end

-- Raises unless IP is an address (argument N of FNAME).
local function check_ip(ip, n, fname)
  if type(ip) ~= "string" or not croute.pton(ip) then
    argerror(n, fname, ("IP address expected, got %s"):format(tostring(ip)))
  end
end

-- host:neigh_add(ip, mac, iface) -> true | nil, msg, errno: a permanent
-- entry (arp -s ip mac).
function methods:neigh_add(ip, mac, iface)
  check_host(self, "neigh_add")
  check_ip(ip, 1, "neigh_add")
  if type(mac) ~= "string" or not mac:lower():match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$") then
    argerror(2, "neigh_add", ("MAC address like \"aa:bb:cc:dd:ee:ff\" expected, got %s"):format(tostring(mac)))
  end
  if type(iface) ~= "string" then argerror(3, "neigh_add", "interface name expected, got " .. type(iface)) end
  local ok, err, code = croute.neigh_add(self, ip, mac, iface)
  if ok then return true end
  if code == require("netlab.errno").ENODEV then
    return nil, ("host %s has no interface %q"):format(self:name(), iface), code
  end
  return nil, ("cannot add a neighbour %s on host %s: %s"):format(ip, self:name(), err), code
end

-- host:neigh_del(ip) -> count | nil, msg, errno: arp -d ip.
function methods:neigh_del(ip)
  check_host(self, "neigh_del")
  check_ip(ip, 1, "neigh_del")
  local n, err, code = croute.neigh_del(self, ip)
  if not n then return nil, ("cannot delete neighbour %s on host %s: %s"):format(ip, self:name(), err), code end
  if n == 0 then
    local ENOENT = require("netlab.errno").ENOENT
    return nil, ("no ARP entry for %s on host %s"):format(ip, self:name()), ENOENT
  end
  return n
end

-- host:neigh_flush() -> count | nil, msg, errno: empties the table.
function methods:neigh_flush()
  check_host(self, "neigh_flush")
  local n, err, code = croute.neigh_flush(self)
  if not n then return nil, ("cannot flush the neighbours of host %s: %s"):format(self:name(), err), code end
  return n
end

return M
