-- netlab.lab_names: names, unix sockets and long-lived programs in a
-- lab's hosts, and netlab.here (the machine's own network).
--   lab:name("www.baidu.com", "10.0.0.2")  -- netlab's sockets and the
--   a:sh("getent hosts www.baidu.com")      -- hosts' programs see it
--   local p = b:start("python3 -m http.server 8000")
--   p:pid()  p:output()  p:wait(1)  p:stop()  -- stopped by lab:close()
--   local u = a:unix()                       -- a unix socket in host a
--   netlab.here:routes()                     -- read the machine's network
-- Programs run in a host see the lab's names as /etc/hosts (core/host/names.c:
-- a private mount namespace, nothing written to the machine's files).
local selfcheck = require "netlab.selfcheck"
local clab = require "netlab.c.lab"
local sched = require "netlab.sched"
local proc = require "netlab.proc"
local socket = require "netlab.socket"
local lab = require "netlab.lab" -- package.loaded: lab.lua loads us

local Lab, Host = lab.Lab, lab.Host
local methods = Host.__index

-- netlab.lab's type names and "bad argument" errors.
local typename, argerror = lab.typename, lab.argerror

-- Names ----------------------------------------------------------------

-- True if NAME is a host name: dot-separated labels of letters, digits
-- and inner hyphens, 1-63 characters each, 253 in all.
local function valid_name(name)
  if #name == 0 or #name > 253 then return false end
  for label in (name .. "."):gmatch("([^.]*)%.") do
    if #label == 0 or #label > 63 then return false end
    if not (label:match("^%w$") or label:match("^%w[%w%-]*%w$")) then return false end
  end
  return true
end

-- Parses an address text: family, canonical text | nil.
local function parse_ip(ip)
  if ip:find("/", 1, true) then return nil end
  local family, text = clab.cidr(ip .. "/32")
  if not family then family, text = clab.cidr(ip .. "/128") end
  if family then return family, text end
  return nil
end

-- lab:name(name, ip) -> true: NAME resolves to IP in the lab (one address
-- per family; naming again replaces it), for netlab's sockets made in its
-- hosts and for the programs run there (their /etc/hosts).
function Lab:name(name, ip)
  selfcheck.check(self, Lab, "name")
  if self._closed then error("attempt to use a closed lab", 2) end
  if type(name) ~= "string" then argerror(1, "name", "string expected, got " .. typename(name)) end
  if not valid_name(name) then
    argerror(1, "name", ("invalid host name %q: dot-separated labels of letters, digits and '-'"):format(name))
  end
  if type(ip) ~= "string" then argerror(2, "name", "IP address string expected, got " .. typename(ip)) end
  local family, text = parse_ip(ip)
  if not family then
    argerror(2, "name", ("invalid IP address %q (like \"10.0.0.2\" or \"fd00::2\")"):format(ip))
  end
  self._names = self._names or {}
  self._name_order = self._name_order or {}
  local key = name:lower()
  if not self._names[key] then
    self._names[key] = {}
    self._name_order[#self._name_order + 1] = key
  end
  self._names[key][family] = text
  require("netlab.machine_names").changed(self)
  return true
end

-- The entry of NAME in LIST ({name =, inet =, inet6 =}...), or nil.
local function entry_in(list, name)
  for _, e in ipairs(list) do
    if e.name == name then return e end
  end
end

-- For lab.lua's resolver: the address of FAMILY LAB gives NAME (a name
-- it gives, a host on another machine: machine_names.lua), or nil.
function lab.lookup_name(l, name, family)
  local far = l._elsewhere
  local e = far and far.hosts[name]
  if e and e[family] then return e[family] end
  e = l._names and l._names[name:lower()]
  if e and e[family] then return e[family] end
  e = far and entry_in(far.names, name:lower())
  return e and e[family] or nil
end

-- LIST's entries as hosts file lines, added to LINES.
local function entry_lines(lines, list)
  for _, e in ipairs(list) do
    if e.inet then lines[#lines + 1] = e.inet .. "\t" .. e.name end
    if e.inet6 then lines[#lines + 1] = e.inet6 .. "\t" .. e.name end
  end
end

-- For host:sh and host:start: the hosts file LAB's programs see.
function lab.hosts_text(l)
  local lines = {"127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"}
  for _, h in ipairs(l._hosts) do
    local seen = {}
    for _, a in ipairs(lab.host_state(h).addrs) do
      if not seen[a.family] then
        seen[a.family] = true
        lines[#lines + 1] = a.ip .. "\t" .. h:name()
      end
    end
  end
  local far = l._elsewhere -- the lab's hosts on other machines, its names given there
  if far then entry_lines(lines, far.list) end
  for _, key in ipairs(l._name_order or {}) do
    local e = l._names[key]
    entry_lines(lines, {{name = key, inet = e.inet, inet6 = e.inet6}})
  end
  if far then entry_lines(lines, far.names) end
  return table.concat(lines, "\n") .. "\n"
end

-- Unix sockets ---------------------------------------------------------

-- host:unix(["stream"|"dgram"]) -> socket | nil, message, errno: a unix
-- socket made in the host (abstract names are per network namespace),
-- closed with the lab like host:tcp()'s.
function methods:unix(kind)
  local st = lab.check_host(self, "unix", 0)
  if kind == nil or kind == "stream" then return lab.host_socket(self, st, "unix") end
  if kind == "dgram" then return lab.host_socket(self, st, "unixdgram") end
  argerror(1, "unix", "\"stream\" or \"dgram\" expected, got " .. (type(kind) == "string" and ("%q"):format(kind) or typename(kind)))
end

-- Processes ------------------------------------------------------------

local Process = {__name = "netlab.process"}
Process.__index = Process
lab.Process = Process

local OUTPUT_MAX = 1 << 20 -- bytes kept of each of stdout and stderr

-- Reads PIPE as data comes, into BUF (a list; BUF.n bytes), in a daemon
-- task that ends when the pipe does.
local function collect(pipe, buf)
  return sched.spawn(function()
    pipe:settimeout(0)
    while true do
      local data, err, partial = pipe:receive(4096)
      local got = data or partial
      if got and #got > 0 and buf.n < OUTPUT_MAX then
        got = got:sub(1, OUTPUT_MAX - buf.n)
        buf[#buf + 1], buf.n = got, buf.n + #got
      end
      if err and err ~= "timeout" then break end
      if not data and not sched.wait_fd(pipe:getfd(), "r") then break end
    end
    pipe:close()
  end, true)
end

-- Forgets P's child once it has ended.
local function settle(p, code)
  p._code = code
  local st = lab.host_state(p._host)
  if st then st.children[p._child] = nil end
  if p._lab._procs then p._lab._procs[p] = nil end
  for _, t in ipairs(p._readers) do pcall(t.join, t, 1) end
  getmetatable(p._child).__close(p._child)
end

-- The exit code of P if it has ended (137 if its lab killed it), or nil.
local function ended(p)
  if p._code then return p._code end
  if p._child:pid() == nil then settle(p, 128 + 9) return p._code end
  local code = p._child:reap()
  if code then settle(p, code) end
  return p._code
end

-- Raises unless P is a process.
local function check_process(p, fname)
  selfcheck.check(p, Process, fname, 2)
end

-- host:start(cmd) -> process | nil, message, errno: runs /bin/sh -c cmd
-- in the host (its network, the lab's names, the fds placed with
-- netlab.fd) without waiting for it; lab:close() stops it.
function methods:start(cmd)
  local st = lab.check_host(self, "start", 0)
  if type(cmd) ~= "string" then argerror(1, "start", "string expected, got " .. typename(cmd)) end
  local env, why, errno = lab.host_env(self, st)
  if not env then return nil, why, errno end
  local child, msg, stdout, stderr = proc.spawn(cmd, false, env)
  if not child then return nil, msg, stdout end -- stdout: the errno
  local p = setmetatable({_child = child, _host = self, _lab = st.lab, _cmd = cmd, _pid = child:pid(),
                          _out = {n = 0}, _err = {n = 0}}, Process)
  p._readers = {collect(stdout, p._out), collect(stderr, p._err)}
  st.children[child] = true
  st.lab._procs = st.lab._procs or {}
  st.lab._procs[p] = true -- kept running while the lab is
  return p
end

-- process:pid() -> pid (as netlab sees it) | nil once it has ended
function Process:pid()
  check_process(self, "pid")
  if ended(self) then return nil end
  return self._pid
end

-- process:wait([timeout]) -> exit code | nil, "timeout"
function Process:wait(timeout)
  check_process(self, "wait")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, "wait", "seconds expected, got " .. typename(timeout))
  end
  if ended(self) then return self._code end
  local ok, err = require("netlab.proc").wait_child(self._child, timeout)
  if not ok then return nil, err end
  local code = ended(self)
  if code then return code end
  return nil, "timeout"
end

-- process:stop() -> exit code: kills the program and all it started
-- (SIGKILL: 137), unless it has ended already.
function Process:stop()
  check_process(self, "stop")
  if ended(self) then return self._code end
  self._child:kill()
  return ended(self)
end
Process.__close = Process.stop

-- process:output() -> stdout, stderr: what it has written so far (the
-- first MiB of each).
function Process:output()
  check_process(self, "output")
  return table.concat(self._out), table.concat(self._err)
end

-- tostring(process): "process 1234 in b (running): python3 -m http.server".
function Process:__tostring()
  check_process(self, "__tostring")
  local how = self._code and ("exit " .. self._code) or "running"
  return ("process %d in %s (%s): %s"):format(self._pid or -1, self._host:name(), how, self._cmd)
end

-- netlab.here ------------------------------------------------------------

local Here = {__name = "netlab.here"}
Here.__index = Here
lab.Here = Here

-- The methods of netlab.here that change the machine's network.
local CHANGES = {"route_add", "route_del", "neigh_add", "neigh_del", "neigh_flush",
                 "addr_add", "addr_del", "link_set"}

-- Raises unless netlab runs as root with --real (for method FNAME).
local function check_real(fname)
  if not clab.real() then
    error(("netlab.here:%s changes the machine's own network: start netlab with --real (as root) to allow it"):format(fname), 3)
  end
  local f = io.open("/proc/self/status")
  local status = f and f:read("a") or ""
  if f then f:close() end
  if status:match("\nUid:%s+%d+%s+(%d+)") ~= "0" then
    error(("netlab.here:%s changes the machine's own network: it needs root"):format(fname), 3)
  end
end

-- Raises unless SELF is netlab.here (for method FNAME).
local function check_here(self, fname)
  selfcheck.check(self, Here, fname, 2)
end

for _, fname in ipairs(CHANGES) do
  Here[fname] = function(self, ...)
    check_here(self, fname)
    check_real(fname)
    return methods[fname](self._host, ...)
  end
end

-- Read methods, as a host's.
for _, fname in ipairs({"routes", "route_get", "neigh", "addrs", "ifaces", "ping", "traceroute"}) do
  Here[fname] = function(self, ...)
    check_here(self, fname)
    return methods[fname](self._host, ...)
  end
end

function Here:name()
  check_here(self, "name")
  return "here"
end

-- Sockets and programs: netlab's own, in the machine's network.
for _, kind in ipairs({"tcp", "udp", "tcp6", "udp6"}) do
  Here[kind] = function(self)
    check_here(self, kind)
    return socket.new(kind)
  end
end
function Here:unix(kind)
  check_here(self, "unix")
  local s, err, code = netlab.unix(kind) -- no tail call: errors name unix
  return s, err, code
end
function Here:sh(cmd, opts)
  check_here(self, "sh")
  local out, err, code = proc.sh(cmd, opts) -- no tail call: errors name sh
  return out, err, code
end

function Here:__tostring()
  check_here(self, "__tostring")
  return "netlab.here (the machine's own network)"
end

local here, here_state
-- The host methods of lab_iface.lua keep a host's addresses in its lab
-- state: here's host has one of its own, in no lab.
local lab_state = lab.host_state
function lab.host_state(h)
  if here and rawequal(h, here._host) then return here_state end
  return lab_state(h)
end

-- netlab.here: the machine's own network as a host-like object.
function lab.here()
  if here then return here end
  local h, err = clab.here()
  if not h then error("cannot open the machine's own network namespace: " .. tostring(err), 2) end
  here_state = {addrs = {}, ifaces = {}, sockets = {}, children = {}}
  here = setmetatable({_host = h}, Here)
  return here
end

return {}
