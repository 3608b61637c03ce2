-- netlab.tcp_sampler: the kernel's view of one TCP connection (tcp_info)
-- sampled by a task while the script works, for netlab.plot.
--   local smp = netlab.tcp_sampler(c, {every = 0.01, count = 500})
--   ... c:send(data) ...
--   local samples = smp:stop()        -- {{time =, cwnd =, rtt =, ...}, ...}
--   print(netlab.plot(samples, {"cwnd", "ssthresh"}))
--
-- A daemon task reads the socket's sock:tcp_info() every `every`
-- seconds. Each sample keeps that record's plain fields (numbers,
-- strings, booleans; not its tables), `time` (seconds since the sampler
-- started) and `inflight`: the bytes in flight, as Linux counts the
-- segments (tcp_packets_in_flight: unacked - sacked - lost +
-- retransmitted) times the sender's mss. The sampler ends after `count`
-- samples (1000), after `duration` seconds, when stopped, when its
-- socket closes, or when a read fails (sampler:error() says why). It
-- holds its socket while it runs.
local csock = require "netlab.c.socket"
require "netlab.socket" -- installs sock:tcp_info
local lab = require "netlab.lab"
local sched = require "netlab.sched"
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local now = require("netlab.c.loop").now

local M = {}

local Sampler = {__name = "netlab.tcp_sampler"}
Sampler.__index = Sampler
M.Sampler = Sampler

local argerror, typename = lab.argerror, lab.typename

-- Bytes in flight in record R: segments in flight times the mss.
local function inflight(r)
  local mss = r.snd_mss or r.mss
  if type(r.unacked) ~= "number" or type(mss) ~= "number" then return nil end
  local segs = r.unacked - (r.sacked or 0) - (r.lost or 0)
  if r.sacked ~= nil then segs = segs + (r.retrans or 0) end -- tcp_info's retrans: retransmitted, in flight
  return math.max(segs, 0) * mss
end

-- Sample of record R at time T: its plain fields, time and inflight.
local function sample(r, t)
  local s = {}
  for k, v in pairs(r) do
    local kind = type(v)
    if kind == "number" or kind == "string" or kind == "boolean" then s[k] = v end
  end
  s.time, s.inflight = t, inflight(r)
  return s
end
M.sample = sample -- for web_tcp.lua, which samples socket table rows

-- The sampler's task: a sample every S._every seconds until done.
local function run(s)
  local deadline = s._duration and s._start + s._duration
  -- (a remote socket's tcp_info fails once it is closed: no getfd round trip)
  while not s._stopped and #s._samples < s._count and (s._remote or s._sock:getfd() >= 0) do
    local r, err = s._sock:tcp_info()
    if not r then
      s._error = err
      break
    end
    s._samples[#s._samples + 1] = sample(r, now() - s._start)
    if deadline and now() + s._every > deadline then break end
    sched.sleep(s._every)
  end
  s._ended = true
end

-- Checks tcp_sampler's options (argument 2): every, count, duration.
local function check_opts(opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror(2, "tcp_sampler", "table expected, got " .. typename(opts), 3) end
  for k, v in pairs(opts) do
    if k == "every" or k == "duration" then
      if type(v) ~= "number" or v ~= v or v <= 0 or v == math.huge then
        local got = v ~= v and "NaN" or tostring(v)
        argerror(2, "tcp_sampler", ("%s: positive number of seconds expected, got %s"):format(k, got), 3)
      end
    elseif k == "count" then
      if math.type(v) ~= "integer" or v < 1 or v > 1000000 then
        argerror(2, "tcp_sampler", ("count: integer 1-1000000 expected, got %s"):format(tostring(v)), 3)
      end
    else
      argerror(2, "tcp_sampler", ("unknown option '%s'"):format(tostring(k)), 3)
    end
  end
  return opts.every or 0.01, opts.count or 1000, opts.duration
end

-- netlab.tcp_sampler(sock[, {every =, count =, duration =}]) -> sampler:
-- samples SOCK's tcp_info in a daemon task.
function M.tcp_sampler(sock, opts)
  local remote = require("netlab.lab_machine").machine_of(sock) ~= nil and typename(sock) == "netlab.socket"
  if getmetatable(sock) ~= csock.meta and not remote then -- a socket here, or on another machine
    argerror(1, "tcp_sampler", "netlab.socket expected, got " .. typename(sock))
  end
  if (sock:getfd() or -1) < 0 then error("attempt to use a closed socket", 2) end
  local kind = sock:kind()
  if kind ~= "tcp" and kind ~= "tcp6" then
    argerror(1, "tcp_sampler", "a TCP socket expected, got a " .. kind .. " socket")
  end
  local every, count, duration = check_opts(opts)
  local s = setmetatable({_sock = sock, _remote = remote, _every = every, _count = count,
    _duration = duration, _start = now(), _samples = {}, _stopped = false, _ended = false}, Sampler)
  s._task = sched.spawn(run, true, s)
  return s
end

-- A copy of the samples taken so far.
local function copy(s)
  return table.move(s._samples, 1, #s._samples, 1, {})
end

-- sampler:samples() -> {sample, ...}: the samples taken so far.
function Sampler:samples()
  selfcheck.check(self, Sampler, "samples")
  return copy(self)
end

-- sampler:stop() -> {sample, ...}: stops sampling (again is harmless)
-- and gives every sample taken.
function Sampler:stop()
  selfcheck.check(self, Sampler, "stop")
  self._stopped = true
  if not self._ended and self._task:status() ~= "running" then
    self._task:cancel()
    self._ended = true
  end
  return copy(self)
end
Sampler.__close = Sampler.stop

-- sampler:wait([timeout]) -> samples | nil, "timeout": waits until the
-- sampler has ended (count or duration reached, socket closed, stopped).
function Sampler:wait(timeout)
  selfcheck.check(self, Sampler, "wait")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    local got = type(timeout) == "number" and "NaN" or type(timeout)
    blame.argerror(1, "wait", "timeout in seconds expected, got " .. got)
  end
  if not self._ended then
    local ok, err = self._task:join(timeout)
    if not ok and not self._ended then return nil, err end
  end
  return copy(self)
end

-- sampler:isrunning() -> boolean
function Sampler:isrunning()
  selfcheck.check(self, Sampler, "isrunning")
  return not self._ended
end

-- sampler:error() -> the message that ended it early (a failed tcp_info) | nil
function Sampler:error()
  selfcheck.check(self, Sampler, "error")
  return self._error
end

function Sampler:__tostring()
  selfcheck.check(self, Sampler, "__tostring")
  return ("netlab.tcp_sampler (%s, %d samples)"):format(self._ended and "ended" or "running", #self._samples)
end

return M
