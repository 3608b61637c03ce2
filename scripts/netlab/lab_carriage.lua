-- netlab.lab_carriage: links between machines carried as UDP datagrams
-- by netlab's own wire (lab:link between hosts of two machines where a
-- worker may not make a VXLAN device: rootless; or carry = "udp").
--
--   x (m1) eth0 ==veth== [wire ns] wa ~ wire ~ UDP 10.77.0.1:P1
--                                                  |  the underlay
--   y (m2) eth0 ==veth== [wire ns] wa ~ wire ~ UDP 10.77.0.2:P2
--
-- Each machine's end is a wire (core/net/wire.c) whose second end is a
-- UDP socket of the machine's own network (core/net/wire_udp.c), which
-- any user may open: every frame the host sends is one datagram to the
-- other machine's socket, and every datagram from it a frame the host
-- receives. The two sockets are connected to each other, so neither
-- takes a datagram from anyone else. Impairments act where the frames
-- leave: the sending machine's wire, direction 0.
local ci = require "netlab.c.iface"
local errno = require "netlab.errno"
local lab = require "netlab.lab"
local lab_wire = require "netlab.lab_wire"

local M = {}

-- Bytes a frame gains on the underlay: the outer IPv4 header (IPv6: 40),
-- UDP's 8, the offload header's 10 and the inner Ethernet header's 14.
M.OVERHEAD = 20 + 8 + 10 + 14

-- The MTU of a carried end on this machine to underlay address REMOTE:
-- the machine's interface its route leaves by, less OVERHEAD, so no
-- datagram needs fragmenting on the underlay.
local function end_mtu(remote, family)
  local overhead = M.OVERHEAD + (family == "inet6" and 20 or 0)
  local r = netlab.here:route_get(remote)
  for _, row in ipairs(r and netlab.here:ifaces() or {}) do
    if row.name == r.iface then return math.max(row.mtu - overhead, 68) end
  end
  return 1500 - overhead
end

-- Why host H's end could not be made on this machine, for people.
local function end_failed(h, spec, err, code)
  local port = spec.port == 0 and "a free port" or ("UDP port %d"):format(spec.port)
  if code == errno.EADDRINUSE then
    err = ("UDP port %d is taken on this machine (another link or program uses it: give another port =, or none for any free one)"):format(spec.port)
  elseif code == errno.EADDRNOTAVAIL then
    err = ("%s is not an address of this machine (its underlay address expected)"):format(spec["local"])
  elseif code == errno.EACCES then
    err = ("%s needs privilege on this machine (give one above 1023, or none)"):format(port)
  end
  return nil, ("cannot make %s's end of the link: %s"):format(h:name(), err), code
end

local Carriage = {__name = "netlab.carriage"}
Carriage.__index = Carriage
M.Carriage = Carriage

-- The carriages of each host, held here (a host's sockets are a weak set).
local held = setmetatable({}, {__mode = "k"})

-- Keeps carriage C of host H (closed with the host).
local function hold(h, c)
  lab.host_state(h).sockets[c] = true
  held[h] = held[h] or {}
  held[h][#held[h] + 1] = c
end

-- Checks that SELF is an open carriage; returns its wire state.
local function check(self, fname)
  if getmetatable(self) ~= Carriage then
    require("netlab.selfcheck").raise(fname, "netlab.carriage expected, got " .. lab.typename(self), 2)
  end
  if self._st.closed then error("attempt to use a closed carriage", 3) end
  return self._st
end

-- c:port() -> the UDP port this end's datagrams come from.
function Carriage:port() return check(self, "port").wire:port() end

-- c:connect(ip, port) -> true | nil, message, errno: the datagrams go to
-- the other machine's IP:PORT (and only its come in); the wire starts.
function Carriage:connect(ip, port)
  local st = check(self, "connect")
  local ok, err, code = lab_wire.connect_udp(st, ip, port)
  if not ok then return nil, ("cannot carry %s to %s port %d: %s"):format(st.sides[1], ip, port, err), code end
  return true
end

-- c:set(dir, settings), c:seed(n), c:stats(dir): the wire's (netlab.wire).
function Carriage:set(dir, set) check(self, "set").wire:set(dir, set) return true end
function Carriage:seed(n) check(self, "seed").wire:seed(n) return true end
function Carriage:stats(dir)
  local st = check(self, "stats")
  local row = st.wire:stats(dir)
  row.error = st.error or row.error
  return row
end

-- c:close(): the host's end is deleted (and what the lab noted of it),
-- the wire stops and its namespace goes; safe twice.
function Carriage:close()
  if getmetatable(self) ~= Carriage then check(self, "close") end
  local st = self._st
  if st.closed then return true end
  if self._host:_isopen() then lab.drop_end(self._host, self._iface) end
  lab_wire.close(st)
  return true
end

function Carriage:__tostring()
  local st = self._st
  return ("netlab.carriage %s <-> %s%s"):format(st.sides[1], st.sides[2], st.closed and " (closed)" or "")
end

-- M.make_end(h, spec) -> interface name, carriage | nil, message, errno:
-- host H's end of a link to another machine carried over UDP: a veth
-- named ethN to a wire whose far end is a UDP socket of this machine
-- bound to SPEC.local and SPEC.port (0: any free one); its MTU fits the
-- underlay to SPEC.remote (family SPEC.family), its addresses SPEC.addrs.
-- With SPEC.remote_port it is connected at once (else c:connect later).
function M.make_end(h, spec)
  lab.check_host(h, "link", 1)
  local addrs = lab.parse_cidr_list(spec.addrs, 3, "link")
  local name, st, code = lab_wire.make_udp(h, spec["local"], spec.port)
  if not name then return end_failed(h, spec, st, code) end
  local c = setmetatable({_st = st, _host = h, _iface = name}, Carriage)
  local ok, err
  ok, err, code = ci.set(h, name, nil, end_mtu(spec.remote, spec.family))
  if ok then ok, err, code = lab.configure(h, name, addrs) end
  if ok and h:is_switch() then -- a port of the switch's bridge
    ok, err, code = require("netlab.c.net").enslave(h, require("netlab.lab_net").BRIDGE, name)
    if not ok then err = ("cannot plug %s into switch %s: %s"):format(name, h:name(), err) end
  end
  if ok and spec.remote_port then ok, err, code = c:connect(spec.remote, spec.remote_port) end
  if not ok then
    c:close()
    return nil, err, code
  end
  lab.wait_ready(h, name, h, name, st)
  lab.record_end(h, name, addrs)
  hold(h, c) -- closed with the host
  return name, c
end

-- Re-carrying a VXLAN link over UDP ------------------------------------------
--
-- A VXLAN link between machines has no wire to impair or cut (netem on
-- each end would do it, but this kernel has none), so its first
-- impairment or cut carries it over UDP instead, as a plain link is
-- rewired (lab_wire.rewire): on each machine the host's VXLAN end goes
-- and a carriage end takes its place under the same name, index and MAC,
-- with its addresses, routes, neighbours and sysctls put back and its
-- captures carrying on; its MTU becomes the carriage's (2 bytes less).

-- Swaps interface IFACE of host H for another device under its name:
-- REMOVE() takes the old one away, MAKE(index) makes the new one (down,
-- no address) -> its mtu | nil, message, errno, UNDO() removes it again,
-- BACK(index) makes the old kind again (-> its mtu) when MAKE or the
-- restore fails. True | nil, message, errno.
local function swap(h, iface, remove, make, undo, back)
  local snap, err, code = lab_wire.snapshot(h, iface)
  if not snap then return nil, err, code end
  local captures = require "netlab.lab_capture"
  local caps = captures.suspend(h, iface)
  for _, dir in pairs(snap.sysctl) do dir.mtu = nil end -- the interface's MTU changes (IPv6's follows it)
  local function put_back(mtu)
    snap.mtu = mtu
    local ok, e, c = lab_wire.restore(h, iface, snap)
    if ok and h:is_switch() then -- a port of the switch's bridge again
      ok, e, c = require("netlab.c.net").enslave(h, require("netlab.lab_net").BRIDGE, iface)
    end
    return ok, e, c
  end
  remove()
  local mtu, ok
  mtu, err, code = make(snap.index)
  if mtu then
    ok, err, code = put_back(mtu)
    if not ok then undo() end
  end
  if not ok then
    local old = back(snap.index)
    if not (old and put_back(old)) then lab.drop_end(h, iface) end -- nothing half-made stays
  end
  captures.resume(h, caps)
  return ok, err, code
end

-- Closes carriage C's wire and deletes its interface, keeping what the
-- lab noted of the interface (its name and addresses: another device
-- takes its place).
local function unplug(h, c)
  local st = c._st
  if st.closed then return end
  if h:_isopen() then h:_link_del(c._iface) end
  lab_wire.close(st)
  lab.host_state(h).sockets[c] = nil
end

-- M.recarry_end(h, spec) -> interface name, carriage | nil, message,
-- errno: host H's VXLAN end SPEC.iface (vxlan: the spec it was made
-- with, lab_cross.make_end's) replaced by a carriage end of the same
-- name bound to SPEC.local and SPEC.port, its MTU the carriage's to
-- SPEC.remote, connected to SPEC.remote_port if given. On a failure the
-- VXLAN end is made again as it was.
function M.recarry_end(h, spec)
  lab.check_host(h, "impair", 1)
  local iface = spec.iface
  local cross = require "netlab.lab_cross"
  local c
  local ok, err, code = swap(h, iface, function() h:_link_del(iface) end, function(index)
    local name, st, e = lab_wire.make_udp(h, spec["local"], spec.port, iface, index)
    if not name then return nil, st, e end
    c = setmetatable({_st = st, _host = h, _iface = name}, Carriage)
    local mtu = end_mtu(spec.remote, spec.family)
    local done, why, ecode = ci.set(h, name, nil, mtu)
    if done and spec.remote_port then done, why, ecode = c:connect(spec.remote, spec.remote_port) end
    if not done then unplug(h, c) return nil, why, ecode end
    return mtu
  end, function() unplug(h, c) end, function()
    return cross.vxlan_dev(h, iface, spec.vxlan)
  end)
  if not ok then return end_failed(h, spec, err, code) end
  lab.wait_ready(h, iface, h, iface, c._st)
  hold(h, c)
  return iface, c
end

-- M.vxlan_back(h, iface, spec) -> true | nil, message, errno: host H's
-- carriage end IFACE (made by recarry_end) replaced by the VXLAN end
-- SPEC describes again, as it was before (the other machine's end failed
-- to move).
function M.vxlan_back(h, iface, spec)
  lab.check_host(h, "impair", 1)
  local c
  for _, k in ipairs(held[h] or {}) do
    if k._iface == iface and not k._st.closed then c = k end
  end
  if not c then return nil, ("%s has no carried end %s"):format(h:name(), iface) end
  local ok, err, code = swap(h, iface, function() unplug(h, c) end, function()
    return require("netlab.lab_cross").vxlan_dev(h, iface, spec)
  end, function() h:_link_del(iface) end, function() return nil end)
  if ok then lab.wait_ready(h, iface, h, iface) end
  return ok, err, code
end

-- Controller side ---------------------------------------------------------

-- The link's two ends as one wire for link:impair, cut, heal and stats
-- (lab_iface.lua): direction D is what end D + 1's host sends, so its
-- settings go to that end's carriage, direction 0 (where the frames
-- leave); its counts are that carriage's direction 0 and the far one's
-- direction 1 (what came in and reached the host) together.
local Both = {}
Both.__index = Both

-- b:set(dir | {dir...}, set[, seed]): as netlab.wire's (SEED first; the
-- two machines' ends take it one after the other).
function Both:set(dir, set, seed)
  if seed then self:seed(seed) end
  for _, d in ipairs(type(dir) == "table" and dir or {dir}) do self[d + 1]:set(0, set) end
  return true
end
function Both:seed(n)
  self[1]:seed(n)
  self[2]:seed(n ~ 0x2545f4914f6cdd1d) -- the two directions draw apart
end

-- The counts of what end DIR + 1 sends: the sender's impairment, the
-- receiver's delivery (forwarded: frames that reached the far host).
function Both:stats(dir)
  local out, back = self[dir + 1]:stats(0), self[2 - dir]:stats(1)
  if not out or not back then return {errors = 0, error = "closed", forwarded = 0, dropped = 0,
    duplicated = 0, corrupted = 0, reordered = 0, queued = 0} end
  local row = {}
  for k, v in pairs(out) do row[k] = v end
  row.sent = out.forwarded -- datagrams that left
  row.forwarded = back.forwarded
  row.dropped = out.dropped + back.dropped
  row.errors = out.errors + back.errors
  row.error = out.error or back.error
  return row
end

-- Makes LINK carried by carriages CX (its first end's, port PX) and CY:
-- its wire (Both), seeded at random, and _cross's carry and ports.
local function carry(link, cx, cy, px)
  local both = setmetatable({cx, cy}, Both)
  link._wire = {wire = both, closed = false, on_close = function() cx:close() cy:close() end}
  link._wire.wire:seed(math.random(0, math.maxinteger))
  link._cross.carry, link._cross.ports = "udp", {px, cy:port()}
end

-- Makes host H's end on MACHINE (nil: here) with SPEC: name, carriage.
local function make_on(machine, h, spec)
  if machine then return require("netlab.lab_machine").call_fn(machine, "carriage_end", h, spec) end
  return M.make_end(h, spec)
end

-- M.link(lab, x, mx, ux, y, my, uy, ax, ay, port) -> link | nil, message,
-- errno: the UDP carriage between X (on MX, underlay UX) and Y (on MY,
-- underlay UY), each end bound to PORT (0: any free one); AX and AY the
-- ends' address texts. X's end is made first, Y's connected to it, then
-- X's to Y's; a failure closes what was made.
function M.link(l, x, mx, ux, y, my, uy, ax, ay, port)
  local nx, cx, code = make_on(mx, x, {["local"] = ux.ip, port = port, family = ux.family,
    remote = uy.ip, addrs = ax})
  if not nx then return nil, cx, code end
  local px, why = cx:port()
  if not px then
    on(mx, "vxlan_back", xe.host, xe.iface, vx)
    return nil, why
  end
  local ny, cy
  ny, cy, code = make_on(my, y, {["local"] = uy.ip, port = port, family = uy.family, remote = ux.ip,
    remote_port = px, addrs = ay})
  local ok, err = ny ~= nil, cy
  if ok then ok, err, code = cx:connect(uy.ip, cy:port()) end
  if not ok then
    if ny then cy:close() end
    cx:close()
    return nil, err, code
  end
  local link = setmetatable({_lab = l, _ends = {{host = x, iface = nx, addrs = ax},
    {host = y, iface = ny, addrs = ay}}, _cross = {underlays = {ux, uy}}}, lab.Link)
  carry(link, cx, cy, px)
  l._links[#l._links + 1] = link
  return link
end

-- M.recarry(link) -> true | nil, message, errno: VXLAN link LINK between
-- machines carried over UDP from now on (for link:impair and cut), each
-- end swapped where it is (recarry_end): X's first, then Y's, connected
-- to X's, then X's to Y's. If Y's cannot be (its worker died, say), X's
-- end is made VXLAN again and the link is as it was.
function M.recarry(link)
  local cr = link._cross
  local xe, ye = link._ends[1], link._ends[2]
  local machines = require "netlab.lab_machine"
  local mx, my = machines.machine_of(xe.host), machines.machine_of(ye.host)
  local ux, uy = cr.underlays[1], cr.underlays[2]
  local vx = {vni = cr.vni, port = cr.port, family = ux.family, ["local"] = ux.ip, remote = uy.ip}
  local vy = {vni = cr.vni, port = cr.port, family = ux.family, ["local"] = uy.ip, remote = ux.ip}
  local function on(machine, fname, ...)
    if machine then return machines.call_fn(machine, fname, ...) end
    return M[fname](...)
  end
  local nx, cx, code = on(mx, "recarry_end", xe.host, {iface = xe.iface, ["local"] = ux.ip, port = 0,
    family = ux.family, remote = uy.ip, vxlan = vx})
  if not nx then return nil, cx, code end
  local px = cx:port()
  local ny, cy
  ny, cy, code = on(my, "recarry_end", ye.host, {iface = ye.iface, ["local"] = uy.ip, port = 0,
    family = uy.family, remote = ux.ip, remote_port = px, vxlan = vy})
  local ok, err = ny ~= nil, cy
  if ok then ok, err, code = cx:connect(uy.ip, cy:port()) end
  if not ok then
    if ny then on(my, "vxlan_back", ye.host, ye.iface, vy) end
    on(mx, "vxlan_back", xe.host, xe.iface, vx)
    return nil, err, code
  end
  carry(link, cx, cy, px)
  return true
end

-- M.net_admin() -> whether this netlab may make network devices in the
-- machine's own namespace (a VXLAN end): root of the machine's first
-- user namespace with CAP_NET_ADMIN. Rootless (a user namespace of its
-- own, or no such capability), links between machines go over UDP.
function M.net_admin()
  local f = io.open("/proc/self/status")
  local status = f and f:read("a") or ""
  if f then f:close() end
  local caps = tonumber(status:match("\nCapEff:%s*(%x+)") or "0", 16) or 0
  f = io.open("/proc/self/uid_map")
  local map = f and f:read("a") or ""
  if f then f:close() end
  local first = map:match("^%s*0%s+0%s+4294967295%s*$") ~= nil -- the machine's own
  return first and caps & (1 << 12) ~= 0
end

return M
