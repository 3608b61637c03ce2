-- spec/oracle.lua: the installed tcpdump as the oracle for netlab's
-- printer. Frames go into a pcap file (Ethernet); tcpdump -r and
-- netlab.tcpdump print it under the same options; the lines must be the
-- same, one by one, and so must those of every truncation of each frame.
--   local oracle = require "oracle"
--   local lines = oracle.check(frames)           -- tcpdump's -nn lines
--   oracle.check(frames, {"-nn -v"}, {"-nn -v"}) -- option sets, cut sets
local lu = require "luaunit"
local helper = require "helper"

local M = {}

M.OPTION_SETS = {"-nn", "-nn -v", "-nn -e", "-nn -X", "-nn -e -v", "-nn -vv", "-nn -vv -X"}
M.CUT_SETS = {"-nn", "-nn -v", "-nn -e", "-nn -X", "-nn -vv"}

-- A pcap file of RECORDS ({data, len =}) of link type LINKTYPE (1,
-- Ethernet, by default); returns its path.
function M.pcap_file(records, linktype)
  local out = {string.pack("<I4I2I2i4I4I4I4", 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype or 1)}
  for i, r in ipairs(records) do
    out[#out + 1] = string.pack("<I4I4I4I4", 1700000000 + i, i, #r[1], r.len or #r[1]) .. r[1]
  end
  local path = helper.tmpname(".pcap")
  local f = assert(io.open(path, "wb"))
  f:write(table.concat(out))
  f:close()
  return path
end

-- The records of FRAMES, and with CUT every truncation of each of them
-- from FROM bytes (14, the Ethernet header, by default) on.
function M.records(frames, cut, from)
  local recs = {}
  for _, d in ipairs(frames) do
    if cut then
      for n = from or 14, #d - 1 do recs[#recs + 1] = {d:sub(1, n), len = #d} end
    else
      recs[#recs + 1] = {d}
    end
  end
  return recs
end

-- The lines FILE prints as: tcpdump (WHO "tcpdump") or netlab.tcpdump.
function M.run(who, file, opts)
  local cmd
  if who == "tcpdump" then
    cmd = ("env TZ=UTC tcpdump %s -r %s 2>/dev/null"):format(opts, helper.shquote(file))
  else
    local code = ("netlab.tcpdump(%q, %q)"):format(file, opts)
    cmd = ("env TZ=UTC %s -e %s"):format(helper.bin, helper.shquote(code))
  end
  local out, err, code = helper.run(cmd, 60)
  lu.assertNotNil(out, cmd .. ": " .. tostring(err))
  if who ~= "tcpdump" then lu.assertEquals(code, 0, cmd .. ": " .. tostring(err)) end
  local lines = {}
  for line in out:gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  return lines
end

-- Asserts that netlab.tcpdump prints FILE as tcpdump does under each of
-- SETS, line for line; returns tcpdump's lines under the first set.
function M.same_as_tcpdump(file, sets)
  local first, n = nil, 0
  for _, opts in ipairs(sets) do
    local want, got = M.run("tcpdump", file, opts), M.run("netlab", file, opts)
    lu.assertTrue(#want > 0, "tcpdump printed nothing for " .. file)
    for i = 1, math.max(#want, #got) do
      if want[i] ~= got[i] then
        lu.fail(("%s differs at line %d of %d:\n  tcpdump: %s\n  netlab:  %s\n  before:  %s")
          :format(opts, i, #want, tostring(want[i]), tostring(got[i]), tostring(want[i - 1])))
      end
    end
    first, n = first or want, n + #want
  end
  -- NETLAB_SPEC_COUNT=1: say how many lines each file compared
  if os.getenv("NETLAB_SPEC_COUNT") then io.stderr:write(("[%s: %d lines]\n"):format(file, n)) end
  return first
end

-- Asserts FRAMES print as tcpdump prints them under SETS (OPTION_SETS),
-- and every truncation of them under CUT_SETS (CUT_SETS); returns
-- tcpdump's lines of the whole frames under the first set. LINK, when
-- given, is {linktype = N, from = N}: frames of another link type, cut
-- from FROM bytes on.
function M.check(frames, sets, cut_sets, link)
  local lt, from = link and link.linktype, link and link.from
  local lines = M.same_as_tcpdump(M.pcap_file(M.records(frames), lt), sets or M.OPTION_SETS)
  M.same_as_tcpdump(M.pcap_file(M.records(frames, true, from), lt), cut_sets or M.CUT_SETS)
  return lines
end

return M
