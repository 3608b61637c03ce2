-- netlab.lab_cross: links between hosts on different machines of one lab
-- (lab:link when its hosts' machines differ, netlab.lab_machine).
--
--   x (machine m1) eth0 ==VXLAN vni N, UDP port P== eth0 y (machine m2)
--
-- Each end is a VXLAN interface made through its machine's own netlink
-- socket and put in the host at once (ip link add eth0 netns X type
-- vxlan id N local U1 remote U2 dstport P), so its outer UDP socket is
-- the machine's, between the machines' underlay addresses, while the
-- interface and everything on it are the host's and go with it. Unicast:
-- every frame (ARP broadcasts too) goes to the one other end.
local ctunnel = require "netlab.c.tunnel"
local clab = require "netlab.c.lab"
local lab = require "netlab.lab"
local errno = require "netlab.errno"

local argerror, typename = lab.argerror, lab.typename

local M = {}

M.PORT = 4789 -- IANA's VXLAN port

local here -- this machine's namespace as a host, opened once

-- The machine's own namespace (netlab.c.lab.here), opened at first use.
local function machine_ns()
  if not here then
    local h, err, code = clab.here()
    if not h then return nil, err, code end
    here = h
  end
  return here
end

-- Why a VXLAN end could not be made, for people.
local function end_failed(h, spec, err, code)
  if code == errno.EEXIST then
    err = ("VNI %d on UDP port %d is taken on this machine (another link or lab uses it: give vni =)"):format(spec.vni, spec.port)
  elseif code == errno.EPERM then
    err = err .. " (a VXLAN end needs root there; carry = \"udp\" needs none)"
  end
  return nil, ("cannot make %s's end of the link: %s"):format(h:name(), err), code
end

-- The MTU of a VXLAN end on this machine to underlay address REMOTE:
-- the MTU of the machine's interface its route leaves by, less the outer
-- headers (50 bytes over IPv4, 70 over IPv6), so no outer packet needs
-- fragmenting on the underlay.
local function end_mtu(remote, family)
  local overhead = require("netlab.lab_tunnel").OVERHEAD.vxlan + (family == "inet6" and 20 or 0)
  local r = netlab.here:route_get(remote)
  for _, row in ipairs(r and netlab.here:ifaces() or {}) do
    if row.name == r.iface then return math.max(row.mtu - overhead, 68) end
  end
  return 1500 - overhead
end

-- M.vxlan_dev(h, name, spec) -> mtu | nil, message, errno: a VXLAN
-- interface NAME in host H (down, no address) with SPEC's vni, port,
-- local and remote underlay addresses and family, made through this
-- machine's netlink socket; its MTU fits the underlay (end_mtu), its
-- offloads are off, as a lab cable's are, so captures see segments as
-- they cross.
function M.vxlan_dev(h, name, spec)
  local ns, err, code = machine_ns()
  if not ns then return nil, err, code end
  local mtu = end_mtu(spec.remote, spec.family)
  local ok
  ok, err, code = ctunnel.add(ns, name, {kind = "vxlan", family = spec.family, ["local"] = spec["local"],
    remote = spec.remote, vni = spec.vni, port = spec.port, mtu = mtu, into = h})
  if not ok then return nil, err, code end
  ok, err, code = h:_offload_off(name) -- segments cut to the MSS, as on a lab cable
  if not ok then
    h:_link_del(name)
    return nil, err, code
  end
  return mtu
end

-- M.make_end(h, spec) -> interface name | nil, message, errno: host H's
-- end of a link to another machine: a VXLAN interface named ethN (the
-- next free name) with SPEC's vni, port, local and remote underlay
-- addresses (family "inet" or "inet6") and addrs (CIDR texts), up;
-- its MTU fits the underlay (end_mtu); its offloads are off, as a lab
-- cable's are, so captures see segments as they cross.
function M.make_end(h, spec)
  lab.check_host(h, "link", 1)
  local addrs = lab.parse_cidr_list(spec.addrs, 3, "link")
  local name, err, code = h:_free_name("eth")
  if not name then return end_failed(h, spec, err, code) end
  local ok
  ok, err, code = M.vxlan_dev(h, name, spec)
  if not ok then return end_failed(h, spec, err, code) end
  ok, err, code = lab.configure(h, name, addrs)
  if ok and h:is_switch() then -- a port of the switch's bridge
    local net = require "netlab.lab_net"
    ok, err, code = require("netlab.c.net").enslave(h, net.BRIDGE, name)
    if not ok then err = ("cannot plug %s into switch %s: %s"):format(name, h:name(), err) end
  end
  if not ok then
    h:_link_del(name)
    return nil, err, code
  end
  lab.wait_ready(h, name, h, name)
  lab.record_end(h, name, addrs)
  return name
end

-- Controller side ------------------------------------------------------------

local next_vni -- the VNI the next link between machines takes, by default

-- Whether MACHINE (nil: this one) may make a VXLAN end: its worker is
-- root there (lab_carriage.net_admin, told in its welcome).
local function vxlan_able(machine)
  if machine then return machine.net_admin == true end
  return require("netlab.lab_carriage").net_admin()
end

-- Reads lab:link's options for a link between machines MX and MY (nil:
-- this one): the carriage ("vxlan" or "udp"; by default VXLAN where both
-- may make it, else UDP through the wire), the VNI and the port.
local function check_opts(opts, mx, my)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror(5, "link", "options table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if k ~= "vni" and k ~= "port" and k ~= "engine" and k ~= "carry" then
      argerror(5, "link", ("unknown option '%s' for a link between machines (carry, vni or port expected)"):format(tostring(k)))
    end
  end
  local function int(key, lo, hi)
    local v = opts[key]
    if v ~= nil and (math.type(v) ~= "integer" or v < lo or v > hi) then
      argerror(5, "link", ("%s: integer %d-%d expected, got %s"):format(key, lo, hi,
        type(v) == "number" and tostring(v) or typename(v)))
    end
    return v
  end
  local carry = opts.carry
  if carry ~= nil and carry ~= "vxlan" and carry ~= "udp" then
    argerror(5, "link", ("carry: \"vxlan\" or \"udp\" expected, got %s"):format(
      type(carry) == "string" and ("%q"):format(carry) or typename(carry)))
  end
  local engine = opts.engine
  if engine ~= nil and engine ~= "vxlan" and engine ~= "wire" then
    argerror(5, "link", "engine: a link between machines is carried by VXLAN (\"vxlan\") or over UDP by the wire (\"wire\"), got " .. tostring(engine))
  end
  carry = carry or (engine == "wire" and "udp") or engine
  if carry == nil then carry = vxlan_able(mx) and vxlan_able(my) and "vxlan" or "udp" end
  if carry == "udp" then
    if opts.vni ~= nil then argerror(5, "link", "vni: a link carried over UDP has no VNI (carry = \"vxlan\" has)") end
    return carry, nil, int("port", 1, 65535) or 0
  end
  local vni = int("vni", 1, 0xffffff)
  if not vni then
    next_vni = next_vni or math.random(0x100000, 0xefffff) -- two scripts on the same machines seldom meet
    vni, next_vni = next_vni, next_vni + 1
  end
  return carry, vni, int("port", 1, 65535) or M.PORT
end

-- The underlay address of MACHINE, or raises.
local function underlay_of(machine, h, n)
  local u = machine.underlay
  if not u then
    argerror(n, "link", ("host %s is on machine %s, which has no underlay address: give lab:machine{underlay =}")
      :format(h:name(), machine.name))
  end
  return u
end

-- The underlay address of this machine (the script's) towards underlay
-- address TO of MACHINE: netlab.lab{underlay =} (or NETLAB_MACHINES's),
-- else the source address this machine's kernel picks for TO | nil, message.
local function own_underlay(l, machine, to)
  if l._underlay then return l._underlay end
  local r = netlab.here:route_get(to.ip)
  local src = r and r.reply and r.reply.prefsrc
  if not src then
    return nil, ("cannot link to machine %s: this machine has no route to its underlay address %s "
      .. "(give netlab.lab{underlay = this machine's address})"):format(machine.name, to.ip)
  end
  return {family = to.family, ip = src}
end

-- Makes host H's end (on MACHINE, nil: here) with SPEC.
local function make_on(machine, h, spec)
  if machine then return require("netlab.lab_machine").call_fn(machine, "cross_end", h, spec) end
  return M.make_end(h, spec)
end

-- M.drop_on(machine, h, iface): removes end IFACE of host H (on MACHINE,
-- nil: here), made before the other end failed.
function M.drop_on(machine, h, iface)
  if machine then
    require("netlab.lab_machine").call_fn(machine, "drop_end", h, iface)
  else
    lab.drop_end(h, iface)
  end
end

-- M.link(lab, x, mx, y, my, addr_x, addr_y, opts) -> link | nil, message:
-- lab:link between hosts X and Y on machines MX and MY (nil: here).
function M.link(l, x, mx, y, my, addr_x, addr_y, opts)
  local carry, vni, port = check_opts(opts, mx, my)
  local machines = require "netlab.lab_machine"
  for i, h in ipairs{x, y} do
    if machines.is_switch(h) and ({addr_x, addr_y})[i] ~= nil then
      argerror(i + 2, "link", ("switch %s takes no address"):format(h:name()))
    end
  end
  local ax, ay = lab.parse_cidr_list(addr_x, 3, "link"), lab.parse_cidr_list(addr_y, 4, "link")
  local ux, uy = mx and underlay_of(mx, x, 1), my and underlay_of(my, y, 2)
  local err, code
  if not ux then ux, err = own_underlay(l, my, uy) end
  if not uy then uy, err = own_underlay(l, mx, ux) end
  if not (ux and uy) then return nil, err end
  if ux.family ~= uy.family then argerror(2, "link", "the two machines' underlay addresses are of different families") end
  local function texts(list)
    local out = {}
    for i, a in ipairs(list) do out[i] = a.text end
    return out
  end
  if carry == "udp" then
    return require("netlab.lab_carriage").link(l, x, mx, ux, y, my, uy, texts(ax), texts(ay), port)
  end
  local nx
  nx, err, code = make_on(mx, x, {vni = vni, port = port, family = ux.family, ["local"] = ux.ip,
    remote = uy.ip, addrs = texts(ax)})
  if not nx then return nil, err, code end
  local ny
  ny, err, code = make_on(my, y, {vni = vni, port = port, family = ux.family, ["local"] = uy.ip,
    remote = ux.ip, addrs = texts(ay)})
  if not ny then
    M.drop_on(mx, x, nx)
    return nil, err, code
  end
  local link = setmetatable({_lab = l, _ends = {{host = x, iface = nx, addrs = texts(ax)},
    {host = y, iface = ny, addrs = texts(ay)}}, _cross = {carry = "vxlan", vni = vni, port = port,
    underlays = {ux, uy}}}, lab.Link)
  l._links[#l._links + 1] = link
  return link
end

return M
