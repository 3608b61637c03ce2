-- netlab.lab_wire: links whose frames netlab carries itself (the wire
-- engine), for kernels without sch_netem or when asked.
--
--   lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"})
--
-- Each end of the link is a veth whose peer lies in a namespace of
-- netlab's own (one per link, held by an fd only, IPv6 off so it never
-- speaks itself); core/net/wire.c reads each peer's frames with a packet
-- socket bound to it and sends them out of the other peer after that
-- direction's impairment. A daemon task pumps it: it waits for either
-- socket to be readable or for the next delayed frame's time, so the
-- wire moves frames whenever the scheduler runs (every wait of a script
-- does), and never blocks it.
local clab = require "netlab.c.lab"
local cnet = require "netlab.c.net"
local cwire = require "netlab.c.wire"
local sched = require "netlab.sched"

local M = {}

-- Pumps wire W until it is closed: a daemon task's body.
local function pump_loop(st)
  local fa, fb = st.wire:fds()
  local fds = {[fa] = 1, [fb] = 2}
  while not st.closed do
    local wait, err = st.wire:pump()
    if err then st.error = err return end
    if wait == 0 then sched.sleep(0)
    else sched.wait_any(fds, nil, wait) end -- nil: until a frame comes
  end
end

-- Undoes what make did so far (ST's namespace and wire).
local function undo(st)
  st.closed = true
  if st.wire then
    local fa, fb = st.wire:fds()
    sched.abandon_fd(fa)
    sched.abandon_fd(fb)
    st.wire:close()
  end
  if st.mid then st.mid:_close() end
end

-- Makes the wire's namespace and its two veths to X and Y; returns the
-- interface names in X and Y, and the wire's state.
local function plumb(st, x, y)
  local mid, err, code = clab.host("wire")
  if not mid then return nil, err, code end
  st.mid = mid
  for _, key in ipairs{"net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"} do
    cnet.sysctl(mid, key, "1") -- best effort: a kernel without IPv6 has neither
  end
  local nx, wa, ny, wb
  nx, wa, code = clab.veth(x, mid)
  if not nx then return nil, wa, code end
  ny, wb, code = clab.veth(y, mid)
  if not ny then x:_link_del(nx) return nil, wb, code end
  local ok
  ok, err, code = cwire.csum_off(x, nx)
  if ok then ok, err, code = cwire.csum_off(y, ny) end
  if ok then ok, err, code = mid:_link_up(wa) end
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
  st.wire:seed(math.random(0, math.maxinteger))
  st.task = sched.spawn(pump_loop, true, st)
  return nx, ny, st
end

-- ready(st) -> true once both of the wire's own ends can send (lab.lua
-- waits for this as for the link's ends).
function M.ready(st)
  return st.mid:_link_ready(st.ends[1]) and st.mid:_link_ready(st.ends[2])
end

-- close(st): the pump stops, the frames waiting go, the namespace closes.
function M.close(st)
  if st.closed then return end
  undo(st)
end

return M
