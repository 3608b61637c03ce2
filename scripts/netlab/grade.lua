-- netlab.grade: `netlab --grade DIR` grades a class. DIR holds one
-- folder per student, each with that student's solutions named after
-- their exercises: DIR/STUDENT/EXERCISE.lua (DIR/alice/mss.lua is alice's
-- solution to `netlab --lab mss --exercise`). Each solution runs in its
-- own netlab (its own process and lab: `netlab --lab EXERCISE --solve
-- FILE --result R`), at most as many at once as the machine has cores,
-- each stopped at its time limit; the grade of each claim is read from R
-- (the child's machine-readable result, never its printed text). The
-- class summary goes to stdout as a table, and to a CSV and a JUnit XML
-- file (netlab.grade_report). Every student gets the fault --seed picks,
-- else a seed derived from their name, so `netlab --lab EXERCISE
-- --exercise --seed N` shows a teacher the very network a student had.
local M = {}

local lp = require "netlab.lesson_params"
local report = require "netlab.grade_report"

-- --grade's options (lesson_params' format).
local PARAMS = {
  {"seed", nil, "the seed every student's fault is picked by (else each student's is derived from their name)",
    type = "integer", min = 0, max = 0x7fffffff},
  {"limit", 60, "seconds each solution may run before it is stopped and graded failed", min = 1, max = 3600},
  {"jobs", 0, "solutions graded at once (0: the machine's cores; never more than those)", min = 0, max = 1024},
  {"csv", nil, "write the CSV summary to FILE (default DIR/grades.csv)", type = "string", arg = "FILE"},
  {"junit", nil, "write the JUnit XML summary to FILE (default DIR/grades.xml)", type = "string", arg = "FILE"},
}

-- Seconds past the limit a child may take to build its lab, grade and
-- close it before it is killed.
local GRACE = 15

-- Quotes S for /bin/sh.
local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- Prints "netlab: --grade: MSG" on stderr and exits 2 (bad input).
local function refuse(msg)
  io.stderr:write(("netlab: --grade: %s (netlab --grade DIR --help lists the options)\n"):format(msg))
  io.stderr:flush()
  os.exit(2)
end

-- The seed of student NAME: FNV-1a of the name, in --seed's range, so
-- the same name always gets the same fault.
function M.seed_of(name)
  local h = 2166136261
  for i = 1, #name do h = ((h ~ name:byte(i)) * 16777619) & 0xffffffff end
  return h & 0x7fffffff
end

-- The solutions in DIR: {student =, exercise =, file =}, sorted; refuses
-- a missing or empty DIR. Files not ending .lua, and files at DIR's top
-- (the summaries), are not solutions.
local function solutions(dir)
  local out, _, code = netlab.sh(("test -d %s && find %s -mindepth 2 -maxdepth 2 -type f -name '*.lua' -printf '%%P\\n'")
    :format(q(dir), q(dir)), {timeout = 30})
  if code ~= 0 then refuse(("no directory '%s'"):format(dir)) end
  local list = {}
  for line in out:gmatch("[^\n]+") do
    local student, exercise = line:match("^([^/]+)/(.+)%.lua$")
    if student then list[#list + 1] = {student = student, exercise = exercise, file = dir .. "/" .. line} end
  end
  if #list == 0 then refuse(("no solutions in '%s' (DIR/STUDENT/EXERCISE.lua expected)"):format(dir)) end
  table.sort(list, function(a, b)
    if a.student ~= b.student then return a.student < b.student end
    return a.exercise < b.exercise
  end)
  return list
end

-- Why EXERCISE cannot be graded (not an exercise netlab has), or nil.
local function unknown(exercise)
  if not exercise:match("^[%w_]+$") then return ("no exercise named '%s'"):format(exercise) end
  local ok, err = pcall(require("netlab.exercise").load, exercise)
  if not ok then return tostring(err):gsub("^.-: ", "", 1):match("no exercise named '.-'") or tostring(err) end
end

-- The jobs JOBS asks for (0: all), within the machine's cores.
local function jobs_for(jobs)
  local out = netlab.sh("nproc", {timeout = 10})
  local cores = math.max(1, tonumber(out and out:match("%d+")) or 1)
  return (jobs == 0 or jobs > cores) and cores or jobs
end

-- The netlab binary, as the user started it (arg's lowest index).
local function self_bin(args)
  local i = 0
  while args[i - 1] ~= nil do i = i - 1 end
  return args[i]
end

-- Undoes exercise.lua's field escapes (\t, \n, \r, \\).
local function unfield(s)
  return (s:gsub("\\(.)", {t = "\t", n = "\n", r = "\r", ["\\"] = "\\"}))
end

-- Reads the result file PATH (exercise.lua's write_result) strictly:
-- {fault =, seed =, stopped =, claims = {{claim, ok, detail}}, held =,
-- total =}, or nil and why it cannot be read.
function M.read_result(path)
  local f = io.open(path)
  if not f then return nil, "no result" end
  local text = f:read("a")
  f:close()
  local r, first = {claims = {}}, true
  for line in text:gmatch("([^\n]*)\n") do
    local t = {}
    for part in (line .. "\t"):gmatch("([^\t]*)\t") do t[#t + 1] = part end
    if first then
      if line ~= "netlab-result\t1" then return nil, "not a netlab result" end
      first = false
    elseif t[1] == "fault" or t[1] == "seed" or t[1] == "stopped" then
      r[t[1]] = unfield(t[2] or "")
    elseif t[1] == "claim" and #t == 4 and (t[2] == "ok" or t[2] == "fail") then
      r.claims[#r.claims + 1] = {unfield(t[3]), t[2] == "ok", unfield(t[4])}
    elseif t[1] == "end" and #t == 3 then
      r.held, r.total = tonumber(t[2]), tonumber(t[3])
    else
      return nil, "bad result line: " .. line
    end
  end
  if not r.held or r.total ~= #r.claims then return nil, "result cut short" end
  return r
end

-- The last non-empty line of TEXT, for a crash's reason.
local function last_line(text)
  local last
  for line in (text or ""):gmatch("[^\n]+") do last = line end
  return last
end

-- Grades solution S (in a task): fills S.seed, S.fault, S.claims,
-- S.passed, S.reason and S.seconds.
local function grade_one(s, opts)
  s.claims = {}
  s.reason = unknown(s.exercise)
  if s.reason then s.passed = false return end
  s.seed = opts.seed or M.seed_of(s.student)
  local result = os.tmpname()
  os.remove(result)
  local hard = opts.limit + GRACE
  local cmd = ("timeout -s KILL %d %s --lab %s --solve %s --seed %d --limit %d --result %s"):format(
    hard, q(opts.bin), q(s.exercise), q(s.file), s.seed, opts.limit, q(result))
  local t0 = netlab.now()
  local _, err, code = netlab.sh(cmd, {timeout = hard + 5})
  s.seconds = netlab.now() - t0
  local r, why = M.read_result(result)
  os.remove(result)
  os.remove(result .. ".part")
  if not r then
    s.passed = false
    if code == 137 or code == nil then
      s.reason = ("killed after %d s (the limit, %d s, and %d s to build and grade the lab)"):format(hard, opts.limit, GRACE)
    else
      s.reason = ("netlab crashed before grading (exit code %s, %s)%s"):format(tostring(code), why,
        last_line(err) and (": " .. last_line(err)) or "")
    end
    return
  end
  s.fault, s.claims, s.reason = r.fault, r.claims, r.stopped
  s.passed = code == 0 and r.held == r.total and r.total > 0
  if not s.passed and not s.reason and code ~= 0 and code ~= 1 then s.reason = "exit code " .. tostring(code) end
end

-- Grades every solution of LIST with at most JOBS at a time: JOBS tasks
-- take the next one until none is left.
local function grade_all(list, opts)
  local next_one = 0
  local workers = {}
  for w = 1, math.min(opts.jobs, #list) do
    workers[w] = netlab.spawn(function()
      while next_one < #list do
        next_one = next_one + 1
        grade_one(list[next_one], opts)
      end
    end)
  end
  for _, w in ipairs(workers) do w:join() end
end

-- main(arg): the whole of --grade; exits 0 when every solution passed,
-- 1 when one did not, 2 on bad input.
function M.main(args)
  local dir = args[0]
  if dir == "--help" or dir == "-h" then
    io.stdout:write(M.help())
    os.exit(0)
  end
  local values, err = lp.parse(PARAMS, args)
  if values == "help" then
    io.stdout:write(M.help())
    os.exit(0)
  end
  if not values then refuse(err) end
  local list = solutions(dir)
  local opts = {seed = values.seed, limit = values.limit, jobs = jobs_for(values.jobs), bin = self_bin(args)}
  grade_all(list, opts)
  local csv, junit = values.csv or (dir .. "/grades.csv"), values.junit or (dir .. "/grades.xml")
  io.stdout:write(report.table(list, dir, math.min(opts.jobs, #list)))
  report.write(csv, report.csv(list))
  report.write(junit, report.junit(list))
  print(("CSV: %s\nJUnit XML: %s"):format(csv, junit))
  io.stdout:flush()
  for _, s in ipairs(list) do
    if not s.passed then os.exit(1) end
  end
  os.exit(0)
end

-- What `netlab --grade DIR --help` prints.
function M.help()
  local text = lp.help("grade", PARAMS)
  return (text:gsub("usage: [^\n]*", "usage: netlab --grade DIR [options]   (DIR/STUDENT/EXERCISE.lua: one solution)"))
end

return M
