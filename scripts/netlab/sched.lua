-- netlab.sched: tasks (coroutines) on one epoll loop.
--
-- A call that would block (a receive with no data, a sleep) builds a
-- *waiter* and suspends: inside a task it yields to the scheduler; in the
-- main chunk (or anywhere a yield is impossible) it drives the scheduler
-- itself until the waiter fires, running the other tasks meanwhile. The
-- C side never blocks except in loop.wait/loop.poll.
local selfcheck = require "netlab.selfcheck"
local loop = require "netlab.c.loop"

local M = {}

local raw_resume = (package.loaded["netlab.rawco"] or coroutine).resume
local raw_yield = coroutine.yield
local raw_status, isyieldable = coroutine.status, coroutine.isyieldable
local pack, unpack = table.pack, table.unpack
local now = loop.now

local WAIT = setmetatable({}, {__name = "netlab.wait"}) -- what waits yield
local current = nil     -- the task running now; nil in the main chunk
local ready = {}        -- tasks to resume: {task, results}, in order
local readers, writers = {}, {} -- fd -> the waiters for that direction, in order
local heap = {}         -- timers: a binary heap of waiters by deadline
local live = {}         -- task -> true while it has not ended
local nlive = 0         -- how many of those are not daemons
local failures = {}     -- tasks that failed with nobody joining them
local events = {}       -- reused buffer for loop.wait
local next_id = 0
local ntasks = 0        -- live tasks, daemons included
local tell_others = function() end -- set by on_others

-- Tells the socket layer how many tasks and timers exist: with none, a
-- receive in the main chunk may block in the kernel.
local function others_changed()
  tell_others(ntasks + #heap)
end

-- Registers F(n), called whenever the count of tasks and timers changes.
function M.on_others(f)
  tell_others = f
  others_changed()
end

-- Timers -----------------------------------------------------------------

local function heap_push(w)
  heap[#heap + 1] = w
  if #heap == 1 then others_changed() end
  local i = #heap
  while i > 1 do
    local parent = i // 2
    if heap[parent].deadline <= w.deadline then break end
    heap[i], heap[parent] = heap[parent], w
    i = parent
  end
end

local function heap_pop()
  local top, last = heap[1], heap[#heap]
  heap[#heap] = nil
  local n, i = #heap, 1
  if n == 0 then others_changed() return top end
  heap[1] = last
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= n and heap[l].deadline < heap[m].deadline then m = l end
    if r <= n and heap[r].deadline < heap[m].deadline then m = r end
    if m == i then break end
    heap[i], heap[m] = heap[m], heap[i]
    i = m
  end
  return top
end

-- Drops timers whose waiters already fired; returns the next live one.
local function next_timer()
  while heap[1] and heap[1].fired do heap_pop() end
  return heap[1]
end

-- Waiters ----------------------------------------------------------------

-- Removes waiter W from MAP[fd]'s list, and the list once empty.
local function drop(map, fd, w)
  local list = map[fd]
  if not list then return end
  for i = #list, 1, -1 do
    if list[i] == w then table.remove(list, i) end
  end
  if #list == 0 then map[fd] = nil end
end

-- Removes a waiter from every fd and task it was registered with.
local function unregister(w)
  for _, fd in ipairs(w.readfds or {}) do drop(readers, fd, w) end
  for _, fd in ipairs(w.writefds or {}) do drop(writers, fd, w) end
  for _, t in ipairs(w.tasks or {}) do t.joiners[w] = nil end
end

-- Fires a waiter once with the given results and readies its task.
local function fire(w, ...)
  if w.fired then return end
  w.fired = true
  unregister(w)
  w.result = pack(...)
  local t = w.task
  if t then
    t.waiter = nil
    ready[#ready + 1] = {t, w.result}
  end
end

-- Fires every waiter of fd FD in MAP (a socket read by one task and
-- watched by another through wait_any): each tries again, and those
-- that find nothing wait again, so none misses what the edge announced.
local function fire_all(map, fd, ...)
  local list = map[fd]
  if not list then return end
  map[fd] = nil
  for i = 1, #list do fire(list[i], ...) end
end

-- Registers W for fd readiness in MODE ("r" or "w"), beside any other
-- waiter of that fd.
local function watch(w, fd, mode)
  local ok, err = loop.watch(fd)
  if not ok then error("cannot wait for fd " .. fd .. ": " .. err, 3) end
  local map = mode == "r" and readers or writers
  local list = map[fd] or {}
  map[fd] = list
  list[#list + 1] = w
  local list = mode == "r" and "readfds" or "writefds"
  w[list] = w[list] or {}
  table.insert(w[list], fd)
end

-- Tasks ------------------------------------------------------------------

local Task = {}
Task.__index = Task
Task.__name = "netlab.task"

local function report(t)
  return ("task %d failed: %s"):format(t.id, tostring(t.error))
end

-- Closes the to-be-closed variables a failed task left pending (its
-- sockets, a lab): Lua leaves a coroutine that raised as it stood, for
-- its traceback, which is taken by now. An error of a __close joins the
-- task's own.
local function close_failed(t, raised)
  local ok, err = coroutine.close(t.co) -- false, RAISED when all closed well
  if not ok and err ~= raised and type(t.error) == "string" then
    t.error = t.error .. "\nwhile closing: " .. tostring(err)
  end
end

-- Records how a task ended and wakes whoever joins it.
local function finish_task(t, r)
  live[t] = nil
  ntasks = ntasks - 1
  others_changed()
  if not t.daemon then nlive = nlive - 1 end
  if r[1] then
    t.state, t.results = "done", pack(unpack(r, 2, r.n))
  else
    t.state = "failed"
    t.error = type(r[2]) == "string" and require("netlab.traceback").of(t.co, r[2]) or r[2]
    close_failed(t, r[2])
  end
  if next(t.joiners) == nil then
    if t.state == "failed" then failures[#failures + 1] = t end
  else
    for w in pairs(t.joiners) do fire(w, true, t) end
  end
end

-- Resumes a task with VALUES and files it by what it did next.
local function resume_task(t, values)
  local prev = current
  current, t.state = t, "running"
  local r = pack(raw_resume(t.co, unpack(values, 1, values.n)))
  current = prev
  if raw_status(t.co) == "dead" then
    finish_task(t, r)
  elseif r[2] == WAIT then
    t.state = "waiting"
  else -- a plain coroutine.yield() in a task: let the others run first
    t.state = "ready"
    ready[#ready + 1] = {t, pack()}
  end
end

-- Runs every task that is ready now (not those readied meanwhile).
local function run_ready()
  local batch = ready
  ready = {}
  for i = 1, #batch do
    local t, values = batch[i][1], batch[i][2]
    if live[t] then resume_task(t, values) end
  end
end

-- Waits for the loop once and fires the waiters of what happened.
local function poll_once()
  local timer = next_timer()
  local timeout -- nil: until something happens
  if #ready > 0 then
    timeout = 0
  elseif timer then
    timeout = math.max(timer.deadline - now(), 0)
  end
  local n = loop.wait(timeout, events)
  for i = 1, 2 * n, 2 do
    local fd, bits = events[i], events[i + 1]
    if bits & 1 ~= 0 then fire_all(readers, fd, true, fd) end
    if bits & 2 ~= 0 then fire_all(writers, fd, true, fd) end
  end
  local t = now()
  while next_timer() and heap[1].deadline <= t do
    fire(heap_pop(), nil, "timeout")
  end
end

-- Drives the scheduler until W fires (the main chunk's way to wait).
local function run_until(w)
  local ok, err = pcall(function()
    while not w.fired do
      run_ready()
      if w.fired then break end
      poll_once()
    end
  end)
  if not ok then
    unregister(w)
    w.fired = true
    error(err, 0)
  end
  return unpack(w.result, 1, w.result.n)
end

-- Suspends the caller until W fires; returns what it fired with.
local function suspend(w)
  if w.deadline then heap_push(w) end
  if isyieldable() then
    w.task = current
    if current then current.waiter = w end
    return raw_yield(WAIT, w)
  end
  return run_until(w)
end

-- True when nothing but the caller can run: no task, no timer.
local function alone()
  return next(live) == nil and #ready == 0 and not next_timer()
end

-- Checks a timeout argument (seconds; nil or negative: no limit) and
-- returns its deadline, or nil. FNAME and N name it in errors, which
-- blame the caller LEVEL frames up (default: the caller's caller).
local function deadline_of(timeout, fname, n, level)
  if timeout == nil then return nil end
  if type(timeout) ~= "number" or timeout ~= timeout then
    local what = type(timeout) == "number" and "NaN" or type(timeout)
    error(("bad argument #%d to '%s' (timeout in seconds expected, got %s)"):format(n, fname, what),
      level or 3)
  end
  if timeout < 0 then return nil end
  return now() + timeout
end

-- Waits until FD is ready for MODE ("r"/"w"), after an operation on it
-- said "not now" (EAGAIN). Returns true, or nil, "timeout".
function M.wait_io(fd, mode, timeout)
  local deadline = deadline_of(timeout, "wait_io", 3)
  if alone() and not isyieldable() then
    if loop.poll(fd, mode == "r" and 1 or 2, timeout) then return true end
    return nil, "timeout"
  end
  local w = {deadline = deadline}
  watch(w, fd, mode)
  local ok, err = suspend(w)
  if ok then return true end
  return nil, err
end

-- Waits until FD is ready for MODE, checking first whether it already is.
function M.wait_fd(fd, mode, timeout)
  if type(fd) ~= "number" or math.type(fd) ~= "integer" then
    error("bad argument #1 to 'wait_fd' (fd number expected)", 2)
  end
  if mode ~= "r" and mode ~= "w" then
    error("bad argument #2 to 'wait_fd' (\"r\" or \"w\" expected)", 2)
  end
  if loop.poll(fd, mode == "r" and 1 or 2, 0) then return true end
  if timeout == 0 then return nil, "timeout" end
  return M.wait_io(fd, mode, timeout)
end

-- Wakes whoever waits to read FD as its becoming readable would: what
-- the kernel announced was taken by another reader (a capture's pump
-- task), whose waiters would otherwise sleep on an edge already gone.
function M.wake_readers(fd)
  fire_all(readers, fd, true, fd)
end

-- Wakes whoever waits on FD with nil, "closed": FD is being closed.
function M.abandon_fd(fd)
  fire_all(readers, fd, nil, "closed")
  fire_all(writers, fd, nil, "closed")
end

-- Makes closing an object of metatable META (methods getfd, -1 once
-- closed, and close) wake whoever waits on its fd with nil, "closed", as
-- closing a socket does: a lab closing a host's sockets under a receive,
-- an sr1 or a ping ends them at once, and leaves no waiter behind for
-- the next fd of that number.
function M.wake_on_close(meta)
  local methods = meta.__index
  local raw_close = methods.close
  function methods:close()
    selfcheck.check(self, meta, "close")
    local fd = self:getfd()
    if fd >= 0 then M.abandon_fd(fd) end
    return raw_close(self)
  end
  meta.__close = function(s)
    selfcheck.check(s, meta, "__close")
    s:close()
  end
end

-- For specs: how many fds have waiters and how many timers are pending
-- (a waiter left behind by something that ended shows up here).
function M._pending()
  local fds, timers = 0, 0
  for _ in pairs(readers) do fds = fds + 1 end
  for _ in pairs(writers) do fds = fds + 1 end
  for _, w in ipairs(heap) do
    if not w.fired then timers = timers + 1 end
  end
  return fds, timers
end

-- Sleeps for SECONDS, letting the other tasks run.
function M.sleep(seconds)
  if type(seconds) ~= "number" or seconds ~= seconds then
    local what = type(seconds) == "number" and "NaN" or type(seconds)
    error("bad argument #1 to 'sleep' (number expected, got " .. what .. ")", 2)
  end
  suspend({deadline = now() + math.max(seconds, 0)})
end

-- Waits for the first ready source: RFDS readable or WFDS writable
-- (fd -> index), TASKS ended (task -> index). Returns the index, or nil,
-- "timeout".
function M.wait_any(rfds, tasks, timeout, wfds)
  local w = {deadline = deadline_of(timeout, "wait_any", 2, 4), tasks = {}}
  local index = {}
  local function add_fds(fds, mode, bits)
    for fd, i in pairs(fds or {}) do
      if loop.poll(fd, bits, 0) then return i end
      watch(w, fd, mode)
      index[fd] = i
    end
  end
  local now_ready = add_fds(rfds, "r", 1) or add_fds(wfds, "w", 2)
  for t, i in pairs(tasks or {}) do
    if now_ready then break end
    if not live[t] then now_ready = i break end
    t.joiners[w] = true
    w.tasks[#w.tasks + 1] = t
    index[t] = i
  end
  if now_ready then unregister(w) return now_ready end
  if timeout == 0 then unregister(w) return nil, "timeout" end
  local ok, source = suspend(w)
  if ok then return index[source] end
  return nil, source
end

-- One-shot signals: a task (or the main chunk) waits until another fires
-- it, as an answer from a lab worker wakes the call waiting for it.
local Signal = {__name = "netlab.signal"}
Signal.__index = Signal

-- M.signal() -> sig: sig:wait([timeout]) returns what sig:fire(...) was
-- given (at once if it was fired already), or nil, "timeout".
function M.signal() return setmetatable({}, Signal) end

function Signal:wait(timeout)
  if self.result then return unpack(self.result, 1, self.result.n) end
  local w = {deadline = deadline_of(timeout, "wait", 1, 3)}
  self.waiter = w
  local r = pack(suspend(w))
  self.waiter = nil
  return unpack(r, 1, r.n)
end

function Signal:fire(...)
  if self.result then return end
  self.result = pack(...)
  if self.waiter then fire(self.waiter, ...) end
end

-- Starts FN(...) as a task; daemon tasks do not keep a script alive.
function M.spawn(fn, daemon, ...)
  next_id = next_id + 1
  local t = setmetatable({id = next_id, co = coroutine.create(fn), state = "ready",
                          joiners = {}, daemon = daemon or false}, Task)
  live[t] = true
  ntasks = ntasks + 1
  others_changed()
  if not t.daemon then nlive = nlive + 1 end
  ready[#ready + 1] = {t, pack(...)}
  return t
end

-- Forgets a failure once somebody has seen it through join.
local function forget_failure(t)
  for i, f in ipairs(failures) do
    if f == t then table.remove(failures, i) return end
  end
end

-- task:join([timeout]) -> the task's results; raises the task's error.
function Task:join(timeout)
  selfcheck.check(self, Task, "join")
  if live[self] then
    if self == current then error("a task cannot join itself", 2) end
    local w = {deadline = deadline_of(timeout, "join", 1), tasks = {self}}
    self.joiners[w] = true
    local ok, err = suspend(w)
    if not ok then return nil, err end
  end
  forget_failure(self)
  if self.state == "failed" then error(self.error, 0) end
  if self.state == "cancelled" then error("task " .. self.id .. " was cancelled", 2) end
  return unpack(self.results, 1, self.results.n)
end

-- task:status() -> "ready", "running", "waiting", "done", "failed", "cancelled"
function Task:status()
  selfcheck.check(self, Task, "status")
  return self.state
end

-- task:cancel(): stops a task where it waits, closing its to-be-closed
-- variables (its sockets); whoever joins it gets an error.
function Task:cancel()
  selfcheck.check(self, Task, "cancel")
  if not live[self] then return false end
  if self == current then error("a task cannot cancel itself", 2) end
  if self.waiter then unregister(self.waiter); self.waiter.fired = true end
  live[self] = nil
  ntasks = ntasks - 1
  others_changed()
  if not self.daemon then nlive = nlive - 1 end
  self.state = "cancelled"
  local inner = self.inner or {}
  for i = #inner, 1, -1 do coroutine.close(inner[i]) end -- innermost first
  coroutine.close(self.co)
  for w in pairs(self.joiners) do fire(w, true, self) end
  return true
end

function Task:__tostring()
  selfcheck.check(self, Task, "__tostring")
  return ("task %d (%s%s)"):format(self.id, self.state, self.daemon and ", daemon" or "")
end

M.Task = Task

-- Coroutines a script makes keep working when a netlab call inside them
-- blocks: a resume passes the scheduler's yield through to whoever can
-- wait (the enclosing task, or the main chunk driving the loop).
function M.pass_through(co, r)
  while r[1] and r[2] == WAIT and raw_status(co) == "suspended" do
    local w = r[3]
    local res
    if isyieldable() then
      local t = current -- note CO so that cancelling T closes it too
      if t then t.inner = t.inner or {}; table.insert(t.inner, co) end
      res = pack(raw_yield(WAIT, w))
      if t then table.remove(t.inner) end
    else
      run_until(w)
      res = w.result
    end
    r = pack(raw_resume(co, unpack(res, 1, res.n)))
  end
  return r
end

-- Returns messages of failed tasks nobody joined, and forgets them.
function M.take_failures()
  local out = {}
  for i, t in ipairs(failures) do out[i] = report(t) end
  failures = {}
  return out
end

-- Ends a script: runs until the non-daemon tasks have finished, cancels
-- the daemons, reports unjoined failures. Returns true if none failed.
local at_end = {} -- what runs once the non-daemon tasks have ended

-- Registers FN, run (once) by finish when the script's own tasks have
-- ended and before the daemons are cancelled (netlab --web keeps the
-- page's server tasks serving until the user's Enter there).
function M.at_end(fn)
  at_end[#at_end + 1] = fn
end

function M.finish()
  while nlive > 0 do
    run_ready()
    if nlive == 0 then break end
    poll_once()
  end
  local fns = at_end
  at_end = {}
  for _, fn in ipairs(fns) do fn() end
  for t in pairs(live) do t:cancel() end
  local msgs = M.take_failures()
  for _, m in ipairs(msgs) do io.stderr:write("netlab: ", m, "\n") end
  return #msgs == 0
end

M.now = now
return M
