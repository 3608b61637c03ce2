-- netlab.grade_report: a graded class (netlab.grade's list of
-- solutions: {student, exercise, seed, fault, claims = {{claim, ok,
-- detail}}, passed, reason, seconds}) as a text table, as CSV (RFC 4180,
-- one row per student and claim) and as JUnit XML (one testsuite per
-- solution, one testcase per claim: what CI systems and LMS plug-ins read).
local M = {}

-- "PASS 3/3" or "FAIL 1/3" for solution S.
local function verdict(s)
  local held = 0
  for _, c in ipairs(s.claims) do if c[2] then held = held + 1 end end
  return ("%s %d/%d"):format(s.passed and "PASS" or "FAIL", held, #s.claims)
end

-- The table: one line per solution with each claim's ok/FAIL by number,
-- then each exercise's claims by number, under a header naming DIR.
function M.table(list, dir, jobs)
  local passed, claims_of, order = 0, {}, {}
  local w, marks_of = {7, 8, 6}, {}
  for _, s in ipairs(list) do
    if s.passed then passed = passed + 1 end
    local marks = {}
    for i, c in ipairs(s.claims) do marks[i] = ("%d:%s"):format(i, c[2] and "ok" or "FAIL") end
    marks_of[s] = table.concat(marks, " ")
    w[1], w[2], w[3] = math.max(w[1], #s.student), math.max(w[2], #s.exercise), math.max(w[3], #marks_of[s])
    if #s.claims > 0 and not claims_of[s.exercise] then
      claims_of[s.exercise] = s.claims
      order[#order + 1] = s.exercise
    end
  end
  local fmt = "%-" .. w[1] .. "s  %-" .. w[2] .. "s  %-9s %-" .. w[3] .. "s  %-10s  %s"
  local lines = {("Grades of %s: %d of %d solutions pass (%d at once)"):format(dir, passed, #list, jobs), "",
    fmt:format("student", "exercise", "result", "claims", "seed", "fault / reason")}
  for _, s in ipairs(list) do
    local why = s.fault or ""
    if s.reason then why = (why ~= "" and (why .. "; ") or "") .. s.reason end
    lines[#lines + 1] = fmt:format(s.student, s.exercise, verdict(s), marks_of[s],
      s.seed and tostring(s.seed) or "-", why):gsub("%s+$", "")
  end
  for _, ex in ipairs(order) do
    lines[#lines + 1] = ""
    lines[#lines + 1] = ex .. "'s claims:"
    for i, c in ipairs(claims_of[ex]) do lines[#lines + 1] = ("  %d. %s"):format(i, c[1]) end
  end
  return table.concat(lines, "\n") .. "\n"
end

-- V as one CSV field: quoted when it holds a comma, quote or line break.
local function cell(v)
  v = tostring(v == nil and "" or v)
  if v:find('[,"\r\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end

-- CSV: student,exercise,seed,fault,claim,result,detail,reason; a
-- solution graded without claims (unknown exercise, crash) has one row
-- with an empty claim and result "error".
function M.csv(list)
  local rows = {"student,exercise,seed,fault,claim,result,detail,reason"}
  local function row(...)
    local t = table.pack(...)
    for i = 1, t.n do t[i] = cell(t[i]) end
    rows[#rows + 1] = table.concat(t, ",", 1, t.n)
  end
  for _, s in ipairs(list) do
    if #s.claims == 0 then row(s.student, s.exercise, s.seed, s.fault, "", "error", "", s.reason) end
    for _, c in ipairs(s.claims) do
      row(s.student, s.exercise, s.seed, s.fault, c[1], c[2] and "pass" or "fail", c[3], s.reason)
    end
  end
  return table.concat(rows, "\r\n") .. "\r\n"
end

-- TEXT escaped for an XML attribute or text node (and stripped of the
-- control characters XML 1.0 forbids).
local function x(text)
  text = tostring(text == nil and "" or text):gsub("[%z\1-\8\11\12\14-\31]", "?")
  return (text:gsub("[&<>\"']", {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;"}))
end

-- One testsuite for solution S: a testcase per claim (a failure when it
-- does not hold), and a testcase "the solution runs" that errs with the
-- reason when it was stopped, crashed or has no exercise.
local function suite(s)
  local cases, failures, errors = {}, 0, 0
  local class = x(s.student .. "." .. s.exercise)
  for _, c in ipairs(s.claims) do
    if c[2] then
      cases[#cases + 1] = ('    <testcase classname="%s" name="%s"/>'):format(class, x(c[1]))
    else
      failures = failures + 1
      cases[#cases + 1] = ('    <testcase classname="%s" name="%s">\n      <failure message="%s"/>\n    </testcase>')
        :format(class, x(c[1]), x(c[3]))
    end
  end
  if s.reason then
    errors = errors + 1
    cases[#cases + 1] = ('    <testcase classname="%s" name="the solution runs">\n      <error message="%s"/>\n    </testcase>')
      :format(class, x(s.reason))
  end
  local props = {}
  for _, p in ipairs{{"seed", s.seed}, {"fault", s.fault}} do
    if p[2] then props[#props + 1] = ('      <property name="%s" value="%s"/>'):format(p[1], x(p[2])) end
  end
  local head = ('  <testsuite name="%s/%s" tests="%d" failures="%d" errors="%d" time="%.3f">')
    :format(x(s.student), x(s.exercise), #cases, failures, errors, s.seconds or 0)
  local body = #props > 0 and ("    <properties>\n" .. table.concat(props, "\n") .. "\n    </properties>\n") or ""
  return head .. "\n" .. body .. table.concat(cases, "\n") .. "\n  </testsuite>", #cases, failures, errors
end

-- JUnit XML: <testsuites> with one <testsuite> per solution.
function M.junit(list)
  local parts, tests, failures, errors = {}, 0, 0, 0
  for _, s in ipairs(list) do
    local text, t, f, e = suite(s)
    parts[#parts + 1] = text
    tests, failures, errors = tests + t, failures + f, errors + e
  end
  return ('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="netlab grade" tests="%d" failures="%d" errors="%d">\n%s\n</testsuites>\n')
    :format(tests, failures, errors, table.concat(parts, "\n"))
end

-- Writes TEXT to PATH; on failure says so on stderr and exits 2.
function M.write(path, text)
  local f, err = io.open(path, "w")
  if not f then
    io.stderr:write(("netlab: --grade: cannot write %s\n"):format(err))
    os.exit(2)
  end
  f:write(text)
  f:close()
end

return M
