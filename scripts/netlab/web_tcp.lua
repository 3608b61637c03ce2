-- web_tcp.lua - the cwnd/RTT plot of the TCP connection a page picked.
-- The page asks for /api/tcpplot.svg?conv=KEY; the first ask starts a
-- daemon task that samples the connection's sending end every EVERY
-- seconds from the lab's socket tables (host:sockets: the kernel's
-- tcp_info through sock_diag, so any socket of the lab, netlab's or a
-- program's, is seen; once both its ends are found, only the hosts
-- holding them are asked) and keeps the last KEEP samples. A task nobody
-- asks for IDLE seconds stops; a closed page or lab stops it too.
local sched = require "netlab.sched"
local sampler = require "netlab.tcp_sampler"

local M = {}
M.EVERY, M.KEEP, M.IDLE = 0.05, 1200, 10

-- "10.0.0.1:80" or "[fd00::1]:80" -> address, port.
local function endpoint(text)
  local addr, port = text:match("^%[(.*)%]:(%d+)$")
  if not addr then addr, port = text:match("^(.*):(%d+)$") end
  return addr, tonumber(port)
end

-- The row of connection KEY ("addr:port addr:port", web_view.conv_key)
-- at whichever end has acknowledged more bytes (the sender's view),
-- looked for among HOSTS; and, once both ends are seen, the hosts that
-- hold them (else nil).
local function sender_row(hosts, key)
  local x, y = key:match("^(%S+) (%S+)$")
  if not x then return nil end
  local xa, xp = endpoint(x)
  local ya, yp = endpoint(y)
  local best, holders, ends = nil, {}, 0
  for _, h in ipairs(hosts) do
    local ok, rows = pcall(h.sockets, h, {proto = "tcp", port = xp})
    for _, r in ipairs(ok and rows or {}) do
      local ours = (r["local"] == xa and r.local_port == xp and r.remote == ya and r.remote_port == yp)
        or (r["local"] == ya and r.local_port == yp and r.remote == xa and r.remote_port == xp)
      if ours then
        ends = ends + 1
        if holders[#holders] ~= h then holders[#holders + 1] = h end
      end
      if ours and r.cwnd and (not best or (r.bytes_acked or 0) > (best.bytes_acked or 0)) then best = r end
    end
  end
  return best, ends >= 2 and holders or nil
end

-- The sampling task of entry E (of page W).
local function run(w, e)
  while not (w.closed or w.lab._closed) and sched.now() - e.asked < M.IDLE do
    local r, holders = sender_row(e.holders or w.lab._hosts, e.key)
    e.holders = e.holders or holders -- later ticks ask only them
    if r then
      e.samples[#e.samples + 1] = sampler.sample(r, sched.now() - e.start)
      if #e.samples > M.KEEP then table.remove(e.samples, 1) end
    end
    sched.sleep(M.EVERY)
  end
  w.tcp[e.key] = nil
end

-- plot(w, key) -> svg | nil, why: connection KEY's cwnd, ssthresh, RTT
-- and bytes in flight so far (netlab.plot); the first call starts its
-- sampling, so it answers nil until a sample has been taken.
function M.plot(w, key)
  w.tcp = w.tcp or {}
  local e = w.tcp[key]
  if not e then
    e = {key = key, samples = {}, start = sched.now(), asked = sched.now()}
    w.tcp[key] = e
    sched.spawn(run, true, w, e)
  end
  e.asked = sched.now()
  if #e.samples == 0 then return nil, "no sample of that connection yet (sampling has started)" end
  return require("netlab.plot").plot(e.samples, nil, {format = "svg", title = key})
end

return M
