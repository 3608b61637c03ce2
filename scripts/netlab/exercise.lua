-- netlab.exercise: a lesson turned into an exercise. `netlab --lab NAME
-- --exercise` builds the lesson's network with one fault in it (chosen
-- from the exercise's set by a seed, so a teacher can reproduce a
-- student's), states the task, and opens the REPL with the hosts at
-- hand; check() (and the end of the REPL) grades the lesson's claims one
-- by one. `--solve FILE` runs a student's solution script instead.
--
-- An exercise is a module (scripts/netlab/exercises/NAME.lua) returning
--   {task = "what the student must achieve",
--    build = function(net) -> env   -- the lesson's network, working:
--                                   -- env's fields become globals
--    faults = {{name, what, function(env) ... end}, ...},  -- each breaks it
--    claims = {{claim, function(env) -> ok, detail end}, ...}}
-- and a lab names it: lesson.new{..., exercise = "NAME"}.
local M = {}

-- line_server(listener, reply, wait): an exercise's server, run as a
-- daemon task until LISTENER closes: each connection's first line
-- (waited for at most WAIT seconds) gets reply(c) back, then it closes.
function M.line_server(listener, reply, wait)
  while true do
    local c = listener:accept()
    if not c then return end
    c:settimeout(wait)
    if c:receive("*l") then c:send(reply(c)) end
    c:close()
  end
end

-- The options an exercise adds to its lab's (lesson_params' format).
function M.params(ex)
  local names = {}
  for i, f in ipairs(ex.faults) do names[i] = f[1] end
  return {
    {"exercise", false, "build the network with a fault for you to find and fix; check() grades it"},
    {"solve", nil, "grade the solution script FILE (run with the hosts as globals) instead of the REPL",
      type = "string", arg = "FILE"},
    {"seed", nil, "the seed that picks the fault (the same seed, the same fault)", type = "integer",
      min = 0, max = 0x7fffffff},
    {"fault", nil, "the fault to set instead of one picked by the seed", type = "string", choices = names},
    {"limit", 60, "seconds the --solve script may run before it is stopped and graded", min = 1, max = 3600},
    {"result", nil, "also write the grade to FILE, one tab-separated line per claim (what netlab --grade reads)",
      type = "string", arg = "FILE"},
  }
end

-- Loads exercise NAME (netlab.exercises.NAME) and checks its shape.
function M.load(name)
  local ok, ex = pcall(require, "netlab.exercises." .. name)
  if not ok and tostring(ex):find("not found", 1, true) then error(("no exercise named '%s'"):format(name), 3) end
  if not ok then error(ex, 0) end
  assert(type(ex.task) == "string" and type(ex.build) == "function", "exercise " .. name .. ": task and build")
  assert(type(ex.faults) == "table" and #ex.faults > 0 and type(ex.claims) == "table", "exercise " .. name)
  return ex
end

-- The fault VALUES ask for: by name, else the seed's pick; and the seed.
local function pick(ex, values)
  local seed = values.seed or (os.time() ~ (tonumber(tostring({}):match("0x(%x+)"), 16) or 0)) % 0x7fffffff
  if values.fault then
    for _, f in ipairs(ex.faults) do
      if f[1] == values.fault then return f, seed end
    end
  end
  math.randomseed(seed)
  return ex.faults[math.random(#ex.faults)], seed
end

-- Grades ENV against the exercise's claims, printing each; returns the
-- number that held, the number of claims and each's {claim, ok, detail}.
local function grade(ex, env)
  local held, rows = 0, {}
  print("\n== Grading ==")
  for _, c in ipairs(ex.claims) do
    local ok, good, detail = pcall(c[2], env)
    if not ok then good, detail = false, "error: " .. tostring(good) end
    if good then held = held + 1 end
    rows[#rows + 1] = {c[1], good and true or false, detail ~= nil and tostring(detail) or ""}
    print(("  [%s] %s%s"):format(good and " ok " or "FAIL", c[1],
      detail ~= nil and ("  (" .. tostring(detail) .. ")") or ""))
  end
  print(("%s: %d of %d claims hold"):format(held == #ex.claims and "PASS" or "FAIL", held, #ex.claims))
  return held, #ex.claims, rows
end

-- TEXT fit for one field of a result line: no tab, newline or bare
-- backslash (\t, \n and \\ stand for them; netlab.grade undoes them).
local function field(text)
  return (tostring(text):gsub("[\\\t\n\r]", {["\\"] = "\\\\", ["\t"] = "\\t", ["\n"] = "\\n", ["\r"] = "\\r"}))
end

-- Writes the grade to FILE for netlab --grade (netlab.grade reads it):
-- "netlab-result 1", then fault/seed/stopped lines, one "claim" line per
-- claim, and "end HELD TOTAL" last, so a cut-short file is told apart.
-- Written beside FILE and renamed, so a reader never sees half of it.
local function write_result(file, r)
  local lines = {"netlab-result\t1", "fault\t" .. field(r.fault), "seed\t" .. field(r.seed or "")}
  if r.stopped then lines[#lines + 1] = "stopped\t" .. field(r.stopped) end
  for _, row in ipairs(r.rows) do
    lines[#lines + 1] = ("claim\t%s\t%s\t%s"):format(row[2] and "ok" or "fail", field(row[1]), field(row[3]))
  end
  lines[#lines + 1] = ("end\t%d\t%d"):format(r.held, r.total)
  local f = assert(io.open(file .. ".part", "w"))
  f:write(table.concat(lines, "\n"), "\n")
  f:close()
  assert(os.rename(file .. ".part", file))
end

-- Sets ENV's fields (the hosts...) as globals in name order, never
-- replacing one, then lab (NET) and check; returns the names set.
local function offer(env, net, checker)
  local keys, names = {}, {}
  for k in pairs(env) do
    if type(k) == "string" and k:match("^[%a][%w_]*$") then keys[#keys + 1] = k end
  end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if rawget(_G, k) == nil then
      rawset(_G, k, env[k])
      names[#names + 1] = k
    end
  end
  if rawget(_G, "lab") == nil then rawset(_G, "lab", net) end
  rawset(_G, "check", checker)
  return names
end

-- The traceback TB cut after FILE's main chunk: the solution's frames,
-- not the lab's and netlab's that ran it.
local function own_frames(tb, file)
  local out = {}
  for line in tb:gmatch("[^\n]+") do
    out[#out + 1] = line
    if line:find(file, 1, true) and line:find("in main chunk", 1, true) then break end
  end
  return table.concat(out, "\n")
end

-- Runs the student's solution FILE with the hosts as globals, for at
-- most LIMIT seconds: a loop that never waits is stopped by a count
-- hook, a wait past the limit by a watchdog task that calls FINISH (the
-- grade, which exits); reports an error in it or the timeout (the
-- grade follows all the same).
local function solve(file, limit, finish, stopped)
  print(("\n== Running %s =="):format(file))
  local fn, err = loadfile(file)
  if not fn then
    print("  the solution does not load: " .. err)
    stopped[1] = "the solution does not load: " .. err
    return
  end
  local deadline, late = netlab.now() + limit, ("the solution ran out of time (%g s)"):format(limit)
  local watchdog = netlab.daemon(function()
    netlab.sleep(limit)
    print("  " .. late)
    stopped[1] = late
    finish()
  end)
  debug.sethook(function()
    if netlab.now() > deadline then debug.sethook(); error(late, 2) end
  end, "", 100000)
  local ok, why = xpcall(fn, debug.traceback)
  debug.sethook()
  watchdog:cancel()
  if not ok then
    local where = own_frames(why, file)
    print("  the solution stopped: " .. where)
    stopped[1] = tostring(why):find(late, 1, true) and late or "the solution stopped: " .. where:match("[^\n]*")
  end
end

-- run(name, ex, values): the exercise, start to verdict; exits 0 when
-- every claim holds at the end, else 1. Never returns.
function M.run(name, ex, values)
  local fault, seed = pick(ex, values)
  local net = netlab.lab()
  local env = ex.build(net)
  fault[3](env)
  if values.fault then
    print(("exercise %s, the fault --fault %s set"):format(name, fault[1]))
  else
    print(("exercise %s, seed %d (netlab --lab %s --exercise --seed %d sets the same fault)"):format(name, seed, name, seed))
  end
  print("\nThe task: " .. ex.task)
  local names = offer(env, net, function()
    local held, total = grade(ex, env)
    return held == total
  end)
  print(("Globals: %s, and lab (the lab). check() grades your work."):format(table.concat(names, ", ")))
  local stopped = {}
  local function finish()
    local held, total, rows = grade(ex, env)
    print(("(the fault, for the teacher: %s: %s)"):format(fault[1], fault[2]))
    if values.result then
      write_result(values.result, {fault = fault[1], seed = not values.fault and seed or nil,
        stopped = stopped[1], rows = rows, held = held, total = total})
    end
    io.stdout:flush()
    net:close()
    os.exit(held == total and 0 or 1)
  end
  if values.solve then
    solve(values.solve, values.limit, finish, stopped)
  else
    print("(Ctrl-D ends the exercise and grades it.)")
    require("netlab.repl").run()
  end
  finish()
end

return M
