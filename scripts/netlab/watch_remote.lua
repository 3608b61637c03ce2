-- netlab.watch_remote: netlab.watch of a socket or host on another
-- machine (lab:machine). The watcher polls the socket table where the
-- socket is (its worker's netlab.watch, every `interval`), noting each
-- change with its row; a daemon task here fetches what it noted since
-- the last time (one round trip every POLL seconds at most) and calls
-- the script's function with each, in order. No change is missed, but
-- the function hears of one up to a round trip after it happened.
local sched = require "netlab.sched"
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"

local M = {}

M.POLL = 0.005 -- seconds between two fetches of what the remote watcher saw

local Watcher = {__name = "netlab.watcher"}
Watcher.__index = Watcher
M.Watcher = Watcher

-- Worker side --------------------------------------------------------------

local noted = setmetatable({}, {__mode = "k"}) -- watcher -> {{row, old, new}...}

-- M.start(target, opts) -> watcher | nil, message, errno: a watcher of
-- TARGET here whose changes wait in a list for M.events.
function M.start(target, opts)
  local list = {}
  local w, err, code = require("netlab.watch").watch(target, function(row, old, new)
    list[#list + 1] = {row = row, old = old, new = new}
  end, opts)
  if not w then return nil, err, code end
  noted[w] = list
  return w
end

-- M.events(w, from) -> {{row, old, new}...}, running: the changes W noted
-- after the first FROM, and whether it still watches.
function M.events(w, from)
  local list = noted[w] or {}
  return table.move(list, from + 1, #list, 1, {}), w:isrunning()
end

-- Controller side ----------------------------------------------------------

-- Hands W's function the changes it has not heard of; false once the
-- remote watcher has ended (or its machine is gone).
local function deliver(w)
  local events, running = require("netlab.lab_machine").call_fn(w._machine, "watch_events", w._remote, w._seen)
  if not events then return false end
  for _, e in ipairs(events) do
    w._seen = w._seen + 1
    local ok, err = pcall(w._fn, e.row, e.old, e.new)
    if not ok then
      w._fn_error = err
      return false
    end
  end
  return running == true and not w._stopped
end

-- The task fetching W's changes until it ends.
local function run(w)
  while deliver(w) do sched.sleep(M.POLL) end
  w._ended = true
end

-- M.watch(machine, target, fn, opts) -> watcher | nil, message, errno:
-- netlab.watch of proxy TARGET, a socket or host on MACHINE.
function M.watch(machine, target, fn, opts)
  local remote, err, code = require("netlab.lab_machine").call_fn(machine, "watch", target, opts)
  if not remote then return nil, err, code end
  local w = setmetatable({_machine = machine, _remote = remote, _fn = fn, _seen = 0,
                          _stopped = false, _ended = false}, Watcher)
  w._task = sched.spawn(run, true, w)
  return w
end

-- The remote watcher's answer to METHOD, or nil, "closed".
local function ask(w, method, ...)
  return w._remote[method](w._remote, ...)
end

-- watcher:stop(), close(): as a local watcher's.
function Watcher:stop()
  selfcheck.check(self, Watcher, "stop")
  self._stopped = true
  ask(self, "stop")
end
Watcher.__close = Watcher.stop
function Watcher:close()
  selfcheck.check(self, Watcher, "close")
  self:stop()
end

-- watcher:wait([timeout]) -> true | nil, "timeout": the remote watcher
-- has ended and the function has heard of every change.
function Watcher:wait(timeout)
  selfcheck.check(self, Watcher, "wait")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    blame.argerror(1, "wait", "timeout in seconds expected, got " .. (type(timeout) == "number" and "NaN" or type(timeout)))
  end
  local ok, err = ask(self, "wait", timeout)
  if not ok then return nil, err end
  self._task:join(2) -- its next fetch sees the end
  if self._fn_error then error(self._fn_error, 0) end -- the script's function raised
  return true
end

-- The methods that only read: what the remote watcher says.
for _, method in ipairs{"timeline", "states", "isrunning", "error"} do
  Watcher[method] = function(self, ...)
    selfcheck.check(self, Watcher, method)
    return ask(self, method, ...)
  end
end

function Watcher:__tostring()
  selfcheck.check(self, Watcher, "__tostring")
  return tostring(self._remote)
end

return M
