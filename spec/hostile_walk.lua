-- spec/hostile_walk.lua LOG: the hostile walk spec/hostile_spec.lua runs
-- in a child netlab (inside a network namespace of its own, under a hard
-- time limit). It finds every public function and method from the live
-- tables (netlab.*, its lazy modules, the metatables of the objects a lab,
-- host, link, socket, capture, packet, pcap reader, printer, process, task
-- and watcher give; require "socket" and its objects of each class) and
-- calls each with one argument at a time replaced by
-- a hostile value: wrong types, the sample string with a NUL inside, huge,
-- negative, NaN and infinite numbers, empty and junk tables; each option
-- field the same way; the methods of closed objects too. Each call runs in
-- a task with a deadline. Every call is appended to LOG before it is made
-- (so a crash or a hang names it); each verdict that is not clean is a line
-- "FAIL <call id>: <why>"; the walk ends with "WALKED <calls> <names>".
-- It runs in a scratch directory (a hostile path such as "x" makes
-- files there), so its own files are found beside arg[0].
package.path = arg[0]:gsub("[^/]*$", "") .. "?.lua;" .. package.path
local samples = require "hostile_samples"
local doc = require "netlab.doc"

local LOG = assert(arg[1], "usage: hostile_walk.lua LOG")
arg = {[0] = arg[0]} -- a lesson the walk makes reads its knobs from here: none given
local log = assert(io.open(LOG, "w"))
log:setvbuf("no")

local DEADLINE = 3 -- seconds a call may take before it counts as a hang
local WAIT_DEADLINE = 0.05 -- for a call asked to wait long (a huge timeout)

-- The hostile values: a label (the call ids use it) and the value.
local NAN, INF = 0 / 0, math.huge
local VALUES = {
  {"nil", nil}, {"true", true}, {"false", false},
  {"-1", -1}, {"0.5", 0.5}, {"maxinteger", math.maxinteger}, {"mininteger", math.mininteger},
  {"2^53", 2 ^ 53}, {"1e308", 1e308}, {"-1e308", -1e308},
  {"nan", NAN}, {"inf", INF}, {"-inf", -INF},
  {"''", ""}, {"'x'", "x"}, {"long", ("A"):rep(70000)},
  {"{}", {}}, {"{junk}", {1, "x", {}, true}}, {"{{}}", {{}}},
  {"function", print}, {"thread", coroutine.create(print)}, {"io.stdout", io.stdout},
}
-- For a bad self: a few of them.
local SELVES = {"nil", "-1", "'x'", "{}", "io.stdout"}
-- Values that ask a wait-like argument to wait (almost) forever: huge
-- numbers, and those that mean "no limit" (nil, negative).
local LONG_WAITS = {}
for w in ("maxinteger 2^53 1e308 inf nil -1 mininteger -1e308 -inf"):gmatch("%S+") do
  LONG_WAITS[w] = true
end
-- Values that replace an options table holding a wait (its timeout gone).
local NO_OPTIONS = {["nil"] = true, ["{}"] = true, ["{junk}"] = true, ["{{}}"] = true}

local by_label = {}
for _, v in ipairs(VALUES) do by_label[v[1]] = v[2] end

local ncalls, nfail = 0, 0

-- Records a verdict that is not clean.
local function fail(id, why)
  nfail = nfail + 1
  why = tostring(why):gsub("\n", "\\n")
  if #why > 300 then why = why:sub(1, 300) .. "..." end
  log:write("FAIL ", id, ": ", why, "\n")
end

-- Closes (or stops) what a call made, so the walk does not pile up fds,
-- namespaces and processes. Fixtures are never among them.
local function dispose(v, fixtures)
  if fixtures[v] then return end
  local ty = type(v)
  if ty ~= "table" and ty ~= "userdata" then return end
  local mt = getmetatable(v)
  local name = type(mt) == "table" and rawget(mt, "__name")
  if name == "netlab.lab" or name == "netlab.socket" or name == "netlab.capture"
    or name == "netlab.pcapfile" or name == "netlab.printer" or name == "netlab.watcher" then
    pcall(v.close, v)
  elseif name == "netlab.process" then
    pcall(v.stop, v)
  elseif name == "netlab.task" then
    pcall(v.cancel, v)
  elseif ty == "table" and type(rawget(v, "class")) == "string" and type(v.close) == "function" then
    pcall(v.close, v) -- an object of require "socket"
  end
end

-- What a public name is called in errors: its last word ("bind" for
-- socket:bind, "tcp" for netlab.fd.tcp, "/" for an operator).
local OPS = {__div = "/", __concat = "..", __len = "#", __tostring = "tostring", __call = "call"}
local function short(name)
  local s = name:match("[.:]([%w_]+)$") or name
  return OPS[s] or s
end

-- What a probe of a result (probe) may be named in its errors.
local PROBES = {bytes = true, tostring = true, __tostring = true, __len = true}

-- Whether NAME is what an error of CASE may call it.
local function names_case(case, who)
  if who == short(case.name) or PROBES[who] then return true end
  for _, n in ipairs(case.names or {}) do if who == n then return true end end
  return false
end

-- Why error message MSG of a call of CASE is not a clean one, or nil.
-- CLOSED: the call was on a closed object, which may say so instead.
local function bad_error(case, msg, closed)
  if type(msg) ~= "string" then
    if case.table_errors and type(msg) == "table" then return nil end
    return "raised a " .. type(msg) .. " value"
  end
  local s = short(case.name)
  if msg:find("scripts/netlab/", 1, true) or msg:find("scripts/socket/", 1, true) then
    return "a position inside netlab: " .. msg
  end
  for _, word in ipairs({"spack", "nlab_", "l_%l+_%l+", "attempt to [^u]", "attempt to u[^s]"}) do
    if msg:find(word) then return "an internal message: " .. msg end
  end
  local who = msg:match("bad argument #%d+ to '([^']*)'") or msg:match("calling '([^']*)' on bad self")
  if who then
    if names_case(case, who:match("[%w_]+$") or who) then return nil end
    return "blames '" .. who .. "', not '" .. s .. "': " .. msg
  end
  for _, p in ipairs(case.clean or {}) do
    if msg:find(p) then return nil end
  end
  if closed and msg:find("closed") then return nil end
  if msg:find(s, 1, true) then return nil end
  return "does not name '" .. s .. "': " .. msg
end

-- Runs FN() in a task with a deadline; returns "ok", results | "raised",
-- message | "blocked".
local function bounded(fn, deadline)
  local t = netlab.spawn(function() return table.pack(pcall(fn)) end)
  local r, err = t:join(deadline)
  if r == nil and err == "timeout" then
    t:cancel()
    return "blocked"
  end
  if r[1] then return "ok", table.pack(table.unpack(r, 2, r.n)) end
  return "raised", r[2]
end

-- Uses a result as a script would (a crafted packet's bytes and line, an
-- iterator's first items): an error there must still name the function.
local function probe(case, res)
  for i = 1, res.n do
    local v = res[i]
    if netlab.packet.is_crafted(v) then
      v:bytes()
      local _ = tostring(v), #v
    end
  end
  if case.iterate and type(res[1]) == "function" then
    for _ = 1, 3 do if res[1]() == nil then break end end
  end
end

-- One call of CASE: on selfbox[1] (no SELFBOX: the sample's self), its sample arguments changed
-- by CHANGE(args) -> args, ID for the log. ctx.wrong_ok: a success is
-- fine (else it is a "wrong success"); ctx.long_wait: it may block;
-- ctx.closed: self is closed.
local function call(case, fx, selfbox, change, id, ctx)
  ncalls = ncalls + 1
  log:write("CALL ", id, "\n")
  local self
  if selfbox then self = selfbox[1] elseif case.method then self = case.self(fx) end
  local args = change(case.args(fx))
  local fn, n = selfbox and selfbox.field and case.field_call or case.fn, args.n
  local outcome, r = bounded(function()
    local res
    if case.method then
      res = table.pack(fn(self, table.unpack(args, 1, n)))
    else
      res = table.pack(fn(table.unpack(args, 1, n)))
    end
    probe(case, res)
    return res
  end, ctx.long_wait and WAIT_DEADLINE or DEADLINE)
  if outcome == "blocked" then
    if not ctx.long_wait then fail(id, "hang: still running after " .. DEADLINE .. " s") end
  elseif outcome == "raised" then
    local why = bad_error(case, r, ctx.closed)
    if why then fail(id, why) end
  else
    local res = r[1]
    if res[1] ~= nil and res[1] ~= false and not ctx.wrong_ok then
      fail(id, "wrong success: returned " .. tostring(res[1]))
    elseif res[1] == nil and res.n >= 2 and type(res[2]) ~= "string" then
      fail(id, "nil without a message: " .. tostring(res[2]))
    end
    for i = 1, res.n do dispose(res[i], fx.fixtures) end
  end
  dispose(self, fx.fixtures)
  for i = 1, n do dispose(args[i], fx.fixtures) end
end

-- A changer that puts V at argument I.
local function at(i, v)
  return function(args)
    local out = {n = math.max(args.n, i)}
    for k = 1, out.n do out[k] = args[k] end
    out[i] = v
    return out
  end
end

-- A changer that appends a NUL and junk to string argument I.
local function nul_at(i)
  return function(args) return at(i, args[i] .. "\0junk")(args) end
end

-- A changer that sets field K of table argument I to V (F: V from the
-- sample's field: a NUL appended).
local function field_at(i, k, v, f)
  return function(args)
    local out = {}
    for kk, vv in pairs(args[i]) do out[kk] = vv end
    if f then out[k] = f(out[k]) else out[k] = v end
    return at(i, out)(args)
  end
end

local function same(args) return args end

-- The option fields of a table argument: those of NAME's documented
-- signature ("h:ping(dst[, {count=, interval=}])" -> count, interval),
-- then those its sample gives.
local function option_fields(name, sample_tbl)
  local fields, seen = {}, {}
  local function add(k)
    if type(k) == "string" and not seen[k] then seen[k] = true; fields[#fields + 1] = k end
  end
  local sig = (doc[name] or ""):gsub(" %-%- .*", "")
  for body in sig:gmatch("%b{}") do
    for k in body:gmatch("([%a_][%w_]*)%s*=") do add(k) end
  end
  local keys = {}
  for k in pairs(sample_tbl) do if type(k) == "string" then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do add(k) end
  return fields
end

-- Whether the hostile value LABEL at argument I of CASE (or its field
-- FIELD) may make the call wait for good: I (or FIELD) is a wait (a
-- timeout, a count of things to wait for) and LABEL asks for no limit, or
-- I is an options table holding a wait and LABEL takes its place.
local function may_block(case, args, i, field, label)
  local w = case.waits or {}
  if field then return w[field] == true and LONG_WAITS[label] end
  if w[i] then return LONG_WAITS[label] end
  if type(args[i]) == "table" and NO_OPTIONS[label] then
    for k in pairs(args[i]) do if w[k] then return true end end
  end
  return false
end

-- Walks each hostile value through the option fields of table argument I.
local function walk_fields(case, fx, i, s)
  for _, k in ipairs(option_fields(case.name, s)) do
    for _, hv in ipairs(VALUES) do
      local label, v = hv[1], hv[2]
      call(case, fx, nil, field_at(i, k, v), ("%s #%d.%s=%s"):format(case.name, i, k, label),
        {wrong_ok = true, long_wait = may_block(case, s, i, k, label)})
    end
    if type(s[k]) == "string" and not (case.binary and case.binary[k]) then
      call(case, fx, nil, field_at(i, k, nil, function(x) return x .. "\0junk" end),
        ("%s #%d.%s=NUL"):format(case.name, i, k), {})
    end
  end
end

-- Walks one case: each argument and one past the documented ones, the
-- option fields of its table arguments, a bad self.
local function walk_case(case, fx)
  local args = case.args(fx)
  for i = 1, args.n + 1 do
    for _, hv in ipairs(VALUES) do
      local label, v = hv[1], hv[2]
      call(case, fx, nil, at(i, v), ("%s #%d=%s"):format(case.name, i, label),
        {wrong_ok = true, long_wait = may_block(case, args, i, nil, label)})
    end
    local s = args[i]
    if type(s) == "string" and not (case.binary and case.binary[i]) then
      call(case, fx, nil, nul_at(i), ("%s #%d=NUL"):format(case.name, i), {})
    end
    if type(s) == "table" and getmetatable(s) == nil then walk_fields(case, fx, i, s) end
  end
  if case.field_call then
    for _, label in ipairs(SELVES) do
      call(case, fx, {by_label[label], field = true}, same,
        ("%s self=%s"):format(case.name, label), {wrong_ok = true})
    end
  end
  for k = 1, args.n do dispose(args[k], fx.fixtures) end
end

-- Walks the methods of each closed object: a clean error or nil, msg,
-- success only where the sample says it is harmless.
local function walk_closed(case, fx)
  if not case.closed then return end
  call(case, fx, {case.closed(fx)}, same, case.name .. " closed",
    {closed = true, wrong_ok = case.closed_ok})
end

local fx = samples.fixtures()
local cases, names = samples.cases(fx)
for _, case in ipairs(cases) do
  local t0 = netlab.now()
  walk_case(case, fx)
  log:write(("TIME %s %.2f\n"):format(case.name, netlab.now() - t0))
end
for _, case in ipairs(cases) do walk_closed(case, fx) end
for _, m in ipairs(samples.missing(names)) do fail(m, "public function with no sample to walk it") end
samples.teardown(fx)
log:write(("WALKED %d calls of %d names, %d not clean\n"):format(ncalls, #cases, nfail))
log:close()
