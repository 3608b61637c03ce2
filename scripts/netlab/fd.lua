-- netlab.fd: bash's fd redirection for sockets.
--   exec 8<> /dev/tcp/HOST/80     netlab.fd.tcp(8, HOST, 80)
--   echo -e "GET /\n" 1>&8         netlab.fd.write(8, "GET /\n")
--   cat 0<&8                       netlab.fd.read(8)
--   ls -l /proc/self/fd            netlab.fd.list()
--   cat /proc/PID/fdinfo/EPFD      netlab.fd.epoll(pid)   (an epoll fd's watched fds)
--   exec 8<&-                      netlab.fd.close(8)
-- Programs run by netlab.sh inherit the fds placed here.
local cfd = require "netlab.c.fd"
local socket = require "netlab.socket"

local M = {}
local placed = {} -- fd number -> the socket object that owns it

-- Raises "bad argument #N to 'FNAME' (MSG)" at the script's line; LEVEL
-- counts the frames from the caller up to public function FNAME (1: it).
local function argerror(n, fname, msg, level)
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), (level or 1) + 2)
end

-- The type of V as a message says it: "netlab.host", "number 1.5"...
local function typename(v)
  local mt = getmetatable(v)
  if type(mt) == "table" and type(rawget(mt, "__name")) == "string" then return mt.__name end
  return math.type(v) == "float" and "number " .. tostring(v) or type(v)
end

-- Raises unless N is an fd number (argument 1 of FNAME; LEVEL as for argerror).
local function check_num(n, fname, level)
  level = (level or 1) + 1
  if math.type(n) ~= "integer" then argerror(1, fname, "fd number expected, got " .. typename(n), level) end
  if n < 0 or n > 1023 then argerror(1, fname, "fd number out of range (0-1023)", level) end
end

-- What an open fd holds, by its /proc/self/fd link, for the messages.
local KINDS = {
  {"^net:%[", "a network namespace"}, {"^pid:%[", "a pid namespace"},
  {"^mnt:%[", "a mount namespace"}, {"^user:%[", "a user namespace"},
  {"%[eventpoll%]", "the event loop"}, {"%[pidfd%]", "a child process"},
  {"^pipe:", "a pipe"}, {"^socket:", "a socket"},
}

local function kind_of(target)
  for _, k in ipairs(KINDS) do
    if target:find(k[1]) then return k[2] end
  end
  return "a file"
end

-- Why netlab.fd must leave fd N alone, or nil when N is the script's:
-- 0-2, what netlab.fd placed, what netlab was started with (a shell's
-- 3<file), or nothing at all. Every other fd belongs to a live object
-- (a socket: closing its fd under it would let the next socket take the
-- number, and its close() would then close that one) or is netlab's own
-- (a host's namespace, the event loop, netlink, libpcap...).
local function held(n)
  if n <= 2 or placed[n] or cfd.inherited(n) or not cfd.isopen(n) then return nil end
  local lab = package.loaded["netlab.lab"]
  local holder, how = nil, nil
  if lab then holder, how = lab.fd_holder(n) end
  if holder then return ("fd %d belongs to %s: %s"):format(n, holder, how) end
  local s = cfd.socket_on(n)
  if s then
    return ("fd %d belongs to a live socket (%s): close the socket itself"):format(n, tostring(s))
  end
  local what = cfd.describe(n)
  local target = what and what.target or "?"
  if n < 10 then -- netlab keeps its own fds at 10 and above
    return ("fd %d is already open (%s, %s), neither placed by netlab.fd nor inherited: close it where it was opened"):format(
      n, kind_of(target), target)
  end
  return ("fd %d is netlab's own (%s, %s): netlab.fd takes only the fds it placed and those netlab was started with"):format(
    n, kind_of(target), target)
end

local function refuse(why)
  return nil, why, require("netlab.errno").EBUSY
end

-- fd.open(n, sock) -> n | nil, message, errno: puts the connection of
-- SOCK on fd N too (dup2), replacing what netlab had placed there.
function M.open(n, sock)
  check_num(n, "open")
  local why = held(n)
  if why then return refuse(why) end
  if placed[n] then
    placed[n]:close()
    placed[n] = nil
  elseif n > 2 and cfd.isopen(n) then
    local what = cfd.describe(n)
    return nil, ("fd %d is already open (%s); close it first"):format(n, what and what.target or "?")
  end
  local s, err, code = cfd.place(n, sock)
  if not s then return nil, err, code end
  placed[n] = s
  return n
end

-- Raises unless HOST and PORT (arguments 2 and 3 of fd.tcp) can be
-- connected to: checked before a socket is made, so none is left behind.
local function check_peer(host, port)
  if type(host) ~= "string" then argerror(2, "tcp", "host name or address expected, got " .. typename(host), 2) end
  if host:find("\0", 1, true) then argerror(2, "tcp", "string contains a NUL byte", 2) end
  if math.type(port) ~= "integer" then argerror(3, "tcp", "port number expected, got " .. typename(port), 2) end
  if port < 0 or port > 65535 then argerror(3, "tcp", "port out of range (0-65535)", 2) end
end

-- Whether V is a lab host or netlab.here.
local function is_host(v)
  local mt, lab = getmetatable(v), package.loaded["netlab.lab"]
  return mt ~= nil and (mt == require("netlab.c.lab").meta or (lab and mt == lab.Here))
end

-- The host of fd.tcp's options OPTS (argument 4: nil or {from = host}).
local function check_from(opts)
  if opts == nil then return nil end
  if type(opts) ~= "table" then argerror(4, "tcp", "table expected, got " .. typename(opts), 2) end
  for k in pairs(opts) do
    if k ~= "from" then argerror(4, "tcp", ("unknown option '%s' (from expected)"):format(tostring(k)), 2) end
  end
  local machines = package.loaded["netlab.lab_machine"]
  local m = machines and machines.machine_of(opts.from)
  if m then
    argerror(4, "tcp", ("from: host %s is on machine %s, and an fd is this process's: a socket made there cannot be one")
      :format(opts.from:name(), m.name), 2)
  end
  if opts.from ~= nil and not is_host(opts.from) then
    argerror(4, "tcp", "from: lab host or netlab.here expected, got " .. typename(opts.from), 2)
  end
  return opts.from
end

-- fd.tcp(n, host, port[, {from = host}]) -> n | nil, message, errno:
-- connects (from a lab host if given), then keeps the connection on fd N
-- only (bash's exec N<> /dev/tcp/host/port).
function M.tcp(n, host, port, opts)
  check_num(n, "tcp")
  check_peer(host, port)
  local from = check_from(opts) -- a lab host, or the machine itself
  local s, err, code
  if from then s, err, code = from:tcp() else s, err, code = socket.new("tcp") end
  if not s then return nil, err, code end
  local ok
  ok, err, code = s:connect(host, port)
  if ok then ok, err, code = M.open(n, s) end
  s:close()
  if not ok then return nil, err, code end
  return ok
end

-- The socket object on fd N: placed by netlab, or adopted on first use;
-- nil, why when N is held by netlab or a live object (see held).
local function handle(n, fname)
  check_num(n, fname, 2)
  if placed[n] then return placed[n] end
  local why = held(n)
  if why then return nil, why end
  local s = cfd.adopt(n)
  if not s then return nil end
  placed[n] = s
  return s
end

local function not_open(n)
  return nil, ("fd %d is not open"):format(n), require("netlab.errno").EBADF
end

-- fd.write(n, data) -> bytes written | nil, message, bytes written, errno
function M.write(n, data)
  if type(data) ~= "string" and type(data) ~= "number" then
    argerror(2, "write", "string expected, got " .. typename(data))
  end
  local s, why = handle(n, "write")
  if why then return refuse(why) end
  if not s then return not_open(n) end
  return s:send(data)
end

-- Raises unless PATTERN (argument 2 of fd.read) is one sock:receive
-- takes: nil, "*a", "*l" ("a", "l") or a byte count.
local function check_pattern(p)
  if p == nil or math.type(p) == "integer" and p >= 0 then return end
  local word = type(p) == "string" and p:gsub("^%*", "")
  if word ~= "a" and word ~= "l" then
    argerror(2, "read", "pattern \"*a\", \"*l\" or a byte count expected, got "
      .. (type(p) == "string" and ("%q"):format(p) or type(p) == "number" and tostring(p) or type(p)), 2)
  end
end

-- fd.read(n[, pattern]) -> data | nil, message, partial: pattern as for
-- sock:receive; the default "*a" reads until the other end closes.
function M.read(n, pattern)
  check_pattern(pattern)
  local s, why = handle(n, "read")
  if why then return refuse(why) end
  if not s then return not_open(n) end
  return s:receive(pattern or "*a")
end

-- fd.close(n) -> true | nil, message, errno (exec n<&-): closes what
-- netlab.fd placed on N or what netlab was started with there; refuses
-- (EBUSY, naming the holder) an fd of netlab's own or of a live socket.
function M.close(n)
  local s, why = handle(n, "close")
  if why then return refuse(why) end
  if not s then return not_open(n) end
  placed[n] = nil
  s:close()
  cfd.forget(n)
  return true
end

-- The TCP and UDP sockets of process PID's network namespace, by inode.
local function sockets_by_inode(pid)
  local d = require("netlab.c.diag").process(pid)
  local out = {}
  if not d then return out end
  for _, k in ipairs{{"inet", "tcp"}, {"inet6", "tcp"}, {"inet", "udp"}, {"inet6", "udp"}} do
    for _, r in ipairs(d:dump(k[1], k[2]) or {}) do out[r.inode] = r end
  end
  d:close()
  return out
end

local SOCKET_FIELDS = {"proto", "family", "local", "local_port", "remote", "remote_port", "state", "inode"}

-- fd.list([pid]) -> one row per open fd: fd, target, mode, and for sockets
-- proto, family, local, local_port, remote, remote_port, state. With a
-- pid, another process's fds (ls -l /proc/PID/fd; lsof -p PID): its TCP
-- and UDP sockets get their row from the kernel's table (sock_diag, in
-- the process's network namespace; states spelt as host:sockets spells
-- them) and their inode | nil, message, errno.
function M.list(pid)
  if pid == nil then
    -- a closed capture's fd closes on a thread of its own (cap:close):
    -- list what is left once those closes have happened
    require("netlab.c.capture").settle()
    return cfd.list()
  end
  if math.type(pid) ~= "integer" or pid <= 0 then argerror(1, "list", "pid expected, got " .. (math.type(pid) or type(pid))) end
  local rows, err, code = cfd.list(pid)
  if not rows then return nil, ("cannot list the fds of process %d: %s"):format(pid, err), code end
  local socks = sockets_by_inode(pid)
  for _, row in ipairs(rows) do
    local r = socks[tonumber(row.target:match("^socket:%[(%d+)%]$"))]
    if r then
      for _, k in ipairs(SOCKET_FIELDS) do row[k] = r[k] end
    end
  end
  return rows
end

-- epoll's event bits as fdinfo's tfd lines show them (sys/epoll.h).
local EPOLL_BITS = {{0x1, "IN"}, {0x2, "PRI"}, {0x4, "OUT"}, {0x8, "ERR"}, {0x10, "HUP"},
  {0x2000, "RDHUP"}, {0x10000000, "EXCLUSIVE"}, {0x20000000, "WAKEUP"}, {0x40000000, "ONESHOT"},
  {0x80000000, "ET"}}

-- "IN OUT ERR HUP RDHUP ET" for an epoll event mask.
local function epoll_flags(mask)
  local out = {}
  for _, b in ipairs(EPOLL_BITS) do
    if mask & b[1] ~= 0 then out[#out + 1] = b[2] end
  end
  return table.concat(out, " ")
end

-- The rows of an epoll fd's fdinfo TEXT (one per tfd line), each fd's
-- link target taken from TARGETS (fd -> "socket:[N]"), sorted by fd.
local function epoll_rows(text, targets)
  local rows = {}
  for line in text:gmatch("[^\n]+") do
    local tfd, ev, data, ino, sdev = line:match(
      "^tfd:%s*(%d+)%s+events:%s*(%x+)%s+data:%s*(%x+)%s+pos:%d+%s+ino:(%x+)%s+sdev:(%x+)")
    if tfd then
      local mask = tonumber(ev, 16)
      rows[#rows + 1] = {fd = tonumber(tfd), events = mask, flags = epoll_flags(mask), data = tonumber(data, 16),
        ino = tonumber(ino, 16), sdev = sdev, target = targets[tonumber(tfd)]}
    end
  end
  table.sort(rows, function(a, b) return a.fd < b.fd end)
  return rows
end

-- Raises unless V (argument N of fd.epoll) is nil or an integer from
-- MIN to 2^31 - 1.
local function check_opt_int(v, n, what, min)
  if v == nil then return end
  if math.type(v) ~= "integer" then argerror(n, "epoll", what .. " expected, got " .. typename(v), 2) end
  if v < min or v > 0x7fffffff then argerror(n, "epoll", ("%s out of range (%d-2147483647)"):format(what, min), 2) end
end

-- fd.epoll([pid[, fd]]) -> rows, epfd | nil, message, errno: the fds an
-- epoll instance watches, read from /proc/PID/fdinfo/FD's tfd lines:
-- {fd, events (the mask), flags ("IN OUT ... ET"), data, ino (the
-- watched file's inode: a socket's), sdev, target ("socket:[ino]")}.
-- Without a pid, netlab's own scheduler's epoll fd; with a pid but no
-- fd, that process's first epoll fd.
function M.epoll(pid, fd)
  check_opt_int(pid, 1, "pid", 1)
  check_opt_int(fd, 2, "fd number", 0)
  local own = pid == nil or pid == require("netlab.c.diag").pid()
  if own and fd == nil then fd = require("netlab.c.loop").fd() end
  pid = pid or require("netlab.c.diag").pid()
  local list, err, code = cfd.list(pid)
  if not list then return nil, ("cannot list the fds of process %d: %s"):format(pid, err), code end
  local targets = {}
  for _, r in ipairs(list) do
    targets[r.fd] = r.target
    if fd == nil and r.target == "anon_inode:[eventpoll]" then fd = r.fd end
  end
  local errno = require "netlab.errno"
  if fd == nil then return nil, ("process %d has no epoll fd"):format(pid), errno.ENOENT end
  if targets[fd] == nil then return nil, ("fd %d of process %d is not open"):format(fd, pid), errno.EBADF end
  if targets[fd] ~= "anon_inode:[eventpoll]" then
    return nil, ("fd %d of process %d is not an epoll instance (%s)"):format(fd, pid, targets[fd]), errno.EINVAL
  end
  local path = ("/proc/%d/fdinfo/%d"):format(pid, fd)
  local f, ferr, fcode = io.open(path)
  if not f then return nil, ("cannot read %s: %s"):format(path, ferr), fcode end
  local text = f:read("a")
  f:close()
  return epoll_rows(text, targets), fd
end

-- fd.placed() -> the fd numbers a child program should inherit.
function M.placed()
  local out = {}
  for n in pairs(placed) do out[#out + 1] = n end
  table.sort(out)
  return out
end

return M
