-- spec/fold_spec.lua: netlab.fold breaks long tcpdump lines between
-- fields to a width (NETLAB_WIDTH, else stdout's columns on a terminal),
-- losing no text, and leaves short lines, pipes and files alone.
local lu = require "luaunit"
local helper = require "helper"
local fold = require "netlab.fold"

TestFold = {}

local SYN = "06:36:43.038102 IP 10.0.0.1.42070 > 10.0.0.2.5000: Flags [S], seq 3050747774, win 64240, "
  .. "options [mss 1460,sackOK,TS val 3433145516 ecr 0,nop,wscale 10], length 0"

-- The words of TEXT, whatever the line breaks and indentation.
local function words(text)
  local out = {}
  for w in text:gmatch("%S+") do out[#out + 1] = w end
  return out
end

function TestFold:test_a_long_line_breaks_between_fields_within_the_width()
  local text = fold.fold(SYN, 80, "    ")
  lu.assertEquals(text, table.concat({
    "    06:36:43.038102 IP 10.0.0.1.42070 > 10.0.0.2.5000: Flags [S],",
    "        seq 3050747774, win 64240,",
    "        options [mss 1460,sackOK,TS val 3433145516 ecr 0,nop,wscale 10],",
    "        length 0",
  }, "\n"))
  for line in text:gmatch("[^\n]+") do lu.assertTrue(#line <= 80, line) end
  lu.assertEquals(words(text), words(SYN))
end

function TestFold:test_a_field_too_long_for_a_line_breaks_between_words()
  local text = fold.fold(SYN, 40)
  for line in text:gmatch("[^\n]+") do lu.assertTrue(#line <= 40, line) end
  lu.assertEquals(words(text), words(SYN))
end

function TestFold:test_short_lines_and_no_width_are_left_alone()
  lu.assertEquals(fold.fold("IP 10.0.0.1 > 10.0.0.2: ICMP echo request", 80, "  "),
    "  IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
  lu.assertEquals(fold.fold(SYN, nil, "  "), "  " .. SYN)
  lu.assertEquals(fold.fold(SYN, 0), SYN)
end

function TestFold:test_a_word_wider_than_the_width_keeps_its_line()
  lu.assertEquals(fold.fold("aaaaaaaaaa bb", 5), "aaaaaaaaaa\n    bb")
end

-- The width: NETLAB_WIDTH when set (0: none), else a terminal's columns.
local function width_in(env)
  local out = helper.run(("env %s %s -e 'print(require(\"netlab.fold\").width())'"):format(env, helper.bin))
  return out
end

function TestFold:test_width_is_netlab_width_else_none_into_a_pipe()
  lu.assertEquals(width_in("NETLAB_WIDTH=72"), "72\n")
  lu.assertEquals(width_in("NETLAB_WIDTH=0"), "nil\n")
  lu.assertEquals(width_in("-u NETLAB_WIDTH"), "nil\n")
end

function TestFold:test_width_is_the_terminals_on_a_terminal()
  if not os.execute("command -v python3 >/dev/null 2>&1") then lu.skip("python3 runs the pty") end
  local steps = helper.tmpfile("expect 10 width=\nwait 5\n", ".steps")
  local out = helper.run(("env -u NETLAB_WIDTH python3 spec/ptyrun.py %s -- %s -e 'print(\"width=\" .. "
    .. "tostring(require(\"netlab.fold\").width()))'"):format(steps, helper.bin), 30)
  lu.assertStrContains(out, "width=80", false, out) -- ptyrun's terminal is 80 columns
end
