-- netlab.lab_wire: links whose frames netlab carries itself (the wire
-- engine), for kernels without sch_netem or when asked.
--
--   lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"})
--
-- Each end of the link is a veth whose peer lies in a namespace of
-- netlab's own (one per link, held by an fd only, IPv6 off so it never
-- speaks itself); core/net/wire.c reads each peer's frames with a packet
-- socket bound to it and sends them out of the other peer after that
-- direction's impairment, each direction on a thread of its own, so the
-- frames move whatever the script does (a main chunk blocked in the
-- kernel too). A daemon task tells on stderr what those threads report.
local clab = require "netlab.c.lab"
local cnet = require "netlab.c.net"
local cwire = require "netlab.c.wire"
local ci = require "netlab.c.iface"
local croute = require "netlab.c.route"
local sched = require "netlab.sched"

local M = {}

-- Says on stderr (where a user sees it, the threads being nobody's call)
-- what went wrong on wire ST: WHAT happened to the direction DIR.
local function tell(st, dir, what)
  io.stderr:write(("netlab: the wire from %s to %s %s (link:stats() shows it)\n")
    :format(st.sides[dir + 1], st.sides[2 - dir], what))
  io.stderr:flush()
end

-- Tells what wire ST's threads have news of (core/net/wire.c moves the
-- frames on threads of its own) until it is closed: a daemon task's
-- body. A refusal no cable has (the far end's interface gone) is told
-- once per kind; a thread that stopped is told, its error kept for
-- link:stats.
local function news_loop(st)
  while not st.closed do
    sched.wait_fd(st.wire:fd(), "r") -- until there is news
    if st.closed then return end
    repeat
      local dir, msg = st.wire:alarm()
      if dir then tell(st, dir, "fails: " .. msg) end
    until not dir
    local err = st.wire:failed()
    if err then
      st.error = "the wire's thread stopped: " .. err
      for dir = 0, 1 do tell(st, dir, "carries nothing more: " .. st.error) end
      return
    end
  end
end

-- Undoes what make did so far (ST's namespace and wire).
local function undo(st)
  st.closed = true
  if st.wire then
    sched.abandon_fd(st.wire:fd())
    st.wire:close()
  end
  if st.mid then st.mid:_close() end
end

-- Makes the wire's own namespace (ST.mid), IPv6 off so it never speaks.
local function middle(st)
  local mid, err, code = clab.host("wire")
  if not mid then return nil, err, code end
  st.mid = mid
  for _, key in ipairs{"net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"} do
    cnet.sysctl(mid, key, "1") -- best effort: a kernel without IPv6 has neither
  end
  return true
end

-- Makes the wire's namespace and its two veths to X and Y; returns the
-- interface names in X and Y, and the wire's state.
local function plumb(st, x, y)
  local ok, err, code = middle(st)
  if not ok then return nil, err, code end
  local mid = st.mid
  local nx, wa, ny, wb
  nx, wa, code = clab.veth(x, mid)
  if not nx then return nil, wa, code end
  ny, wb, code = clab.veth(y, mid)
  if not ny then x:_link_del(nx) return nil, wb, code end
  local ok
  ok, err, code = mid:_link_up(wa)
  if ok then ok, err, code = mid:_link_up(wb) end
  if ok then st.ends = {wa, wb} end
  if ok then st.wire, err, code = cwire.open(mid, wa, wb) end
  if not st.wire then
    x:_link_del(nx)
    y:_link_del(ny)
    return nil, err, code
  end
  return nx, ny
end

-- make(x, y) -> name in x, name in y, wire | nil, message, errno: a wire
-- link's plumbing and its pump, nothing impaired, seeded at random.
function M.make(x, y)
  local st = {closed = false}
  local nx, ny, code = plumb(st, x, y)
  if not nx then undo(st) return nil, ny, code end
  st.sides = {x:name() .. ":" .. nx, y:name() .. ":" .. ny}
  st.wire:seed(math.random(0, math.maxinteger))
  st.task = sched.spawn(news_loop, true, st)
  return nx, ny, st
end

-- Rewiring a plain link ------------------------------------------------
--
-- A veth link becomes a wire link on its first impairment where the
-- kernel has no netem: the far end's veth moves into a new wire
-- namespace (the near end keeps it as its peer, untouched: its index,
-- addresses, routes, sockets and captures), and the far host gets a new
-- veth to the wire under the old one's name, index, MAC and MTU, with
-- its per-interface sysctls, addresses, routes and neighbours (permanent
-- and learnt) put back.

-- The sysctl directories of an interface (dots in a name kept: slashes).
local function sysctl_dirs(iface)
  return {"net/ipv4/conf/" .. iface, "net/ipv6/conf/" .. iface,
          "net/ipv4/neigh/" .. iface, "net/ipv6/neigh/" .. iface}
end

-- The state a neighbour entry is put back in: a learnt one whose check
-- was under way (DELAY, PROBE) as STALE, checked again when used.
local NEIGH_BACK = {PERMANENT = "PERMANENT", REACHABLE = "REACHABLE", STALE = "STALE",
                    DELAY = "STALE", PROBE = "STALE"}

-- The learnt and permanent neighbours of IFACE of host H, to put back
-- (NEIGH_BACK's states).
local function neighbours(h, iface)
  local rows = {}
  for _, n in ipairs(croute.neigh(h) or {}) do
    if n.iface == iface and NEIGH_BACK[n.state] and n.mac then rows[#rows + 1] = n end
  end
  return rows
end

-- Raises-free snapshot of interface IFACE of host H: {index, mac, mtu,
-- up, addrs = {{cidr, label}...}, routes = {row...}, neigh = {row...},
-- sysctl = {[dir] = {name = value}}} (a kernel without IPv6 has no
-- ipv6 directories: left out).
local function snapshot(h, iface)
  local rows, err, code = ci.list(h)
  if not rows then return nil, err, code end
  local snap
  for _, r in ipairs(rows) do
    if r.name == iface then snap = {index = r.index, mac = r.mac, mtu = r.mtu, up = r.up} end
  end
  if not snap then return nil, "no interface " .. iface, 19 end
  snap.addrs, snap.routes, snap.neigh = {}, {}, {}
  for _, a in ipairs(ci.addrs(h) or {}) do
    if a.iface == iface and not (a.family == "inet6" and a.address:find("^fe80:")) then
      snap.addrs[#snap.addrs + 1] = {cidr = ("%s/%d"):format(a.address, a.prefix), label = a.label}
    end
  end
  for _, r in ipairs(croute.list(h) or {}) do
    if r.iface == iface and r.type == "unicast" then snap.routes[#snap.routes + 1] = r end
  end
  snap.neigh = neighbours(h, iface)
  snap.sysctl = {}
  for _, dir in ipairs(sysctl_dirs(iface)) do snap.sysctl[dir] = cnet.sysctl_dir(h, dir) end
  return snap
end

-- Puts SNAP's per-interface sysctls back on IFACE of H where the new
-- interface's differ (a read-only one never does).
local function restore_sysctls(h, iface, snap)
  for dir, old in pairs(snap.sysctl) do
    local now = cnet.sysctl_dir(h, dir) or {}
    for name, value in pairs(old) do
      if now[name] ~= nil and now[name] ~= value then
        local ok, err, code = cnet.sysctl(h, dir .. "/" .. name, value)
        if not ok then return nil, ("%s/%s: %s"):format(dir, name, err), code end
      end
    end
  end
  return true
end

-- Puts SNAP's sysctls, addresses, state, routes and neighbours back on
-- IFACE of H; what the kernel made again by itself (EEXIST) is fine.
local function restore(h, iface, snap)
  local EEXIST = 17
  local ok, err, code = ci.set(h, iface, nil, snap.mtu, snap.mac ~= "" and snap.mac or nil)
  if ok then ok, err, code = restore_sysctls(h, iface, snap) end -- before it is up: as if always so
  if not ok then return nil, err, code end
  for _, a in ipairs(snap.addrs) do
    local label = a.label ~= "" and a.label ~= iface and a.label or nil
    ok, err, code = ci.addr_add(h, iface, a.cidr, label)
    if not ok and code ~= EEXIST then return nil, err, code end
  end
  if snap.up then
    ok, err, code = h:_link_up(iface)
    if not ok then return nil, err, code end
  end
  for _, r in ipairs(snap.routes) do
    ok, err, code = croute.add(h, ("%s/%d"):format(r.destination, r.prefix), r.gateway, iface, r.metric)
    if not ok and code ~= EEXIST then return nil, err, code end
  end
  for _, n in ipairs(snap.neigh) do croute.neigh_add(h, n.ip, n.mac, iface, NEIGH_BACK[n.state]) end
  return true
end

-- Puts back on IFACE of H those of the neighbours ROWS it no longer has:
-- the near end's peer moving away takes its carrier for a moment, and
-- the kernel may forget what the end had learnt then (arp_evict_nocarrier).
local function keep_neighbours(h, iface, rows)
  local now = {}
  for _, n in ipairs(neighbours(h, iface)) do now[n.ip] = true end
  for _, n in ipairs(rows) do
    if not now[n.ip] then croute.neigh_add(h, n.ip, n.mac, iface, NEIGH_BACK[n.state]) end
  end
end

M.snapshot, M.restore = snapshot, restore -- for lab_carriage.recarry_end

-- Whether host H has an open capture on interface IFACE.
local function captured(h, iface)
  local st = require("netlab.lab").host_state(h)
  local meta = require("netlab.c.capture").meta
  for obj in pairs(st and st.sockets or {}) do
    if getmetatable(obj) == meta and obj:isopen() and obj:iface() == iface then return true end
  end
  return false
end

-- Moves H's veth IFACE into ST's namespace as AS and makes H a new one
-- to the wire's end PEER in its place, with SNAP's state.
local function replace_veth(st, h, iface, as, peer, snap)
  local ok, err, code = h:_link_move(iface, st.mid, as)
  if not ok then return nil, err, code end
  ok, err, code = clab.veth(h, st.mid, iface, peer, snap.index)
  if not ok and code == 16 then -- EBUSY: the index was taken meanwhile
    ok, err, code = clab.veth(h, st.mid, iface, peer)
  end
  if ok then ok, err, code = restore(h, iface, snap) end
  if ok and h:is_switch() then -- a switch's port: back into its bridge
    ok, err, code = cnet.enslave(h, require("netlab.lab_net").BRIDGE, iface)
  end
  if not ok then -- the old veth goes back (closing the namespace would delete it, and its peer)
    h:_link_del(iface)
    if st.mid:_link_move(as, h, iface) and restore(h, iface, snap) and h:is_switch() then
      cnet.enslave(h, require("netlab.lab_net").BRIDGE, iface)
    end
    return nil, err, code
  end
  return true
end

-- Moves the far end's veth (FAR: {host, iface}) into ST's namespace as
-- AS, and gives FAR's host a new veth to it named as the old, to the
-- wire's end PEER; the old one's state is put back, and its captures
-- carry on on the new one.
local function replace_end(st, far, as, peer)
  local h, iface = far.host, far.iface
  local snap, err, code = snapshot(h, iface)
  if not snap then return nil, err, code end
  local captures = require "netlab.lab_capture"
  local caps = captures.suspend(h, iface)
  local ok
  ok, err, code = replace_veth(st, h, iface, as, peer, snap)
  captures.resume(h, caps)
  return ok, err, code
end

-- rewire(x_end, y_end) -> wire state | nil, message, errno: the plain
-- veth link between ends X_END and Y_END ({host, iface}) carried by a
-- wire from now on (its direction 0 carries what X_END sends). The end
-- rebuilt is Y_END's unless only it has a capture open (a rebuilt end's
-- captures are reopened: they miss what came meanwhile).
function M.rewire(xe, ye)
  local st = {closed = false}
  local ok, err, code = middle(st)
  -- rebuild the end without a capture, else not a switch's port, else y's
  local function cost(e) return (captured(e.host, e.iface) and 2 or 0) + (e.host:is_switch() and 1 or 0) end
  local near_is_x = cost(ye) <= cost(xe)
  local far = near_is_x and ye or xe
  -- wa faces X, wb faces Y: the moved veth faces the near end
  local moved, new = near_is_x and "wa" or "wb", near_is_x and "wb" or "wa"
  local near = near_is_x and xe or ye
  local near_neigh = neighbours(near.host, near.iface)
  if ok then ok, err, code = replace_end(st, far, moved, new) end
  if ok then ok, err, code = st.mid:_link_up("wa") end
  if ok then ok, err, code = st.mid:_link_up("wb") end
  if ok then st.wire, err, code = cwire.open(st.mid, "wa", "wb") end
  if not st.wire then undo(st) return nil, err, code end
  st.ends = {"wa", "wb"}
  st.sides = {xe.host:name() .. ":" .. xe.iface, ye.host:name() .. ":" .. ye.iface}
  st.wire:seed(math.random(0, math.maxinteger))
  st.task = sched.spawn(news_loop, true, st)
  local deadline = sched.now() + 2
  while not (M.ready(st) and xe.host:_link_ready(xe.iface) and ye.host:_link_ready(ye.iface))
    and sched.now() < deadline do
    sched.sleep(0.001)
  end
  keep_neighbours(near.host, near.iface, near_neigh) -- its carrier is back: none goes now
  return st
end

-- ready(st) -> true once the wire's own ends can send (lab.lua waits
-- for this as for the link's ends).
function M.ready(st)
  for _, e in ipairs(st.ends) do
    if not st.mid:_link_ready(e) then return false end
  end
  return true
end

-- A wire to another machine over UDP (lab_carriage.lua) ------------------

-- make_udp(x, ip, port[, name[, index]]) -> name in x, wire state | nil,
-- message, errno: a veth from host X (named NAME, with interface index
-- INDEX if free, else the next ethN) to a wire whose other end is a UDP
-- socket of this machine bound to IP and PORT (0: any free one), seeded
-- at random; it carries nothing until connect_udp.
function M.make_udp(x, ip, port, name, index)
  local st = {closed = false}
  local ok, err, code = middle(st)
  if not ok then undo(st) return nil, err, code end
  local nx, wa
  nx, wa, code = clab.veth(x, st.mid, name, nil, index)
  if not nx and code == 16 and index then -- EBUSY: the index was taken meanwhile
    nx, wa, code = clab.veth(x, st.mid, name)
  end
  if not nx then undo(st) return nil, wa, code end
  ok, err, code = st.mid:_link_up(wa)
  if ok then st.wire, err, code = cwire.open_udp(st.mid, wa, ip, port) end
  if not st.wire then
    x:_link_del(nx)
    undo(st)
    return nil, err, code
  end
  st.ends = {wa}
  st.sides = {x:name() .. ":" .. nx, ("udp %s port %d"):format(ip, st.wire:port())}
  st.wire:seed(math.random(0, math.maxinteger))
  return nx, st
end

-- connect_udp(st, ip, port) -> true | nil, message, errno: the wire's
-- datagrams go to IP:PORT, the other machine's end, and its threads start.
function M.connect_udp(st, ip, port)
  local ok, err, code = st.wire:connect(ip, port)
  if not ok then return nil, err, code end
  st.sides[2] = ("udp %s port %d"):format(ip, port)
  if not st.task then st.task = sched.spawn(news_loop, true, st) end
  return true
end

-- close(st): the threads stop, the frames waiting go, the namespace closes
-- (a link between machines: each machine's end, through ST.on_close).
function M.close(st)
  if st.closed then return end
  if st.on_close then
    st.closed = true
    return st.on_close()
  end
  undo(st)
end

return M
