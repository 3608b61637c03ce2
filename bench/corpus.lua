-- corpus.lua DIR [OPTS]: how many packets of the capture files in DIR
-- (*.pcap, *.pcapng: tcpdump's own tests/ make a corpus nobody here
-- wrote) netlab prints exactly as `TZ=UTC tcpdump OPTS -r` does.
-- Each file is printed by both with -# added, cut into packets at the
-- numbers, and compared packet by packet; a file netlab cannot read
-- counts all of tcpdump's packets as different. OPTS: "-nn" by default.
-- Prints one line: files identical, packets identical, their shares.
-- CORPUS_VERBOSE=1 first prints each file's count; CORPUS_RANK=N then
-- prints the N protocols (file names' first word, lower case, version
-- and digits dropped: OSPFv3_x and ospf6-y are "ospf") losing most
-- packets, to pick what to print next.
local dir, opts = arg[1], arg[2] or "-nn"
assert(dir, "usage: corpus.lua DIR [OPTS]")

-- The output of shell command CMD (stderr dropped), or "".
local function run(cmd)
  local f = assert(io.popen(cmd .. " 2>/dev/null"))
  local s = f:read("a")
  f:close()
  return s
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- TEXT (printed with -#) as a list of packets' texts, in number order.
local function packets(text)
  local list, want, cur = {}, 1, nil
  for line in text:gmatch("([^\n]*)\n") do
    local n = line:match("^ *(%d+)  ")
    if n and tonumber(n) == want then
      cur = {line}
      list[want], want = cur, want + 1
    elseif cur then
      cur[#cur + 1] = line
    end
  end
  for i, p in ipairs(list) do list[i] = table.concat(p, "\n") end
  return list
end

local files = {}
for name in run("ls " .. quote(dir)):gmatch("[^\n]+") do
  if name:match("%.pcap$") or name:match("%.pcapng$") then files[#files + 1] = name end
end
table.sort(files)

local self = arg[-1] or "netlab"
local same_files, same_pkts, total = 0, 0, 0
local lost = {} -- protocol -> packets not identical

-- The protocol a corpus file NAME is about, by its first word.
local function protocol(name)
  local w = name:match("^[%a]+") or name:match("^[^-_.]+")
  return (w:lower():gsub("v%d*$", ""):gsub("%d+$", ""))
end
for _, name in ipairs(files) do
  local path = quote(dir .. "/" .. name)
  local want = packets(run("TZ=UTC timeout 30 tcpdump -# " .. opts .. " -r " .. path))
  local got = packets(run("TZ=UTC timeout 30 " .. quote(self) .. " -e " ..
    quote(("netlab.tcpdump(%q, %q)"):format(dir .. "/" .. name, "-# " .. opts))))
  local same = 0
  for i, p in ipairs(want) do
    if got[i] == p then same = same + 1 end
  end
  if same == #want and #got == #want then same_files = same_files + 1 end
  if os.getenv("CORPUS_VERBOSE") then print(("%5d/%5d %s"):format(same, #want, name)) end
  same_pkts, total = same_pkts + same, total + #want
  local k = protocol(name)
  lost[k] = (lost[k] or 0) + #want - same
end
local rank = tonumber(os.getenv("CORPUS_RANK"))
if rank then
  local keys = {}
  for k, n in pairs(lost) do if n > 0 then keys[#keys + 1] = k end end
  table.sort(keys, function(a, b) return lost[a] > lost[b] or (lost[a] == lost[b] and a < b) end)
  for i = 1, math.min(rank, #keys) do print(("%6d %s"):format(lost[keys[i]], keys[i])) end
end
print(("corpus %s, %s: files identical %d of %d (%.1f%%), packets %d of %d (%.1f%%)"):format(
  dir, opts, same_files, #files, 100 * same_files / #files, same_pkts, total, 100 * same_pkts / total))
