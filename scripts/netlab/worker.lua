-- netlab.worker: `netlab --worker`, one machine's part of a lab driven
-- by a script on another machine (netlab.lab_machine). It speaks
-- netlab.machine_proto on its stdin and stdout (an SSH session), never
-- on a port: the controller's hello first (the same netlab version, or
-- it refuses), then requests, each answered by a task of its own so a
-- waiting accept does not hold up a connect:
--   {op = "call", id, obj, method, args}  a method of an object made here
--   {op = "fn", id, name, args}           one of FNS below
--   {op = "bye"}                          close everything and exit
-- Objects stay here; the controller holds their ids (released with a
-- request's `release` list). When stdin ends (the controller closed it,
-- or died, even by kill -9) the worker closes its labs and exits, and
-- with them goes every namespace it made: it leaves nothing behind.
local proto = require "netlab.machine_proto"
local names = require "netlab.machine_names"
local sched = require "netlab.sched"
local selfcheck = require "netlab.selfcheck"

local M = {}

M.HELLO_WAIT = 10 -- seconds the controller has to say hello

-- The objects the controller holds: id -> object and object -> id.
local objects, ids, next_id = {}, {}, 0
local labs = {} -- the labs made for the controller

-- The id of object V, registering it at its first crossing.
local function id_of(v)
  local id = ids[v]
  if id then return id end
  next_id = next_id + 1
  objects[next_id], ids[v] = v, next_id
  return next_id
end

-- Whether V stays here as an object: a userdata or a table with methods
-- (a table with a metatable of no methods, a ping's result, is copied).
local function is_object(v)
  if type(v) == "userdata" then return true end
  local mt = getmetatable(v)
  return type(v) == "table" and type(mt) == "table" and type(rawget(mt, "__index")) == "table"
end

local out_hooks = {
  crafted = function(v)
    local packet = require "netlab.packet"
    return packet.is_crafted(v) and packet.layers_of(v) or nil
  end,
  packet = function(v)
    if selfcheck.typename(v) ~= "netlab.packet" then return nil end
    return v:bytes(), v.linktype, v.time
  end,
  object = function(v)
    if not is_object(v) then return nil end
    return id_of(v), selfcheck.typename(v)
  end,
}

local in_hooks = {
  object = function(id)
    local v = objects[id]
    if v == nil then error(("no object %d here (released?)"):format(id), 0) end
    return v
  end,
  packet = function(bytes, linktype, time) return require("netlab.packet").decode(bytes, linktype, time) end,
  crafted = function(layers) return require("netlab.packet").from_layers(layers) end,
}

-- The functions a controller may call by name.
local FNS = {}

-- fn "lab" -> a new lab, closed when the worker ends.
function FNS.lab()
  local l = require("netlab.lab").new()
  labs[#labs + 1] = l
  return l
end

-- fn "tostring"(v) -> tostring(v), for a proxy's tostring.
function FNS.tostring(v) return tostring(v) end

-- fn "cross_end"(host, spec) -> interface name | nil, message: this
-- machine's end of a link to a host on another machine.
function FNS.cross_end(h, spec) return require("netlab.lab_cross").make_end(h, spec) end

-- fn "tunnel_end"(host, spec) -> interface name | nil, message: this
-- machine's end of a tunnel to a host on another machine.
function FNS.tunnel_end(h, spec) return require("netlab.lab_tunnel").make_end(h, spec) end

-- fn "outer_addrs"(host) -> {{family =, ip =}...}: the host's addresses a
-- tunnel may run over (not those of a tunnel's own ends).
function FNS.outer_addrs(h) return require("netlab.lab_tunnel").outer_addrs(h) end

-- fn "drop_end"(host, iface): removes an end made for a link or tunnel
-- that then failed on the other machine.
function FNS.drop_end(h, iface) require("netlab.lab").drop_end(h, iface) return true end

-- fn "carriage_end"(host, spec) -> interface name, carriage | nil,
-- message: this machine's end of a link carried over UDP (lab_carriage).
function FNS.carriage_end(h, spec) return require("netlab.lab_carriage").make_end(h, spec) end

-- fn "recarry_end"(host, spec) -> interface name, carriage | nil, message:
-- this machine's VXLAN end of a link carried over UDP from now on;
-- fn "vxlan_back"(host, iface, spec): made VXLAN again (lab_carriage).
function FNS.recarry_end(h, spec) return require("netlab.lab_carriage").recarry_end(h, spec) end
function FNS.vxlan_back(h, iface, spec) return require("netlab.lab_carriage").vxlan_back(h, iface, spec) end

-- fn "watch"(target, opts) -> watcher: netlab.watch of a socket or host
-- here, its changes kept for "watch_events"(watcher, from) -> the
-- changes after the first FROM, whether it still watches.
function FNS.watch(target, opts) return require("netlab.watch_remote").start(target, opts) end
function FNS.watch_events(w, from) return require("netlab.watch_remote").events(w, from) end

-- fn "top_read"(host) -> one netlab.top reading of a host here.
function FNS.top_read(h) return require("netlab.top").read_host(h) end

M.BATCH_PACKETS, M.BATCH_BYTES = 100000, 4 * 1024 * 1024

-- fn "capture_batch"(cap, max, bytes) -> {linktype =, list = {time,
-- bytes, time, bytes...}, drop = the kernel's drops, open =}: the next
-- packets of capture CAP here, without waiting: at most MAX of them, and
-- none more once BYTES of them are taken (a packet is at most its
-- snaplen). The web view's stream of a remote host asks once a tick.
function FNS.capture_batch(cap, max, bytes)
  if selfcheck.typename(cap) ~= "netlab.capture" then
    error("capture_batch: a capture of this machine expected, got " .. selfcheck.typename(cap), 0)
  end
  for _, v in ipairs{{"max", max, M.BATCH_PACKETS}, {"bytes", bytes, M.BATCH_BYTES}} do
    if math.type(v[2]) ~= "integer" or v[2] < 1 or v[2] > v[3] then
      error(("capture_batch: %s: an integer from 1 to %d expected, got %s"):format(v[1], v[3], tostring(v[2])), 0)
    end
  end
  local list, size, linktype = {}, 0, nil
  if not cap:isopen() then return {list = list, open = false} end
  for i = 1, max do
    local p = cap:_read()
    if not p then break end
    local b = p:bytes()
    list[2 * i - 1], list[2 * i], linktype = p.time, b, p.linktype
    size = size + #b
    if size >= bytes then break end
  end
  local stats = cap:stats()
  return {linktype = linktype, list = list, drop = stats and stats.drop, open = cap:isopen()}
end

-- Runs request REQ and returns its answer.
local function answer(req)
  local fn
  if req.op == "call" then
    local obj, method = req.obj, req.method
    fn = function(...) return obj[method](obj, ...) end
  elseif req.op == "fn" then
    fn = FNS[req.name]
    if not fn then return {id = req.id, ok = false, err = ("no function %q on the worker"):format(tostring(req.name))} end
  else
    return {id = req.id, ok = false, err = ("unknown request %q"):format(tostring(req.op))}
  end
  local args = type(req.args) == "table" and req.args or {n = 0}
  local r = table.pack(pcall(fn, table.unpack(args, 1, math.tointeger(args.n) or #args)))
  if not r[1] then return {id = req.id, ok = false, err = tostring(r[2])} end
  return {id = req.id, ok = true, r = table.pack(table.unpack(r, 2, r.n))}
end

-- Forgets the objects of IDS (the controller dropped their proxies).
local function release(list)
  for _, id in ipairs(type(list) == "table" and list or {}) do
    local v = objects[id]
    if v ~= nil then objects[id], ids[v] = nil, nil end
  end
end

-- Answers REQ on channel CH (a task of its own).
local function serve(ch, req)
  local a = answer(req)
  a.addrs = names.report(labs) -- its hosts' addresses, when they changed
  local ok, frame = pcall(proto.frame, a, out_hooks)
  if not ok then frame = proto.frame({id = req.id, ok = false, err = frame}) end
  ch:send(frame)
end

-- Checks the controller's hello: true, or sends the refusal and false.
local function welcome(ch)
  local body, err = ch:receive(sched.now() + M.HELLO_WAIT)
  local hello = body and proto.parse(body)
  if type(hello) ~= "table" or hello.op ~= "hello" then
    io.stderr:write(("netlab --worker: no hello from the controller (%s)\n"):format(err or "bad frame"))
    return false
  end
  if hello.version ~= netlab._VERSION then
    local why = ("this worker runs %s, the controller %s"):format(netlab._VERSION, tostring(hello.version))
    ch:send(proto.frame({op = "refused", version = netlab._VERSION, why = why}))
    io.stderr:write("netlab --worker: refused: " .. why .. "\n")
    return false
  end
  local f = io.open("/proc/self/status")
  local root = f ~= nil and f:read("a"):match("\nUid:%s+(%d+)") == "0"
  if f then f:close() end
  ch:send(proto.frame({op = "welcome", version = netlab._VERSION, root = root,
                       net_admin = require("netlab.lab_carriage").net_admin()}))
  return true
end

-- Serves requests until the controller says bye or its stdin ends.
local function serve_all(ch)
  for _ = 1, math.huge do
    local body = ch:receive()
    if not body then return end
    local req, why = proto.parse(body, in_hooks)
    if type(req) ~= "table" then
      io.stderr:write("netlab --worker: " .. tostring(why or "bad request") .. "\n")
      return
    end
    if req.op == "bye" then return end
    release(req.release)
    names.take(req.names) -- the names of the lab's hosts elsewhere, before the request runs
    sched.spawn(serve, true, ch, req)
  end
end

-- M.main(): the worker's whole life; its labs are closed at the end.
function M.main()
  require("netlab.lab").in_worker = true -- its labs spread over no machines
  local input, output = require("netlab.c.fd").channel()
  if not input then error("netlab --worker: cannot take stdin and stdout: " .. tostring(output), 0) end
  local ch = proto.channel(input, output)
  if not welcome(ch) then os.exit(1) end -- nothing made yet
  serve_all(ch)
  for _, l in ipairs(labs) do l:close() end
  input:close()
  output:close()
end

return M
