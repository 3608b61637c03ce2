-- Grading a class (netlab.grade): `netlab --grade DIR` runs every
-- DIR/STUDENT/EXERCISE.lua in its own netlab, within the machine's cores
-- and a time limit, and writes the class summary as a table on stdout,
-- CSV and JUnit XML; bad input (no DIR, an empty one, an unknown
-- exercise, a solution that hangs or crashes) is graded or refused with
-- its reason, and nothing is left behind.
local lu = require "luaunit"
local helper = require "helper"

TestGrade = {}

local dirs = {}

function TestGrade:tearDown()
  for _, d in ipairs(dirs) do netlab.sh("rm -rf " .. helper.shquote(d), {timeout = 10}) end
  dirs = {}
  helper.cleanup()
end

-- A new class directory holding FILES ({["alice/mss.lua"] = source}).
local function class(files)
  local dir = helper.tmpname() .. ".d"
  dirs[#dirs + 1] = dir
  assert(netlab.sh("mkdir -p " .. helper.shquote(dir), {timeout = 5}))
  for path, src in pairs(files) do
    assert(netlab.sh("mkdir -p " .. helper.shquote(dir .. "/" .. (path:match("^(.*)/") or ".")), {timeout = 5}))
    local f = assert(io.open(dir .. "/" .. path, "w"))
    f:write(src)
    f:close()
  end
  return dir
end

-- Runs netlab ARGS; returns stdout, stderr, exit code, seconds taken and
-- the processes left behind.
local function launch(args)
  local mark = helper.new_mark()
  local t0 = netlab.now()
  local out, err, code = helper.run(("env NETLAB_SPEC_MARK=%s %s %s"):format(mark, helper.bin, args), 120)
  return out or "", err or "", code, netlab.now() - t0, helper.marked(mark)
end

-- The text of file PATH.
local function read(path)
  local f = assert(io.open(path))
  local text = f:read("a")
  f:close()
  return text
end

-- With --seed 7 mss sets server_mtu_576; alice fixes it, bob fixes the
-- wrong end, carol never ends.
local CLASS = {
  ["alice/mss.lua"] = 'assert(server:link_set("eth0", {mtu = 1500}))\n',
  ["bob/mss.lua"] = 'assert(client:link_set("eth0", {mtu = 1400}))\n',
  ["carol/mss.lua"] = "while true do netlab.sleep(0.1) end\n",
  ["README.txt"] = "not a solution: at DIR's top\n",
  ["carol/notes.txt"] = "not a solution: not .lua\n",
}

function TestGrade:test_a_class_of_three_as_table_csv_and_junit()
  local dir = class(CLASS)
  local csv, xml = dir .. "/out.csv", dir .. "/out.xml"
  local cores = tonumber((netlab.sh("nproc", {timeout = 5})))
  local out, err, code, took, left = launch(("--grade %s --seed 7 --limit 2 --jobs 64 --csv %s --junit %s")
    :format(dir, csv, xml))
  lu.assertEquals(code, 1, out .. err)
  lu.assertEquals(left, {}, "processes left behind")
  lu.assertTrue(took < 40, "took " .. took)
  lu.assertStrContains(out, ("Grades of %s: 1 of 3 solutions pass (%d at once)\n"):format(dir, math.min(cores, 3)))
  lu.assertStrMatches(out, ".*\nalice  +mss  +PASS 3/3  +1:ok 2:ok 3:ok  +7  +server_mtu_576\n.*")
  lu.assertStrMatches(out, ".*\nbob  +mss  +FAIL 0/3  +1:FAIL 2:FAIL 3:FAIL  +7  +server_mtu_576\n.*")
  lu.assertStrMatches(out, ".*\ncarol  +mss  +FAIL 0/3  +1:FAIL 2:FAIL 3:FAIL  +7  +server_mtu_576; "
    .. "the solution ran out of time %(2 s%)\n.*")
  lu.assertStrContains(out, "mss's claims:\n  1. a 1400-byte ping from the client is answered\n"
    .. "  2. a 1400-byte ping from the server is answered\n  3. both ends of the cable have the same MTU\n")
  lu.assertStrContains(out, ("CSV: %s\nJUnit XML: %s\n"):format(csv, xml))
  local rows = {}
  for line in read(csv):gmatch("([^\r\n]*)\r\n") do rows[#rows + 1] = line end
  lu.assertEquals(#rows, 10)
  lu.assertEquals(rows[1], "student,exercise,seed,fault,claim,result,detail,reason")
  lu.assertEquals(rows[2], "alice,mss,7,server_mtu_576,a 1400-byte ping from the client is answered,pass,1 of 1 replies,")
  lu.assertEquals(rows[7], 'bob,mss,7,server_mtu_576,both ends of the cable have the same MTU,fail,"client 1400, server 576",')
  lu.assertEquals(rows[10], 'carol,mss,7,server_mtu_576,both ends of the cable have the same MTU,fail,'
    .. '"client 1500, server 576",the solution ran out of time (2 s)')
  local _, lint, lcode = netlab.sh("xmllint --noout " .. helper.shquote(xml), {timeout = 10})
  lu.assertEquals(lcode, 0, lint)
  local junit = read(xml)
  lu.assertStrContains(junit, '<testsuites name="netlab grade" tests="10" failures="6" errors="1">')
  lu.assertStrContains(junit, '<testsuite name="alice/mss" tests="3" failures="0" errors="0"')
  lu.assertStrContains(junit, '<testcase classname="bob.mss" name="both ends of the cable have the same MTU">\n'
    .. '      <failure message="client 1400, server 576"/>')
  lu.assertStrContains(junit, '<testcase classname="carol.mss" name="the solution runs">\n'
    .. '      <error message="the solution ran out of time (2 s)"/>')
  lu.assertStrContains(junit, '<property name="fault" value="server_mtu_576"/>')
  -- the result files the children wrote are gone
  lu.assertEquals(select(3, netlab.sh("ls /tmp/lua_* 2>/dev/null | grep -c '\\.part$'", {timeout = 5})), 1)
end

-- Without --seed each student's seed comes from their name: the same
-- on every run, and the one `--lab mss --exercise --seed N` reproduces.
function TestGrade:test_each_seed_comes_from_the_name_and_reproduces()
  local dir = class{["alice/mss.lua"] = "", ["bob/mss.lua"] = ""}
  local function seeds()
    local out, err, code = launch(("--grade %s --limit 2"):format(dir))
    lu.assertEquals(code, 1, out .. err)
    local got = {}
    for _, who in ipairs{"alice", "bob"} do
      local seed, fault = out:match("\n" .. who .. " +mss +FAIL 0/3 +[^\n]- +(%d+) +([%w_]+)\n")
      lu.assertNotNil(seed, out)
      got[who] = {tonumber(seed), fault}
    end
    return got
  end
  local first = seeds()
  lu.assertEquals(seeds(), first)
  lu.assertNotEquals(first.alice[1], first.bob[1])
  local nothing = helper.tmpfile("", ".lua")
  local out = launch(("--lab mss --solve %s --seed %d"):format(nothing, first.alice[1]))
  lu.assertStrContains(out, "(the fault, for the teacher: " .. first.alice[2] .. ":")
end

function TestGrade:test_unknown_exercise_crash_and_blocked_solution_are_graded_failed()
  local dir = class{
    ["dave/mss.lua"] = 'os.execute("sleep 300")\n', -- blocks the whole netlab: killed
    ["eve/mss.lua"] = "os.exit(3)\n",
    ["frank/nope.lua"] = "\n",
  }
  local out, err, code, took, left = launch(("--grade %s --limit 1"):format(dir))
  lu.assertEquals(code, 1, out .. err)
  lu.assertEquals(left, {}, "processes left behind")
  lu.assertTrue(took < 40, "took " .. took)
  lu.assertStrMatches(out, ".*\ndave  +mss  +FAIL 0/0  +%d+  +killed after 16 s %(the limit, 1 s, and 15 s to "
    .. "build and grade the lab%)\n.*")
  lu.assertStrMatches(out, ".*\neve  +mss  +FAIL 0/0  +%d+  +netlab crashed before grading %(exit code 3, no result%)\n.*")
  lu.assertStrMatches(out, ".*\nfrank  +nope  +FAIL 0/0  +%-  +no exercise named 'nope'\n.*")
  local csv = read(dir .. "/grades.csv")
  lu.assertStrContains(csv, "\r\nfrank,nope,,,,error,,no exercise named 'nope'\r\n")
  local _, lint, lcode = netlab.sh("xmllint --noout " .. helper.shquote(dir .. "/grades.xml"), {timeout = 10})
  lu.assertEquals(lcode, 0, lint)
  lu.assertStrContains(read(dir .. "/grades.xml"), '<testsuites name="netlab grade" tests="3" failures="0" errors="3">')
end

function TestGrade:test_bad_input_is_refused_with_one_clear_line()
  local empty = class{["alice/notes.txt"] = "no solution\n"}
  local missing = helper.tmpname() .. ".none"
  for _, c in ipairs{
    {missing, ("netlab: --grade: no directory '%s' (netlab --grade DIR --help lists the options)\n"):format(missing)},
    {empty, ("netlab: --grade: no solutions in '%s' (DIR/STUDENT/EXERCISE.lua expected) "
      .. "(netlab --grade DIR --help lists the options)\n"):format(empty)},
    {empty .. " --limit 0", "netlab: --grade: --limit: 0 is out of range (1 to 3600) "
      .. "(netlab --grade DIR --help lists the options)\n"},
    {empty .. " --nope", "netlab: --grade: unknown option '--nope' (netlab --grade DIR --help lists the options)\n"},
  } do
    local out, err, code, _, left = launch("--grade " .. c[1])
    lu.assertEquals({out, err, code}, {"", c[2], 2}, c[1])
    lu.assertEquals(left, {})
  end
  local out, err, code = launch("--grade")
  lu.assertEquals(code, 1)
  lu.assertEquals(out, "")
  lu.assertStrContains(err, "'--grade' needs argument\n")
  out, err, code = launch("--grade " .. empty .. " --help")
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "usage: netlab --grade DIR [options]   (DIR/STUDENT/EXERCISE.lua: one solution)\n")
  for _, opt in ipairs{"--seed N", "--limit N", "--jobs N", "--csv FILE", "--junit FILE"} do
    lu.assertStrContains(out, "  " .. opt .. (" "):rep(19 - #opt))
  end
end
