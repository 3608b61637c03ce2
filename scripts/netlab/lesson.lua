-- netlab.lesson: what every lab in labs/ shares. A lab prints the command
-- (or Java line) each step stands for, checks the claims of its lesson,
-- never hangs, and ends with a verdict and an exit status:
--   local lesson = require "netlab.lesson"
--   local lab = lesson.new{name = "http_fd8", limit = 20}
--   lab:step("ls -l /proc/self/fd", "every open fd of this process")
--   lab:check(row ~= nil, "fd 8 is listed", detail)
--   lab:run(main)   -- "PASS: all N claims held", exit 0; else exit 1
local netlab = require "netlab"
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"

local M = {}

local Lesson = {}
Lesson.__index = Lesson
Lesson.__name = "netlab.lesson"
M.Lesson = Lesson -- the metatable, so help(lab) finds the lesson docs

-- Raises unless V, argument N of FNAME, is text (a string or a number,
-- as Lua's own functions take) or, if OPTIONAL, nil.
local function check_text(v, n, fname, optional)
  if type(v) == "string" or type(v) == "number" or (optional and v == nil) then return end
  blame.argerror(n, fname, "string expected, got " .. selfcheck.typename(v))
end

-- Raises unless V, argument N of FNAME, is a lab (netlab.lab()).
local function check_lab(v, n, fname)
  local t = selfcheck.typename(v)
  if t ~= "netlab.lab" then blame.argerror(n, fname, "lab expected, got " .. t) end
end

-- Raises unless NAME, argument N of FNAME, can name a host.
local function check_host_name(name, n, fname)
  if type(name) ~= "string" then blame.argerror(n, fname, "string expected, got " .. selfcheck.typename(name)) end
  local ok, err = pcall(require("netlab.lab").check_name, name, fname)
  if not ok then blame.argerror(n, fname, err:match("%((.*)%)$") or err) end
end

-- Raises "bad argument" for option KEY of lesson.new unless it is a WANT.
local function check_opt(opts, key, want, optional)
  local v = opts[key]
  if (v == nil and optional) or type(v) == want then return v end
  blame.argerror(1, "new", ("%s: %s expected, got %s"):format(key, want, type(v)))
end

-- Stops the lab before its first step if a program of PROGRAMS (the
-- names it runs through host:sh or netlab.sh) is not installed: one line
-- says which and the Debian package to install, then exit 1.
local function need(name, programs)
  local missing = require("netlab.programs").missing(programs)
  if not missing then return end
  print(("FAIL: %s: %s"):format(name, missing))
  os.exit(1)
end

-- PARAMS (a lab's, or nil) followed by its exercise EX's options.
local function with_exercise(params, ex)
  local all = table.move(params or {}, 1, #(params or {}), 1, {})
  for _, p in ipairs(require("netlab.exercise").params(ex)) do all[#all + 1] = p end
  return all
end

-- Under --exercise or --solve runs the lab's exercise (which exits);
-- refuses --seed and --fault without them (exit 2, as a bad option).
local function exercise_mode(name, exname, ex, values)
  if values.exercise or values.solve then require("netlab.exercise").run(exname, ex, values) end
  if values.seed or values.fault then
    io.stderr:write(("%s: --seed and --fault go with --exercise or --solve (netlab --lab %s --help lists the options)\n")
      :format(name, name))
    os.exit(2)
  end
end

-- The knobs PARAMS read from the command line; a bad declaration blames
-- WHO, the public call ("new" or "options").
local function read_options(name, params, who)
  local lp = require("netlab.lesson_params")
  lp.declare_all(params, who)
  return lp.read(name, params)
end

-- lesson.exercise(name) -> exercise: the exercise module NAME
-- (scripts/netlab/exercises/NAME.lua), its shape checked: what a lab's
-- exercise = NAME runs, for a teacher checking one being written.
function M.exercise(name)
  if type(name) ~= "string" then blame.argerror(1, "exercise", "string expected, got " .. selfcheck.typename(name)) end
  if not name:match("^[%w_]+$") then blame.argerror(1, "exercise", ("exercise name expected, got %q"):format(name)) end
  return require("netlab.exercise").load(name)
end

-- lesson.options(name, params) -> values: the lab's knobs read from its
-- command line (netlab.lesson_params: --help prints them and exits 0, a
-- bad one exits 2 with one line), for a lab that needs them before new.
function M.options(name, params)
  if type(name) ~= "string" then blame.argerror(1, "options", "string expected, got " .. selfcheck.typename(name)) end
  return read_options(name, params, "options")
end

-- lesson.new{name =, limit =, side_width =, on_timeout =, programs =,
-- params =} -> a lab with no claims yet. Past LIMIT seconds (nil: never)
-- its watchdog fails it, after calling on_timeout(); side_width is
-- lab:java's side column (8); programs lists what it runs besides netlab
-- (need); params declares its knobs, whose values are lab.params (a lab
-- that declares none takes no options either); exercise names its
-- exercise (netlab.exercise), which --exercise and --solve FILE run.
function M.new(opts)
  if type(opts) ~= "table" then
    blame.argerror(1, "new", ("table expected, got %s"):format(type(opts)))
  end
  local limit = check_opt(opts, "limit", "number", true)
  if limit and not (limit > 0) then
    blame.argerror(1, "new", "limit: positive number expected")
  end
  local name = check_opt(opts, "name", "string")
  local programs = check_opt(opts, "programs", "table", true) or {}
  for i, p in ipairs(programs) do
    if type(p) ~= "string" then blame.argerror(1, "new", ("programs: item %d: string expected, got %s"):format(i, type(p))) end
  end
  local params = check_opt(opts, "params", "table", true)
  local exname = check_opt(opts, "exercise", "string", true)
  local ex = exname and require("netlab.exercise").load(exname)
  if ex then params = with_exercise(params, ex) end
  local values = params and read_options(name, params, "new") or {}
  need(name, programs)
  if ex then exercise_mode(name, exname, ex, values) end
  return setmetatable({
    name = name,
    params = values,
    limit = limit,
    side_width = check_opt(opts, "side_width", "number", true) or 8,
    on_timeout = check_opt(opts, "on_timeout", "function", true),
    passed = 0,
    failed = 0,
  }, Lesson)
end

-- Prints a shell command the next lines stand for, with a remark.
function Lesson:step(cmd, remark)
  selfcheck.check(self, Lesson, "step")
  check_text(cmd, 1, "step")
  check_text(remark, 2, "step", true)
  print()
  print("$ " .. cmd)
  if remark then print("  # " .. remark) end
end

-- Prints the Java line of the notes that the next lines stand for.
function Lesson:java(side, code, remark)
  selfcheck.check(self, Lesson, "java")
  check_text(side, 1, "java")
  check_text(code, 2, "java")
  check_text(remark, 3, "java", true)
  local column = "  %-" .. self.side_width .. "s"
  print((column .. "%s"):format(side .. ">", code))
  if remark then print((column .. "  -- %s"):format("", remark)) end
end

-- Records and prints whether a claim of the lesson held; returns COND.
function Lesson:check(cond, claim, detail)
  selfcheck.check(self, Lesson, "check")
  check_text(claim, 2, "check")
  if cond then self.passed = self.passed + 1 else self.failed = self.failed + 1 end
  print(("  [%s] %s%s"):format(cond and " ok " or "FAIL", claim,
    detail and ("  (" .. tostring(detail) .. ")") or ""))
  return cond
end

-- Prints TEXT indented, one line at a time (without HTTP's \r).
function Lesson:show(text, prefix)
  selfcheck.check(self, Lesson, "show")
  check_text(text, 1, "show")
  check_text(prefix, 2, "show", true)
  prefix = prefix or "  | "
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    print(prefix .. line)
  end
end

-- Prints a packet's tcpdump line (P: a packet or the line) after PREFIX
-- ("    " by default), folded between words to the terminal's width
-- (netlab.fold: NETLAB_WIDTH=N, or stdout's columns on a terminal). A
-- tunnel's packet has a line for each packet inside: each gets PREFIX.
function Lesson:packet(p, prefix)
  selfcheck.check(self, Lesson, "packet")
  check_text(prefix, 2, "packet", true)
  local fold = require "netlab.fold"
  for line in (type(p) == "string" and p or tostring(p)):gmatch("[^\n]+") do
    print(fold.fold(line, fold.width(), prefix or "    "))
  end
end

-- Runs CMD in HOST and shows what it prints (stdout, then stderr), as
-- the student would see it at a shell there; returns stdout, stderr and
-- the exit code. The step that names CMD comes first (lab:step).
function Lesson:output(host, cmd)
  selfcheck.check(self, Lesson, "output")
  local t = selfcheck.typename(host)
  if t ~= "netlab.host" and t ~= "netlab.here" then blame.argerror(1, "output", "host expected, got " .. t) end
  if type(cmd) ~= "string" then blame.argerror(2, "output", "command string expected, got " .. selfcheck.typename(cmd)) end
  local out, err, code = host:sh(cmd, {timeout = 5})
  if not out then error(("%s in %s: %s"):format(cmd, host:name(), err), 2) end
  local text = (out .. err):gsub("\n$", "")
  if text ~= "" then self:show(text) end
  return out, err, code
end

-- The watchdog's task: past the limit, reports, cleans up and fails.
local function watch(lab)
  netlab.sleep(lab.limit)
  print(("\nFAIL: the lab did not finish within %g seconds"):format(lab.limit))
  if lab.on_timeout then lab.on_timeout() end
  os.exit(1)
end

-- Runs FN(...) with the watchdog started; an error is a failed claim.
-- What try's message handler makes of a Ctrl-C, wherever it landed.
local INTERRUPTED = {}

-- try's message handler: a traceback (the lab's frames, netlab's hidden),
-- or INTERRUPTED for a Ctrl-C.
local function traceback(err)
  if type(err) == "string" and err:find("interrupted!$") then return INTERRUPTED end
  return require("netlab.traceback").filter(debug.traceback(err, 2))
end

-- Returns whether FN ran to its end; a Ctrl-C ends the lab with one line
-- (exit 130), not a failed claim and a traceback.
function Lesson:try(fn, ...)
  selfcheck.check(self, Lesson, "try")
  if type(fn) ~= "function" then blame.argerror(1, "try", "function expected, got " .. selfcheck.typename(fn)) end
  if self.limit and not self.watchdog then
    self.watchdog = netlab.daemon(watch, self)
  end
  if M.interactive() then require("netlab.lab").hold() end
  local ok, err = xpcall(fn, traceback, ...)
  if ok then return true end
  if err == INTERRUPTED then
    print("\ninterrupted (Ctrl-C): the lab stopped before its end")
    os.exit(130) -- as a shell reports a command SIGINT ended
  end
  self:check(false, "the lab ran to its end", err)
  return false
end

-- lesson.interactive() -> true when netlab runs with -i: the lesson's
-- labs then stay up for the REPL, which closes them when it ends.
function M.interactive()
  return require("netlab.c.lab").interactive()
end

-- Sets global NAME to V unless a global of that name exists; returns
-- whether it did.
local function offer(name, v)
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") or rawget(_G, name) ~= nil then return false end
  rawset(_G, name, v)
  return true
end

-- Under -i: hands the lesson's labs to the REPL as globals (lab, its
-- hosts by name, lesson) and closes them when the REPL ends, exiting
-- with the verdict's status then.
local function hand_over(self)
  local labmod = require "netlab.lab"
  if self.watchdog then self.watchdog:cancel(); self.watchdog = nil end
  local labs, names = {}, {}
  for _, l in ipairs(labmod.held()) do
    if not l._closed then labs[#labs + 1] = l end
  end
  offer("lesson", self)
  if #labs > 1 then offer("labs", labs) end
  if labs[1] and offer("lab", labs[1]) then names[#names + 1] = "lab" end
  for _, l in ipairs(labs) do
    for _, h in ipairs(l:hosts()) do
      if offer(h:name(), h) then names[#names + 1] = h:name() end
    end
  end
  print(("\n-i: the lab stays up until the REPL ends (Ctrl-D); globals: %s")
    :format(#names > 0 and table.concat(names, ", ") or "none (the lesson left no lab up)"))
  local status = self.failed == 0 and 0 or 1
  require("netlab.repl").at_end(function()
    for _, l in ipairs(labs) do
      if not l._closed then print(("closing %s"):format(tostring(l))) end
    end -- the REPL may have closed one
    labmod.release()
    io.stdout:flush()
    os.exit(status)
  end)
end

-- Prints the verdict on all claims and exits: 0 if every one held, else
-- 1. Under -i it hands the lab to the REPL instead (hand_over), which
-- exits with that status when it ends.
function Lesson:finish()
  selfcheck.check(self, Lesson, "finish")
  print()
  if self.failed == 0 then
    print(("PASS: all %d claims held"):format(self.passed))
  else
    print(("FAIL: %d of %d claims did not hold"):format(self.failed, self.passed + self.failed))
  end
  if M.interactive() then return hand_over(self) end
  os.exit(self.failed == 0 and 0 or 1)
end

-- Runs MAIN(...) under the watchdog, then gives the verdict and exits.
function Lesson:run(main, ...)
  selfcheck.check(self, Lesson, "run")
  self:try(main, ...)
  self:finish()
end

-- "lesson NAME (P passed, F failed)".
function Lesson:__tostring()
  selfcheck.check(self, Lesson, "__tostring")
  return ("lesson %s (%d passed, %d failed)"):format(self.name, self.passed, self.failed)
end

-- The addresses of one_cable's client and server hosts.
M.CABLE_CLIENT_IP, M.CABLE_SERVER_IP = "10.0.0.1", "10.0.0.2"

-- lab:one_cable(net[, server_name]) -> client, server: the topology
-- several labs share, two hosts "client" and SERVER_NAME ("server" by
-- default) on one cable in lab NET; prints the step it stands for.
function Lesson:one_cable(net, server_name)
  selfcheck.check(self, Lesson, "one_cable")
  check_lab(net, 1, "one_cable")
  if server_name ~= nil then check_host_name(server_name, 2, "one_cable") end
  server_name = server_name or "server"
  self:step(("ip netns add client; ip netns add %s; ip link add eth0 type veth peer eth0 ..."):format(server_name),
    ("client %s and %s %s on one cable"):format(M.CABLE_CLIENT_IP, server_name, M.CABLE_SERVER_IP))
  local client, server = assert(net:host "client"), assert(net:host(server_name))
  assert(net:link(client, server, M.CABLE_CLIENT_IP .. "/24", M.CABLE_SERVER_IP .. "/24"))
  return client, server
end

-- The addresses of across_router's client and server hosts.
M.CLIENT_IP, M.SERVER_IP = "10.0.1.2", "10.0.2.2"

-- lesson.across_router(net, client_name, server_name) -> client, server:
-- the topology several labs share, CLIENT --- r --- SERVER in lab NET,
-- each end with a default route through router r; prints it.
function M.across_router(net, client_name, server_name)
  check_lab(net, 1, "across_router")
  check_host_name(client_name, 2, "across_router")
  check_host_name(server_name, 3, "across_router")
  local c, r = assert(net:host(client_name)), assert(net:router "r")
  local s = assert(net:host(server_name))
  assert(net:link(c, r, M.CLIENT_IP .. "/24", "10.0.1.1/24"))
  assert(net:link(r, s, "10.0.2.1/24", M.SERVER_IP .. "/24"))
  assert(c:route_add("default", {via = "10.0.1.1"}))
  assert(s:route_add("default", {via = "10.0.2.1"}))
  print(("%s %s --- r 10.0.1.1 | 10.0.2.1 --- %s %s   (sandbox hosts; default routes via r)")
    :format(client_name, M.CLIENT_IP, server_name, M.SERVER_IP))
  return c, s
end

return M
