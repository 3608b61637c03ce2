-- netlab.lab_capture: live captures on lab hosts (host:capture).
--   local cap = a:capture{iface = "eth0", filter = "tcp port 80"}
--   local p = cap:next(1)                     -- a packet, or nil, "timeout"
--   for p in cap:packets{count = 10, timeout = 2} do print(p) end
--   cap:save("web.pcap")                      -- tcpdump -nn -r web.pcap
--   cap:stop()
--
-- The C side (bindings/l_capture.c) never waits: it returns a packet or
-- "wantread", and the methods here wait for the capture's fd with the
-- scheduler, so a capture never blocks the other tasks. Every packet a
-- capture delivers is kept (cap:list(), cap:save()); packets drained
-- from the kernel by save wait in `pending` until next() hands them out.
-- Stopping drains too: a stopped capture has every packet it counted.
local selfcheck = require "netlab.selfcheck"
local ccap = require "netlab.c.capture"
local clab = require "netlab.c.lab"
local lab = require "netlab.lab"
local pcap = require "netlab.pcap"
local sched = require "netlab.sched"
local loop = require "netlab.c.loop"
local errno = require "netlab.errno"

local M = {}

local methods = ccap.meta.__index
local now = loop.now
local argerror, typename = lab.argerror, lab.typename

-- capture -> {list = packets delivered, pending = drained, not yet
-- delivered: a queue from index head to tail - 1}
local state = setmetatable({}, {__mode = "k"})

local OPTIONS = {iface = "string", filter = "string", snaplen = "number",
                 promisc = "boolean", buffer = "number"}

-- Raises unless OPTS (argument 1 of host:capture) is nil or a table of
-- known options of the right types.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then argerror(1, "capture", "table expected, got " .. typename(opts), 3) end
  for k, v in pairs(opts) do
    local want = OPTIONS[k]
    if not want then argerror(1, "capture", ("unknown option '%s'"):format(tostring(k)), 3) end
    if type(v) ~= want then
      argerror(1, "capture", ("option '%s': %s expected, got %s"):format(k, want, typename(v)), 3)
    end
    if want == "number" and (math.type(v) ~= "integer" or v <= 0) then
      argerror(1, "capture", ("option '%s': positive integer expected"):format(k), 3)
    end
    if want == "number" and v > 0x7fffffff then -- libpcap takes an int
      argerror(1, "capture", ("option '%s': at most 2147483647, got %d"):format(k, v), 3)
    end
  end
  return opts
end

-- The message of a capture that failed to open on host H.
local function open_failed(h, opts, err, code)
  local iface = opts.iface
  if code == errno.ENODEV then
    if iface then return ("no such interface %s in host %s"):format(iface, h:name()) end
    return ("host %s has no interface besides lo"):format(h:name())
  end
  return ("cannot capture on %s%s: %s"):format(h:name(), iface and ":" .. iface or "", err)
end

-- host:capture{iface =, filter =, snaplen =, promisc =, buffer =}
--   -> capture | nil, message, errno
function clab.meta.__index:capture(opts)
  local st = lab.check_host(self, "capture", 0)
  opts = check_opts(opts)
  local cap, err, code = ccap.open(self, opts)
  if not cap and code == errno.EINVAL and opts.filter then
    argerror(1, "capture", "filter: " .. err, 2) -- libpcap's own text
  end
  if not cap then return nil, open_failed(self, opts, err, code), code end
  state[cap] = {list = {}, pending = {}, head = 1, tail = 1, opts = opts}
  st.sockets[cap] = true -- lab:close() closes it with the host
  return cap
end

-- Raises unless CAP is an open capture (for method FNAME); returns its state.
local function check(cap, fname)
  local st = state[cap]
  if not st then
    selfcheck.raise(fname, "netlab.capture expected, got " .. typename(cap), 2)
  end
  if not cap:isopen() then error("attempt to use a closed capture", 3) end
  return st
end

-- Hands out the oldest drained packet of ST, if any.
local function take_pending(st)
  local p = st.pending[st.head]
  if p == nil then return nil end
  st.pending[st.head] = nil
  st.head = st.head + 1
  st.list[#st.list + 1] = p
  return p
end

-- Waits (with the scheduler) for CAP's next packet until DEADLINE (nil:
-- forever). Returns it, or nil and "timeout" or "closed".
local function wait_packet(cap, st, deadline)
  while true do
    if not cap:isopen() then return nil, "closed" end
    local p, err, code = cap:_read()
    if p then
      st.list[#st.list + 1] = p
      return p
    end
    if err ~= "wantread" then return nil, err, code end
    local left = deadline and math.max(deadline - now(), 0)
    local ok, why = sched.wait_io(cap:fd(), "r", left)
    if not ok and not (why == "closed" and cap:isopen()) then -- (open: reopened under us, M.resume)
      return nil, cap:isopen() and why or "closed"
    end
  end
end

-- cap:next([timeout]) -> packet | nil, "timeout" | nil, "closed"
function methods:next(timeout)
  local st = check(self, "next")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, "next", "number expected, got " .. (timeout ~= timeout and "NaN" or typename(timeout)), 2)
  end
  local p = take_pending(st)
  if p then return p end
  return wait_packet(self, st, timeout and now() + timeout)
end

-- cap:packets{count =, timeout =} -> iterator: the next packets, until
-- COUNT of them or TIMEOUT seconds in all (both optional).
function methods:packets(opts)
  local st = check(self, "packets")
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror(1, "packets", "table expected, got " .. typename(opts), 2) end
  local count, timeout = opts.count, opts.timeout
  if count ~= nil and math.type(count) ~= "integer" then argerror(1, "packets", "count: integer expected", 2) end
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, "packets", "timeout: number expected", 2)
  end
  local deadline, n = timeout and now() + timeout, 0
  return function()
    if (count and n >= count) or not self:isopen() then return nil end
    n = n + 1
    return take_pending(st) or (wait_packet(self, st, deadline))
  end
end

-- Reads into ST.pending every packet the kernel holds now, without waiting.
local function drain(cap, st)
  while true do
    local p = cap:_read()
    if not p then return end
    st.pending[st.tail], st.tail = p, st.tail + 1
  end
end

-- M.suspend(h, iface) -> {capture...}: host H's open captures on
-- interface IFACE, drained (their packets kept for next()) and their fds
-- given up, before the interface is rebuilt (lab_wire.rewire).
function M.suspend(h, iface)
  local hs = lab.host_state(h)
  local list = {}
  for cap in pairs(hs and hs.sockets or {}) do
    if state[cap] and cap:isopen() and cap:iface() == iface then
      drain(cap, state[cap])
      sched.abandon_fd(cap:fd())
      list[#list + 1] = cap
    end
  end
  return list
end

-- M.resume(h, list): each capture of LIST carries on on host H's new
-- interface of the same name; one that cannot is closed.
function M.resume(h, list)
  for _, cap in ipairs(list) do
    if not cap:_reopen(h, state[cap].opts) then cap:close() end
  end
end

-- Raises unless CAP is a capture, open or stopped (for method FNAME).
local function check_any(cap, fname)
  local st = state[cap]
  if not st then
    selfcheck.raise(fname, "netlab.capture expected, got " .. typename(cap), 2)
  end
  return st
end

-- Every packet captured so far, in order: those delivered, then those
-- the kernel holds now (drained without waiting; next() still hands
-- them out). A stopped capture has what it had.
local function captured(cap, st)
  if cap:isopen() then drain(cap, st) end
  local all = table.move(st.list, 1, #st.list, 1, {})
  for i = st.head, st.tail - 1 do all[#all + 1] = st.pending[i] end
  return all
end

-- cap:save(path) -> true | nil, message, errno: every packet captured so
-- far as a pcap file (so cap:stop(); cap:save(path) keeps everything).
function methods:save(path)
  local st = check_any(self, "save")
  if type(path) ~= "string" then argerror(1, "save", "string expected, got " .. typename(path), 2) end
  return pcap.write(path, captured(self, st), {linktype = self:linktype()})
end

-- cap:list() -> {packet, ...}: every packet captured so far, in order.
function methods:list()
  return captured(self, check_any(self, "list"))
end

-- Closing (cap:stop(), lab:close()) first drains what the kernel still
-- holds, so the capture keeps every packet it counted (list, save);
-- then it wakes a task waiting on the capture with "closed".
local raw_close = methods.close
function methods:close()
  selfcheck.check(self, ccap.meta, "close")
  local st = state[self]
  if st and self:isopen() then
    drain(self, st)
    sched.abandon_fd(self:fd())
  end
  return raw_close(self)
end
-- cap:stop(): cap:close under the name the course notes use.
function methods:stop()
  selfcheck.check(self, ccap.meta, "stop")
  return methods.close(self)
end
ccap.meta.__close = function(c)
  selfcheck.check(c, ccap.meta, "__close")
  c:close()
end

-- tostring(cap) counts what the capture holds now, as cap:list() does:
-- it drains the kernel first (after a 3-ping, "6 packets", not 0).
local raw_tostring = ccap.meta.__tostring
ccap.meta.__tostring = function(c)
  selfcheck.check(c, ccap.meta, "__tostring")
  local st = state[c]
  if st and c:isopen() then drain(c, st) end
  return raw_tostring(c)
end

return M
