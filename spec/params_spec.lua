-- Lab parameters (netlab.lesson_params): a lab declares its knobs in a
-- small table; --help lists them with their defaults; a bad value is one
-- line and exit 2 before anything is built; the values change what the
-- lab does.
local lu = require "luaunit"
local helper = require "helper"
local params = require "netlab.lesson_params"

TestParams = {}

local DECL = {
  {"mtu", 1000, "the MTU", min = 576, max = 1499},
  {"rate", 1.5, "a rate", min = 0},
  {"svg", nil, "write SVG to FILE", type = "string", arg = "FILE"},
  {"mode", "fast", "how", choices = {"fast", "slow"}},
  {"interactive", false, "type lines yourself"},
}

function TestParams:test_defaults_when_nothing_is_given()
  lu.assertEquals(params.parse(DECL, {}), {mtu = 1000, rate = 1.5, mode = "fast", interactive = false})
  lu.assertEquals(params.parse(DECL, nil), {mtu = 1000, rate = 1.5, mode = "fast", interactive = false})
end

function TestParams:test_values_in_both_spellings()
  local v = params.parse(DECL, {"--mtu", "1280", "--rate=2.5", "--svg", "x.svg", "--mode=slow", "--interactive"})
  lu.assertEquals(v, {mtu = 1280, rate = 2.5, svg = "x.svg", mode = "slow", interactive = true})
  lu.assertEquals(math.type(v.mtu), "integer")
end

function TestParams:test_help_is_asked_for()
  lu.assertEquals(params.parse(DECL, {"--mtu", "600", "--help"}), "help")
  lu.assertEquals(params.parse(DECL, {"-h"}), "help")
end

-- Asserts that ARGS are refused with MESSAGE.
local function refused(args, message)
  local v, err = params.parse(DECL, args)
  lu.assertNil(v, message)
  lu.assertEquals(err, message)
end

function TestParams:test_bad_values_are_refused_with_one_message()
  refused({"--mtu", "abc"}, "--mtu: an integer expected, got 'abc'")
  refused({"--mtu", "1000.5"}, "--mtu: an integer expected, got '1000.5'")
  refused({"--mtu", "100"}, "--mtu: 100 is out of range (576 to 1499)")
  refused({"--mtu=1500"}, "--mtu: 1500 is out of range (576 to 1499)")
  refused({"--rate", "-1"}, "--rate: -1 is out of range (at least 0)")
  refused({"--rate", "nan"}, "--rate: a number expected, got 'nan'")
  refused({"--rate", "inf"}, "--rate: a number expected, got 'inf'")
  refused({"--mode", "medium"}, "--mode: one of fast, slow expected, got 'medium'")
  refused({"--mtu"}, "--mtu needs a value (N)")
  refused({"--interactive=yes"}, "--interactive takes no value")
  refused({"--mtu", "600", "--mtu", "700"}, "--mtu is given twice")
  refused({"--loss", "10"}, "unknown option '--loss'")
  refused({"--"}, "unknown option '--'")
  refused({"-x"}, "unexpected argument '-x'")
  refused({"extra"}, "unexpected argument 'extra'")
end

function TestParams:test_bad_declarations_raise()
  local function bad(msg, list)
    helper.raises(msg, params.parse, list, {})
  end
  bad("params: table expected, got string", "mtu")
  bad("params: item 1: table expected, got string", {"mtu"})
  bad("params: item 1: a lower-case option name other than help expected, got Mtu", {{"Mtu", 1, "x"}})
  bad("params: item 1: a lower-case option name other than help expected, got help", {{"help", false, "x"}})
  bad("params: item 1: mtu: a help text expected", {{"mtu", 1}})
  bad("params: item 1: mtu: type integer, number, string or flag expected", {{"mtu", nil, "x"}})
  bad("params: item 1: mtu: default x is not of type integer", {{"mtu", "x", "x", type = "integer"}})
  bad("params: item 1: svg: min and max are for numbers", {{"svg", "a", "x", min = 1}})
  bad("params: item 1: mtu: choices are for strings", {{"mtu", 1, "x", choices = {"1"}}})
  bad("params: item 2: mtu is declared twice", {{"mtu", 1, "x"}, {"mtu", 2, "y"}})
end

function TestParams:test_help_lists_options_ranges_and_defaults()
  lu.assertEquals(params.help("demo", DECL), table.concat({
    "usage: netlab --lab demo [options]   (or netlab labs/demo.lua [options])",
    "options:",
    "  --mtu N            the MTU (576 to 1499; default 1000)",
    "  --rate X           a rate (at least 0; default 1.5)",
    "  --svg FILE         write SVG to FILE",
    "  --mode TEXT        how (fast, slow; default fast)",
    "  --interactive      type lines yourself",
    "  --help             show this help and exit",
  }, "\n") .. "\n")
end

-- The labs as a student runs them ---------------------------------------

-- Runs netlab ARGS; returns stdout, stderr, code and the processes left.
local function launch(args)
  local mark = helper.new_mark()
  local out, err, code = helper.run(("env NETLAB_SPEC_MARK=%s %s %s"):format(mark, helper.bin, args), 60)
  return out or "", err or "", code, helper.marked(mark)
end

function TestParams:test_lab_help_by_name_and_by_file()
  local out, err, code = launch("--lab mss --help")
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "mss: the SYN announces an MSS of MTU - 40")
  lu.assertStrContains(out, "  --mtu N            part 2's MTU on both ends (ip link set eth0 mtu N): below Ethernet's 1500 (576 to 1499; default 1000)\n")
  lu.assertStrContains(out, "  --size N           bytes the client sends on each connection (4000 to 200000; default 20000)\n")
  lu.assertNotStrContains(out, "$ ") -- no step ran
  local by_file = launch("labs/mss.lua --help")
  lu.assertEquals(by_file, out)
end

function TestParams:test_a_bad_value_stops_the_lab_before_it_builds_anything()
  local out, err, code, left = launch("--lab mss --mtu 100")
  lu.assertEquals(code, 2)
  lu.assertEquals(err, "mss: --mtu: 100 is out of range (576 to 1499) (netlab --lab mss --help lists the options)\n")
  lu.assertEquals(out, "")
  lu.assertEquals(left, {})
  out, err, code = launch("labs/ping.lua --count three")
  lu.assertEquals({out, err, code}, {"", "ping: --count: an integer expected, got 'three' (netlab --lab ping --help lists the options)\n", 2})
  out, err, code = launch("--lab routes --loss 10")
  lu.assertEquals({out, err, code}, {"", "routes: unknown option '--loss' (netlab --lab routes --help lists the options)\n", 2})
end

-- The labs that declare their knobs (params = in lesson.new).
local function declaring_labs()
  local names = {}
  local ls = assert(io.popen("grep -l 'params = ' labs/*.lua"))
  for path in ls:lines() do names[#names + 1] = path:match("labs/(.-)%.lua$") end
  ls:close()
  return names
end

function TestParams:test_every_declaring_lab_answers_help_and_refuses_junk()
  local names = declaring_labs()
  lu.assertTrue(#names >= 17, table.concat(names, " "))
  for _, name in ipairs(names) do
    local out, err, code = launch("--lab " .. name .. " --help")
    lu.assertEquals(code, 0, name .. ": " .. err)
    lu.assertStrContains(out, "usage: netlab --lab " .. name .. " [options]", false, name)
    out, err, code = launch("--lab " .. name .. " --no-such-knob")
    lu.assertEquals({out, code}, {"", 2}, name)
    lu.assertStrContains(err, name .. ": unknown option '--no-such-knob'")
  end
end

-- Runs lab NAME with ARGS; asserts it passed; returns its stdout.
local function passes(name, args)
  local out, err, code, left = launch(("labs/%s.lua %s"):format(name, args))
  lu.assertEquals(code, 0, out .. "\n--- stderr\n" .. err)
  lu.assertStrContains(out, "\nPASS: all ")
  lu.assertEquals(left, {})
  return out
end

function TestParams:test_mss_mtu_changes_the_mss_announced()
  local out = passes("mss", "--mtu 1280 --size 9000")
  lu.assertStrContains(out, "$ ip link set eth0 mtu 1280  # in client and in server")
  lu.assertStrContains(out, "[ ok ] the client's SYN announces mss 1240: its MTU 1280 less 40")
  lu.assertStrContains(out, "[ ok ] the server read all 9000 bytes")
  lu.assertNotStrContains(out, "mss 960")
end

function TestParams:test_ping_count_sends_that_many_echoes()
  local out = passes("ping", "--count 5")
  local _, n = out:gsub("5 packets transmitted, 5 received, 0%% packet loss", "")
  lu.assertEquals(n, 2, out)
  lu.assertStrContains(out, "replies carry our identifier and sequence numbers 1, 2, 3, 4, 5")
end

function TestParams:test_synflood_count_sends_that_many_syns()
  local out = passes("synflood", "--count 7")
  lu.assertStrContains(out, "hping3 -S -p 80 -a 10.0.0.99 -c 7 10.0.0.2")
  lu.assertStrContains(out, "after  7 SYNs:")
  lu.assertStrContains(out, "[ ok ] all 7 crafted SYNs reached the server's cable")
end

function TestParams:test_tcp_login_clients_and_queued()
  local out = passes("tcp_login", "--clients 6 --queued 2")
  lu.assertStrContains(out, "the server counted 6 clients")
  lu.assertStrContains(out, "[ ok ] all 6 clients were served")
  lu.assertStrContains(out, "== Part 2: 2 clients at once")
end
