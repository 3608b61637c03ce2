-- netlab.lab_machine: one lab over several machines (lab:machine).
--   local m2 = assert(lab:machine{name = "m2", underlay = "192.0.2.2",
--                     launch = {"ssh", "lab2", "netlab", "--worker"}})
--   local a = lab:host "a"                 -- here
--   local b = lab:host("b", {on = "m2"})   -- on m2, driven from here
--   lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24")   -- VXLAN between machines
--   print(b:sh("ip -br addr"))  local s = b:tcp() ...
--
-- Each machine runs `netlab --worker` (started by LAUNCH, an SSH session
-- as a rule) and speaks netlab.machine_proto over its stdin and stdout.
-- A host on a machine is a proxy: every method call is sent there and
-- its answer comes back; what the call returns that is an object (a
-- socket, a capture, a link) is a proxy too, and packets are copied.
-- When a worker goes, every call on its objects returns nil, "closed".
local blame = require "netlab.blame"
local proc = require "netlab.proc"
local sched = require "netlab.sched"
local selfcheck = require "netlab.selfcheck"
local proto = require "netlab.machine_proto"
local names = require "netlab.machine_names"
local lab = require "netlab.lab"
local clab = require "netlab.c.lab"

local Lab = lab.Lab
local argerror, typename = lab.argerror, lab.typename

local M = {}

M.TIMEOUT = 10      -- seconds a worker has to answer the greeting
M.VXLAN_PORT = 4789 -- IANA's, the default of a link between machines

local Machine = {__name = "netlab.machine"}
Machine.__index = Machine
M.Machine = Machine

-- proxy -> {machine, id}; the proxies' metatables by remote type name.
local remote = setmetatable({}, {__mode = "k"})
local metas = {}

-- Checking lab:machine's options -------------------------------------------------

-- The family ("inet" or "inet6") and canonical text of IP address IP, or nil.
local function ip_family(ip)
  if type(ip) ~= "string" or ip:find("[%z/]") then return nil end
  local family, canonical = clab.cidr(ip .. (ip:find(":", 1, true) and "/128" or "/32"))
  return family, canonical
end
M.ip_family = ip_family

-- Quotes WORD for /bin/sh.
local function shell_quote(word)
  if word:match("^[%w@%%+=:,./_-]+$") then return word end
  return "'" .. word:gsub("'", "'\\''") .. "'"
end

-- Reads launch = {argv...} (or one shell command): the command line.
local function check_launch(v)
  if type(v) == "string" and v ~= "" and not v:find("\0", 1, true) then return v end
  if type(v) ~= "table" or #v == 0 then
    argerror(1, "machine", "launch: command list expected, e.g. {\"ssh\", \"host\", \"netlab\", \"--worker\"}, got " .. typename(v))
  end
  local words = {}
  for i, w in ipairs(v) do
    if type(w) ~= "string" or w:find("\0", 1, true) then
      argerror(1, "machine", ("launch: item %d: string expected, got %s"):format(i, typename(w)))
    end
    words[i] = shell_quote(w)
  end
  return table.concat(words, " ")
end

-- Reads lab:machine's options table: name, command, underlay, timeout.
local function check_spec(spec)
  if type(spec) ~= "table" then argerror(1, "machine", "options table expected, got " .. typename(spec)) end
  for k in pairs(spec) do
    if k ~= "name" and k ~= "launch" and k ~= "underlay" and k ~= "timeout" then
      argerror(1, "machine", ("unknown option '%s' (name, launch, underlay or timeout expected)"):format(tostring(k)))
    end
  end
  local name = spec.name
  if type(name) ~= "string" or not name:match("^[%w_][%w_.%-]*$") or #name > 63 then
    argerror(1, "machine", "name: a machine name (letters, digits, '.', '-', '_') expected, got " ..
      (type(name) == "string" and ("%q"):format(name) or typename(name)))
  end
  local underlay
  if spec.underlay ~= nil then
    local family, ip = ip_family(spec.underlay)
    if not family then
      argerror(1, "machine", "underlay: the machine's IP address expected, got " ..
        (type(spec.underlay) == "string" and ("%q"):format(spec.underlay) or typename(spec.underlay)))
    end
    underlay = {family = family, ip = ip}
  end
  local t = spec.timeout
  if t ~= nil and (type(t) ~= "number" or not (t > 0)) then
    argerror(1, "machine", "timeout: seconds (> 0) expected, got " .. tostring(t))
  end
  return name, check_launch(spec.launch), underlay, t or M.TIMEOUT
end

-- Proxies ------------------------------------------------------------------

local call -- forward: machine, proxy, method, args

-- cap:packets{count =, timeout =} of a remote capture: an iterator here
-- (a function cannot cross), each step one remote cap:next.
local function remote_packets(self, opts)
  if opts == nil then opts = {} end
  if type(opts) ~= "table" then argerror(1, "packets", "table expected, got " .. typename(opts)) end
  local count, timeout = opts.count, opts.timeout
  if count ~= nil and math.type(count) ~= "integer" then argerror(1, "packets", "count: integer expected") end
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    argerror(1, "packets", "timeout: number expected")
  end
  local deadline, n = timeout and sched.now() + timeout, 0
  return function()
    if count and n >= count then return nil end
    n = n + 1
    return (self:next(deadline and math.max(deadline - sched.now(), 0)))
  end
end

-- The names of remote hosts made here (lab:host), which never change.
local host_names = setmetatable({}, {__mode = "k"})

-- host:name() of a remote host: known here once it was made here.
local function remote_name(self)
  local n = host_names[self]
  if n then return n end
  local r = remote[self]
  if not r then selfcheck.raise("name", "netlab.host expected, got " .. typename(self), 2) end
  return call(r.machine, self, "name", {n = 0})
end

-- Methods of remote objects that run here, on the object's other
-- methods: those whose results cannot cross (a function), and a host's
-- name, asked often (netlab.top, messages) and known.
local LOCAL = {["netlab.capture"] = {packets = remote_packets}, ["netlab.host"] = {name = remote_name}}

-- The metatable of proxies of remote type TNAME: named as the object is
-- (a proxy of a netlab.host is a "netlab.host" to typename checks), every
-- key a method sent to the machine.
local function meta_of(tname)
  local mt = metas[tname]
  if mt then return mt end
  local cache = setmetatable({}, {__index = LOCAL[tname]})
  mt = {__name = tname}
  mt.__index = function(_, k)
    if type(k) ~= "string" then return nil end
    local f = cache[k]
    if not f then
      f = function(self, ...)
        local r = remote[self]
        if not r then selfcheck.raise(k, tname .. " expected, got " .. typename(self), 2) end
        return call(r.machine, self, k, table.pack(...))
      end
      cache[k] = f
    end
    return f
  end
  mt.__tostring = function(self)
    local r = remote[self]
    local text = r.machine.dead and "closed" or r.machine:_call_text(self)
    return ("%s (on %s)"):format(text, r.machine.name)
  end
  mt.__close = function(self)
    local r = remote[self]
    if r and not r.machine.dead and tname ~= "netlab.host" then call(r.machine, self, "close", {n = 0}) end
  end
  mt.__gc = function(self)
    local r = remote[self]
    if r then table.insert(r.machine.released, r.id) end
  end
  mt.__netlab_machine = function(self) -- for C's type checks (nlab_checkudata): whose it is
    local r = remote[self]
    return r and r.machine.name
  end
  metas[tname] = mt
  return mt
end

-- The proxy of object ID (of type TNAME) on machine MACHINE, one per object.
local function proxy(machine, id, tname)
  local p = machine.proxies[id]
  if p then return p end
  p = setmetatable({}, meta_of(tname))
  remote[p] = {machine = machine, id = id}
  machine.proxies[id] = p
  return p
end

-- M.machine_of(v) -> the machine a proxy's object lives on, or nil.
function M.machine_of(v)
  local r = remote[v]
  return r and r.machine
end

-- The hooks framing a call to MACHINE: its own proxies go as their ids;
-- a proxy of another machine, or a local object, cannot go.
local function out_hooks(machine)
  local packet = require "netlab.packet"
  return {crafted = function(v) return packet.is_crafted(v) and packet.layers_of(v) or nil end,
          object = function(v)
    local r = remote[v]
    if r and r.machine == machine then return r.id, "" end
    if r then error(("cannot pass an object of machine %s to machine %s"):format(r.machine.name, machine.name), 0) end
    if type(v) == "userdata" or getmetatable(v) then
      error(("cannot pass a local %s to machine %s"):format(typename(v), machine.name), 0)
    end
  end}
end

-- The hooks reading MACHINE's answers: objects become proxies, packets
-- are decoded here, each once (known by its time and bytes: a capture
-- hands out a new object for a packet each time it is listed), in the
-- order they first come, so their relative sequence numbers are the
-- capture's.
local function in_hooks(machine)
  local cpacket = require("netlab.c.packet").packet
  local flows, seen = cpacket.flows(), setmetatable({}, {__mode = "v"})
  return {object = function(id, tname) return proxy(machine, id, tname) end,
          crafted = function(layers) return require("netlab.packet").from_layers(layers) end,
          packet = function(bytes, linktype, time)
            local key = string.pack("<dI2", time, linktype) .. bytes
            local p = seen[key]
            if not p then
              p = cpacket.decode(bytes, linktype, time, flows)
              seen[key] = p
            end
            return p
          end}
end

-- A remote error's text without the worker's own position.
local function unplaced(msg)
  return (tostring(msg):gsub("^[^\n:]*:%d+: ", ""))
end

-- Sends request REQ (a table) to MACHINE and waits for its answer:
-- the answer table, or nil, "closed".
local function request(machine, req)
  if machine.dead then return nil, "closed" end
  machine.next_id = machine.next_id + 1
  req.id = machine.next_id
  if #machine.released > 0 then
    req.release, machine.released = machine.released, {}
  end
  names.push(machine, req) -- the lab's names, if it has not seen their latest
  local ok, frame = pcall(proto.frame, req, out_hooks(machine))
  if not ok then blame.error(frame) end
  local sig = sched.signal()
  machine.pending[req.id] = sig
  if not machine.channel:send(frame) then
    machine.pending[req.id] = nil
    machine:_gone()
    return nil, "closed"
  end
  local answer, err = sig:wait()
  machine.pending[req.id] = nil
  return answer, err
end
M.request = request

-- Calls METHOD of proxy P with ARGS on MACHINE: its results, a remote
-- error raised again at the script's line, or nil, "closed".
function call(machine, p, method, args)
  if machine.closed then -- by lab:close, as a closed lab's own objects
    if method == "close" then return true end
    blame.error(("attempt to use a closed %s"):format(getmetatable(p).__name:gsub("^netlab%.", "")))
  end
  local answer, err = request(machine, {op = "call", obj = p, method = method, args = args})
  if not answer then return nil, err end
  if not answer.ok then blame.error(unplaced(answer.err)) end
  local r = answer.r or {n = 0}
  return table.unpack(r, 1, r.n)
end

-- Calls the worker's function NAME (netlab.worker's FNS) with ARGS.
local function call_fn(machine, name, ...)
  local answer, err = request(machine, {op = "fn", name = name, args = table.pack(...)})
  if not answer then return nil, err end
  if not answer.ok then return nil, unplaced(answer.err) end
  local r = answer.r or {n = 0}
  return table.unpack(r, 1, r.n)
end
M.call_fn = call_fn

-- tostring of remote object P, as the machine prints it.
function Machine:_call_text(p)
  local text = call_fn(self, "tostring", p)
  return text or "closed"
end

-- Machines -----------------------------------------------------------------

-- Keeps the last 4 KiB of what the launcher writes on stderr (ssh's
-- "Connection refused"), for the error that names it.
local function keep_stderr(machine, pipe)
  machine.stderr = ""
  sched.spawn(function()
    for _ = 1, 100000 do
      local data, _, partial = require("netlab.web_http").read_some(pipe, math.huge)
      data = data or partial
      if not data or data == "" then break end
      machine.stderr = (machine.stderr .. data):sub(-4096)
    end
    pipe:close()
  end, true)
end

-- The last line the launcher wrote on stderr, as " (LINE)", or "".
local function last_words(machine)
  local line = (machine.stderr or ""):gsub("\r", ""):match("([^\n]+)\n?$")
  return line and (" (%s)"):format(line) or ""
end

-- Marks MACHINE gone: every waiting call gets nil, "closed", and the
-- launcher is ended.
function Machine:_gone()
  if self.dead then return end
  self.dead = true
  for id, sig in pairs(self.pending) do
    self.pending[id] = nil
    sig:fire(nil, "closed")
  end
  self.channel:close()
  local child = self.child
  if not proc.wait_child(child, 1) then child:kill() end
  proc.wait_child(child, 1)
  child:reap()
end

-- The task reading MACHINE's answers and waking the calls they answer.
local function read_answers(machine)
  local hooks = in_hooks(machine)
  for _ = 1, math.huge do
    local body = machine.channel:receive()
    if not body then break end
    local answer = proto.parse(body, hooks)
    if type(answer) == "table" and answer.addrs then names.received(machine, answer.addrs) end
    local sig = type(answer) == "table" and math.type(answer.id) == "integer" and machine.pending[answer.id]
    if sig then sig:fire(answer) end
  end
  machine:_gone()
end

-- Greets the worker (its version and ours must be the same) within
-- TIMEOUT seconds; true | nil, why.
local function greet(machine, timeout)
  local ok = machine.channel:send(proto.frame({op = "hello", version = netlab._VERSION}))
  local body, err
  if ok then body, err = machine.channel:receive(sched.now() + timeout) end
  if not body then
    if err == "timeout" then return nil, ("no answer within %g s"):format(timeout) end
    if err and err ~= "closed" then return nil, "it is not a netlab worker (" .. err .. ")" end
    proc.wait_child(machine.child, 1)
    sched.sleep(0.05) -- its last words on stderr
    return nil, "it ended before answering" .. last_words(machine)
  end
  local hello, why = proto.parse(body)
  if type(hello) ~= "table" then return nil, "it is not a netlab worker (" .. tostring(why) .. ")" end
  if hello.op == "refused" then return nil, "the worker refused: " .. tostring(hello.why) end
  if hello.op ~= "welcome" then return nil, "it is not a netlab worker (no welcome)" end
  if hello.version ~= netlab._VERSION then
    return nil, ("the worker runs %s, this is %s"):format(tostring(hello.version), netlab._VERSION)
  end
  machine.root, machine.net_admin = hello.root, hello.net_admin
  return true
end

-- Starts MACHINE's worker; true | nil, message.
local function start(machine, timeout)
  local child, stdin, stdout, stderr = proc.spawn("exec " .. machine.command, true) -- its pid: the launcher's
  if not child then return nil, stdin end
  machine.child, machine.stdin, machine.stdout = child, stdin, stdout
  keep_stderr(machine, stderr)
  machine.channel = proto.channel(stdout, stdin)
  local ok, why = greet(machine, timeout)
  if not ok then
    machine:_gone()
    return nil, why
  end
  sched.spawn(read_answers, true, machine)
  local rlab, err = call_fn(machine, "lab")
  if not rlab then
    machine:_gone()
    return nil, err
  end
  machine.lab = rlab
  return true
end

-- lab:machine{name =, launch =, underlay =, timeout =} -> machine | nil,
-- message: starts `netlab --worker` there with LAUNCH (a command list,
-- e.g. {"ssh", "lab2", "netlab", "--worker"}), greets it (the same netlab
-- version, within TIMEOUT seconds, 10 by default) and makes the lab's
-- part on it; UNDERLAY is the machine's address the other machines
-- reach (links between machines go there). lab:host(name, {on = name})
-- puts a host there; lab:close() ends the worker, which frees all it made.
function Lab:machine(spec)
  lab.check_lab(self, "machine")
  local name, command, underlay, timeout = check_spec(spec)
  self._machines = self._machines or {}
  if self._machines[name] then argerror(1, "machine", ("this lab already has a machine named %q"):format(name)) end
  local m = setmetatable({name = name, command = command, underlay = underlay, owner = self,
                          proxies = setmetatable({}, {__mode = "v"}),
                          pending = {}, released = {}, next_id = 0, dead = false}, Machine)
  local ok, why = start(m, timeout)
  if not ok then return nil, ("cannot start machine %s with `%s`: %s"):format(name, command, why) end
  self._machines[name] = m
  self._machine_list = self._machine_list or {}
  table.insert(self._machine_list, m)
  return m
end

-- Closes MACHINE: the worker is told to go (it closes its lab, freeing
-- every namespace it made) and its stdin closed.
function Machine:close()
  selfcheck.check(self, Machine, "close")
  if self.dead then return true end
  self.closed = true
  self.channel:send(proto.frame({op = "bye"}))
  self.stdin:close() -- EOF, should bye not arrive
  if not proc.wait_child(self.child, 2) then self.child:kill() end
  self:_gone()
  return true
end

-- machine:pid() -> the launcher's process id (the worker's, where the
-- launcher execs it), nil once closed.
function Machine:pid()
  selfcheck.check(self, Machine, "pid")
  if self.dead then return nil end
  return self.child:pid()
end

-- tostring(machine): "machine m2 (`ssh lab2 netlab --worker`)".
function Machine:__tostring()
  selfcheck.check(self, Machine, "__tostring")
  return ("machine %s (`%s`)%s"):format(self.name, self.command, self.dead and " (closed)" or "")
end

-- What the remote hosts made by lab:router and lab:switch are.
local kinds = setmetatable({}, {__mode = "k"}) -- proxy -> "router" | "switch"

-- M.host(lab, name, on, kind) -> host proxy | nil, message: host NAME on
-- LAB's machine ON, made by the lab there as KIND ("host", "router" or
-- "switch": lab:KIND(name)).
function M.host(l, name, on, kind)
  local m = l._machines and l._machines[on]
  if not m then argerror(2, kind, ("on: this lab has no machine named %q"):format(tostring(on))) end
  if m.dead then return nil, ("cannot create %s %s: machine %s is closed"):format(kind, name, on) end
  local h, err, code = m.lab[kind](m.lab, name)
  if not h then return nil, err, code end
  l._byname[name] = h
  l._remote_hosts = l._remote_hosts or {}
  l._remote_hosts[#l._remote_hosts + 1] = h
  l._order[#l._order + 1] = h
  if kind ~= "host" then kinds[h] = kind end
  host_names[h] = name
  return h
end

-- M.is_switch(h) -> whether host H (here or a proxy) is a switch, asking
-- no machine.
function M.is_switch(h)
  local r = remote[h]
  if r then return kinds[h] == "switch" end
  return h:is_switch()
end

-- M.link(lab, x, y, addr_x, addr_y, opts) -> link | nil, message | false:
-- lab:link where X or Y is on a machine: one machine's own link when
-- both are there, else a link between machines (lab_cross.lua); false
-- when both are here (lab:link's own work).
function M.link(l, x, y, addr_x, addr_y, opts)
  local mx, my = M.machine_of(x), M.machine_of(y)
  if not mx and not my then return false end
  for i, m in ipairs{mx or false, my or false} do
    local h = i == 1 and x or y
    if m and (l._machines[m.name] ~= m) then argerror(i, "link", "host of another lab's machine") end
    if not m then lab.check_host(h, "link", i) end
  end
  if mx == my then
    if rawequal(x, y) then argerror(2, "link", ("cannot link host %s to itself"):format(x:name())) end
    local link, err, code = mx.lab:link(x, y, addr_x, addr_y, opts)
    if link then -- that machine's; noted for lab:diagram and the web view
      l._remote_links = l._remote_links or {}
      l._remote_links[#l._remote_links + 1] = link
    end
    return link, err, code
  end
  local link, err, code = require("netlab.lab_cross").link(l, x, mx, y, my, addr_x, addr_y, opts)
  return link, err, code
end

-- M.from_env(lab, path): the machines and placement of file PATH (the
-- environment's NETLAB_MACHINES), a Lua file returning
--   {machines = {{name =, launch =, underlay =}, ...}, place = {host = machine},
--    underlay = this machine's address (optional)}
-- (hosts the place table leaves out stay here) so a lesson written for one machine runs spread over several; raises
-- if a machine cannot start.
function M.from_env(l, path)
  local chunk, err = loadfile(path, "t", {})
  if not chunk then error("NETLAB_MACHINES: " .. err, 0) end
  local ok, conf = pcall(chunk)
  if not ok or type(conf) ~= "table" or type(conf.machines) ~= "table" then
    error(("NETLAB_MACHINES: %s must return {machines = {...}, place = {...}}"):format(path), 0)
  end
  if conf.underlay ~= nil and not l._underlay then
    local family, ip = ip_family(conf.underlay)
    if not family then
      error(("NETLAB_MACHINES: underlay: this machine's IP address expected, got %s"):format(
        type(conf.underlay) == "string" and ("%q"):format(conf.underlay) or typename(conf.underlay)), 0)
    end
    l._underlay = {family = family, ip = ip}
  end
  for _, spec in ipairs(conf.machines) do
    local m, why = l:machine(spec)
    if not m then error("NETLAB_MACHINES: " .. why, 0) end
  end
  l._place = type(conf.place) == "table" and conf.place or {}
end

-- M.close(lab): closes LAB's machines.
function M.close(l)
  for _, m in ipairs(l._machine_list or {}) do m:close() end
end

return M
