-- netlab.lab_tun: TUN and TAP interfaces whose packets the script moves
-- (host:tun, host:tap): what the host routes into a TUN the script reads
-- as a whole IP packet, and what it writes the host receives as if it
-- had come in on that interface; a TAP does the same with Ethernet frames.
--   local t <close> = a:tun("tun0", {addr = "10.8.0.1/24"})
--   local bytes = t:read(1)          -- one IP packet, or nil, "timeout"
--   local p = t:next(1)              -- the same as a netlab.packet
--   t:write(bytes)                   -- raw bytes, a packet or a crafted one
--
-- The C side (bindings/l_tun.c) never waits: it says "wantread" and the
-- methods here wait for the device's fd with the scheduler, as a
-- capture's do, so other tasks run meanwhile (a VPN's two directions are
-- two tasks: examples/vpn.lua). The interface goes with the object:
-- t:close(), <close>, garbage collection or the lab's close.
local selfcheck = require "netlab.selfcheck"
local ctun = require "netlab.c.tun"
local clab = require "netlab.c.lab"
local lab = require "netlab.lab"
local sched = require "netlab.sched"
local loop = require "netlab.c.loop"
local errno = require "netlab.errno"

local M = {}

local Tun = ctun.meta
local methods = Tun.__index
local argerror, typename = lab.argerror, lab.typename
local owner = setmetatable({}, {__mode = "k"}) -- tun -> the host it is in

sched.wake_on_close(Tun) -- a close wakes a task waiting in read with "closed"

local OPTIONS = {addr = true, mtu = true}

-- Raises unless NAME can name a new interface (argument 1 of FNAME).
local function check_ifname(name, fname)
  if type(name) ~= "string" then argerror(1, fname, "interface name expected, got " .. typename(name)) end
  if #name == 0 or #name > 15 or not name:match("^[%w_%-]+$") then -- no '.': sysctl's separator
    argerror(1, fname, ("invalid interface name %q: 1-15 letters, digits, '-' or '_'"):format(name))
  end
end

-- Reads host:tun's options (argument 2 of FNAME): {addr =, mtu =}.
local function check_opts(opts, fname)
  if opts == nil then return {addrs = {}} end
  if type(opts) ~= "table" then argerror(2, fname, "options table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if not OPTIONS[k] then argerror(2, fname, ("unknown option '%s' (addr or mtu expected)"):format(tostring(k))) end
  end
  local mtu = opts.mtu
  if mtu ~= nil and (math.type(mtu) ~= "integer" or mtu < 68 or mtu > 65535) then
    argerror(2, fname, ("mtu: integer 68-65535 expected, got %s"):format(
      type(mtu) == "number" and tostring(mtu) or typename(mtu)))
  end
  return {addrs = lab.parse_cidr_list(opts.addr, 2, fname, "addr: "), mtu = mtu}
end

-- What went wrong opening the device, for people.
local function open_failed(h, name, kind, err, code)
  if code == errno.EACCES or code == errno.ENOENT then
    return ("cannot open /dev/net/tun for %s %s: %s (%s)"):format(kind, name, err, code == errno.ENOENT
      and "this kernel has no TUN/TAP device: it was built without CONFIG_TUN"
      or "rootless netlab needs /dev/net/tun open to every user, crw-rw-rw- as udev makes it; or run as root")
  end
  return ("cannot make %s %s in host %s: %s"):format(kind, name, h:name(), err)
end

-- Gives the new interface NAME of H its MTU, addresses, and brings it up.
local function configure(h, name, o)
  if o.mtu then
    local ok, err, code = h:link_set(name, {mtu = o.mtu})
    if not ok then return nil, err, code end
  end
  local ok, err, code = lab.ipv6_off_unless(h, name, o.addrs)
  if ok then ok, err, code = lab.configure(h, name, o.addrs) end
  if not ok then return nil, err, code end
  lab.wait_ready(h, name, h, name)
  return true
end

-- Makes a TUN (TAP set: a TAP) named NAME in host H for method FNAME.
local function open(h, name, opts, tap, fname)
  local st = lab.check_host(h, fname, 0, 1)
  check_ifname(name, fname)
  local o = check_opts(opts, fname)
  local kind = tap and "tap" or "tun"
  for _, row in ipairs(h:ifaces() or {}) do -- the kernel's EINVAL or EBUSY would not say so
    if row.name == name then return nil, ("host %s already has an interface named %s"):format(h:name(), name), errno.EEXIST end
  end
  local t, err, code = ctun.open(h, name, tap)
  if not t then return nil, open_failed(h, name, kind, err, code), code end
  local ok
  ok, err, code = configure(h, name, o)
  if not ok then
    t:close() -- the interface goes with it
    return nil, err, code
  end
  st.sockets[t] = true -- the lab closes it with the host
  owner[t] = h
  lab.record_end(h, name, o.addrs)
  return t
end

-- host:tun(name[, {addr =, mtu =}]) -> tun | nil, message, errno: a TUN
-- interface NAME in the host whose IP packets the script reads and
-- writes, given its addresses (a CIDR text or a list) and brought up.
function clab.meta.__index:tun(name, opts) return open(self, name, opts, false, "tun") end

-- host:tap(name[, {addr =, mtu =}]) -> tap | nil, message, errno: the
-- same with Ethernet frames (a TAP interface).
function clab.meta.__index:tap(name, opts) return open(self, name, opts, true, "tap") end

-- Raises unless T is an open tun or tap (for method FNAME).
local function check(t, fname)
  selfcheck.check(t, Tun, fname, 2)
  if t:getfd() < 0 then error(("attempt to use a closed %s"):format(t:kind()), 3) end
end

-- Reads argument 1 of FNAME: a timeout in seconds, or nil (forever).
local function check_timeout(timeout, fname)
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, fname, "timeout in seconds expected, got " .. (timeout ~= timeout and "NaN" or typename(timeout)))
  end
  return timeout and loop.now() + timeout
end

-- Waits (with the scheduler) for T's next packet until DEADLINE (nil:
-- forever): its bytes, or nil and "timeout" or "closed".
local function wait_read(t, deadline)
  while true do
    if t:getfd() < 0 then return nil, "closed" end
    local bytes, err, code = t:_read()
    if bytes then return bytes end
    if err ~= "wantread" then return nil, err, code end
    local left = deadline and math.max(deadline - loop.now(), 0)
    local ok, why = sched.wait_io(t:getfd(), "r", left)
    if not ok then return nil, t:getfd() >= 0 and why or "closed" end
  end
end

-- t:read([timeout]) -> bytes | nil, "timeout" | nil, "closed": the next
-- packet the host sent into the interface, whole (an IP packet; a TAP's:
-- an Ethernet frame).
function methods:read(timeout)
  check(self, "read")
  return wait_read(self, check_timeout(timeout, "read"))
end

-- t:next([timeout]) -> packet | nil, "timeout" | nil, "closed": the same,
-- as a netlab.packet (print(p) prints tcpdump's line; p.ip, p.tcp...).
function methods:next(timeout)
  check(self, "next")
  local bytes, err, code = wait_read(self, check_timeout(timeout, "next"))
  if not bytes then return nil, err, code end
  local p = require("netlab.packet").decode(bytes, self:kind() == "tap" and "ether" or "raw", loop.walltime())
  return p
end

-- The bytes of DATA, argument 1 of write: a string, a netlab.packet (its
-- captured bytes) or a crafted packet (its wire bytes).
local function bytes_of(data)
  if type(data) == "string" then return data end
  local P = require "netlab.packet"
  if P.is_crafted(data) then return data:bytes() end
  if typename(data) == "netlab.packet" then return data:bytes() end
  argerror(1, "write", "bytes, a netlab.packet or a crafted packet expected, got " .. typename(data))
end

-- Why the kernel would drop BYTES written to T, or nil: a TUN takes an
-- IP packet (version 4 or 6 in its first byte), a TAP an Ethernet frame.
local function refused(t, bytes)
  if t:kind() == "tun" then
    local v = #bytes >= 20 and bytes:byte(1) >> 4
    if v ~= 4 and v ~= 6 then return "not an IP packet (a TUN carries IP packets; a TAP Ethernet frames)" end
  elseif #bytes < 14 then
    return "not an Ethernet frame (shorter than its 14-byte header)"
  end
  return nil
end

-- t:write(data) -> length | nil, message, errno | nil, "closed": hands
-- the host DATA (bytes, a netlab.packet or a crafted packet) as a packet
-- come in on the interface: an IP packet for a TUN, an Ethernet frame for
-- a TAP.
function methods:write(data)
  check(self, "write")
  local bytes = bytes_of(data)
  local why = refused(self, bytes)
  if why then return nil, why, errno.EINVAL end
  for _ = 1, 1000 do -- a full queue drains in far fewer rounds
    if self:getfd() < 0 then return nil, "closed" end
    local n, err, code = self:_write(bytes)
    if n then return n end
    if err ~= "wantwrite" then
      return nil, err, code
    end
    local ok, why = sched.wait_io(self:getfd(), "w", 1)
    if not ok and self:getfd() < 0 then return nil, "closed" end
    if not ok then return nil, why end
  end
  return nil, "timeout"
end

-- Drops closed T's interface and addresses from its host's lab state.
local function forget(t)
  local st = owner[t] and lab.host_state(owner[t])
  if not st then return end
  local name = t:name()
  for i = #st.ifaces, 1, -1 do
    if st.ifaces[i] == name then table.remove(st.ifaces, i) end
  end
  for i = #st.addrs, 1, -1 do
    if st.addrs[i].iface == name then table.remove(st.addrs, i) end
  end
  owner[t] = nil
end

-- t:close() -> true: closes the device; its interface goes with it.
-- Closing again is harmless; a task waiting in read gets "closed".
local raw_close = methods.close
function methods:close()
  selfcheck.check(self, Tun, "close")
  raw_close(self)
  forget(self)
  return true
end

-- t:host() -> the host the interface is in (nil once closed). the interface is in.
function methods:host()
  selfcheck.check(self, Tun, "host")
  return owner[self]
end

M.meta = Tun
return M
