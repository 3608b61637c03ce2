-- netlab.lab_capture: live captures on lab hosts (host:capture).
--   local cap = a:capture{iface = "eth0", filter = "tcp port 80"}
--   local p = cap:next(1)                     -- a packet, or nil, "timeout"
--   for p in cap:packets{count = 10, timeout = 2} do print(p) end
--   cap:save("web.pcap")                      -- tcpdump -nn -r web.pcap
--   cap:stop()
--   a:capture{write = "big.pcap", size = 10000000, files = 5}  -- tcpdump -w -C 10 -W 5
--
-- The C side (bindings/l_capture.c) never waits: it returns a packet or
-- "wantread", and the methods here wait for the capture's fd with the
-- scheduler, so a capture never blocks the other tasks. A capture keeps
-- its newest packets in a bounded ring (options ring, ring_bytes):
-- cap:list() and cap:save() have those, and next() hands them out in
-- order; the oldest go first, and those never handed out are counted
-- (stats().ring_dropped). Reading, listing, saving and stopping first
-- move what the kernel holds into the ring (_pump), and so does each
-- capture's daemon task whenever packets wait (stream, below).
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

-- capture -> {opts = its options}
local state = setmetatable({}, {__mode = "k"})

local OPTIONS = {iface = "string", filter = "string", snaplen = "number",
                 promisc = "boolean", buffer = "number", ring = "number",
                 ring_bytes = "number", write = "string", size = "number",
                 files = "number", immediate = "boolean"}

-- The largest value of each number option (libpcap takes an int; a
-- ring's bytes and a file's size are counted in 64 bits).
local LIMITS = {ring_bytes = 1 << 40, size = 1 << 50}

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
    local limit = LIMITS[k] or 0x7fffffff
    if want == "number" and v > limit then
      argerror(1, "capture", ("option '%s': at most %d, got %d"):format(k, limit, v), 3)
    end
  end
  if opts.write == "" then argerror(1, "capture", "option 'write': a file name expected, got \"\"", 3) end
  for _, k in ipairs{"size", "files"} do
    if opts[k] and not opts.write then
      argerror(1, "capture", ("option '%s' needs option 'write' (the pcap file)"):format(k), 3)
    end
  end
  if opts.files and not opts.size then -- as tcpdump's -W needs -C (or -G)
    argerror(1, "capture", "option 'files' needs option 'size' (the size that starts the next file)", 3)
  end
  return opts
end

-- The message of a capture that failed to open on host H (WHAT "write":
-- its first pcap file could not be made).
local function open_failed(h, opts, err, code, what)
  if what == "write" then return ("cannot write %s"):format(err) end
  local iface = opts.iface
  if code == errno.ENODEV then
    if iface then return ("no such interface %s in host %s"):format(iface, h:name()) end
    return ("host %s has no interface besides lo"):format(h:name())
  end
  return ("cannot capture on %s%s: %s"):format(h:name(), iface and ":" .. iface or "", err)
end

-- Moves everything the kernel holds for CAP into its ring and files,
-- without waiting. Returns true, or nil and libpcap's message.
local function drain(cap)
  while true do
    local n, more = cap:_pump()
    if not n then return nil, more end
    if not more then return true end
  end
end

-- As drain, for a capture about to close: a batched one (writing files)
-- may hold packets in a block the kernel has not handed over yet; it
-- does within NLAB_CAPTURE_BATCH_MS (10 ms), waited for here (at most
-- 50 ms), so closing keeps what the kernel counted.
local function drain_all(cap)
  drain(cap)
  local deadline = now() + 0.05
  while cap:_held() > 0 and now() < deadline do
    loop.poll(cap:fd(), 1, math.max(deadline - now(), 0))
    drain(cap)
  end
end

-- The daemon task of every capture: pumps whenever packets wait, letting
-- other tasks run between batches, until the capture closes (or is
-- reopened under it: lab_wire.rewire, M.resume). So the kernel's buffer
-- never fills while the script waits for anything (a capture holds as
-- many unread packets as its ring, not the kernel's buffer), and
-- the files of one writing them get every packet. Having taken what the
-- fd announced, it wakes the capture's other readers (next, wait_any).
local function stream(cap)
  while cap:isopen() do
    local n, more = cap:_pump()
    if not n then return end -- libpcap's error: the capture's reads say it
    if n > 0 then sched.wake_readers(cap:fd()) end -- next() finds them in the ring
    if more then
      sched.sleep(0)
    else
      local ok, why = sched.wait_io(cap:fd(), "r")
      if not ok and why ~= "closed" then return end
    end
  end
end

-- host:capture{iface =, filter =, snaplen =, promisc =, buffer =, ring =,
--   ring_bytes =, write =, size =, files =} -> capture | nil, message, errno
function clab.meta.__index:capture(opts)
  local st = lab.check_host(self, "capture", 0)
  opts = check_opts(opts)
  local cap, err, code, what = ccap.open(self, opts)
  if not cap and code == errno.EINVAL and opts.filter then
    argerror(1, "capture", "filter: " .. err, 2) -- libpcap's own text
  end
  if not cap then return nil, open_failed(self, opts, err, code, what), code end
  state[cap] = {opts = opts}
  st.sockets[cap] = true -- lab:close() closes it with the host
  sched.spawn(stream, true, cap)
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

-- Waits (with the scheduler) for CAP's next packet until DEADLINE (nil:
-- forever). Returns it, or nil and "timeout" or "closed".
local function wait_packet(cap, deadline)
  while true do
    if not cap:isopen() then return nil, "closed" end
    local p, err, code = cap:_read()
    if p then return p end
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
  check(self, "next")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, "next", "number expected, got " .. (timeout ~= timeout and "NaN" or typename(timeout)), 2)
  end
  return wait_packet(self, timeout and now() + timeout)
end

-- cap:packets{count =, timeout =} -> iterator: the next packets, until
-- COUNT of them or TIMEOUT seconds in all (both optional).
function methods:packets(opts)
  check(self, "packets")
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
    return (wait_packet(self, deadline))
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
      drain(cap)
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

-- The packets the ring holds, in order: those delivered, then those the
-- kernel held too (moved without waiting; next() still hands them out).
-- A stopped capture has what it had.
local function captured(cap)
  if cap:isopen() then drain(cap) end
  return cap:_list()
end

-- cap:save(path) -> true | nil, message, errno: the packets the ring
-- holds as a pcap file (so cap:stop(); cap:save(path) keeps them).
function methods:save(path)
  check_any(self, "save")
  if type(path) ~= "string" then argerror(1, "save", "string expected, got " .. typename(path), 2) end
  return pcap.write(path, captured(self), {linktype = self:linktype()})
end

-- cap:list() -> {packet, ...}: the packets the ring holds, in order.
function methods:list()
  check_any(self, "list")
  return captured(self)
end

-- Closing (cap:stop(), lab:close()) first moves what the kernel still
-- holds into the ring and the files, so the capture keeps what it
-- counted (list, save); then it wakes a task waiting on the capture
-- with "closed". Returns true, or nil and why writing the files failed.
local raw_close = methods.close
function methods:close()
  selfcheck.check(self, ccap.meta, "close")
  local st = state[self]
  if st and self:isopen() then
    drain_all(self)
    sched.abandon_fd(self:fd())
  end
  local ok, err, code = raw_close(self)
  if not ok and st and st.opts.write then
    return nil, ("cannot write %s: %s"):format(st.opts.write, err), code
  end
  return ok, err, code
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

-- cap:stats() counts what the ring holds now: it drains the kernel first.
local raw_stats = methods.stats
function methods:stats()
  if state[self] then check(self, "stats"); drain(self) end
  return raw_stats(self)
end

-- tostring(cap) counts what the capture holds now, as cap:list() does:
-- it drains the kernel first (after a 3-ping, "6 packets", not 0).
local raw_tostring = ccap.meta.__tostring
ccap.meta.__tostring = function(c)
  selfcheck.check(c, ccap.meta, "__tostring")
  if state[c] and c:isopen() then drain(c) end
  return raw_tostring(c)
end

return M
