-- capture_flood.lua - one flood of small frames captured to a pcap file,
-- by netlab or by tcpdump -w, for bench/capture_flood.sh:
--
--   netlab capture_flood.lua MODE OUT FILE BLAST RATE COUNT
--
-- MODE "netlab": b:capture{write = FILE}; "tcpdump": tcpdump -w FILE in
-- host b. Host a sends COUNT 64-byte frames to b at RATE frames/s
-- (bench/wire_blast.c at BLAST); the capture then stops. Writes "name
-- value" lines to OUT: sent, captured (packets written to the file),
-- dropped and ifdropped (the kernel's counts), secs (from the sender's
-- start to its end: the flood's rate is sent / secs) and, for tcpdump,
-- its peak RSS (VmHWM, KiB).
local netlab = require "netlab"

local mode, out, file, blast = arg[1], arg[2], arg[3], arg[4]
local rate, count = tonumber(arg[5]), tonumber(arg[6])
assert(mode == "netlab" or mode == "tcpdump", "usage: capture_flood.lua netlab|tcpdump OUT FILE BLAST RATE COUNT")

local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))

-- The MAC of HOST's eth0.
local function mac(host)
  for _, row in ipairs(assert(host:ifaces())) do
    if row.name == "eth0" then return row.mac end
  end
end

-- The number after WORD in TEXT ("123 packets captured").
local function count_of(text, words)
  return tonumber(text:match("(%d+) " .. words)) or error("no '" .. words .. "' in: " .. text)
end

-- VmHWM of process PID, KiB.
local function hwm(pid)
  local f <close> = assert(io.open("/proc/" .. pid .. "/status"))
  return tonumber(f:read("a"):match("VmHWM:%s*(%d+)"))
end

-- Starts the capture; returns a function that stops it and returns
-- captured, dropped, ifdropped, rss (KiB or nil).
local function start_capture()
  if mode == "netlab" then
    local cap = assert(b:capture{iface = "eth0", write = file})
    return function()
      local st = assert(cap:stats()) -- the kernel's counts, before it closes
      assert(cap:close())
      return st.saved, st.dropped, st.ifdropped
    end
  end
  local p = assert(b:start(("exec tcpdump -Z root -i eth0 -w %s"):format(file)))
  for _ = 1, 500 do -- until it says it listens (at most 5 s)
    if select(2, p:output()):find("listening on") then break end
    netlab.sleep(0.01)
  end
  return function()
    local rss = hwm(p:pid())
    os.execute("kill -INT " .. p:pid()) -- tcpdump flushes, prints its counts
    assert(p:wait(10) == 0, "tcpdump failed")
    local err = select(2, p:output())
    return count_of(err, "packets captured"), count_of(err, "packets dropped by kernel"),
      tonumber(err:match("(%d+) packets dropped by interface")) or 0, rss
  end
end

local stop = start_capture()
local t0 = netlab.now()
local sender = assert(a:start(("%s eth0 %s %d 60 %d"):format(blast, mac(b), rate, count)))
assert(sender:wait(90) == 0, "wire_blast failed")
local secs = netlab.now() - t0
netlab.sleep(1.2) -- the last frames reach the files (tcpdump hands over a block a second)
local captured, dropped, ifdropped, rss = stop()
local f <close> = assert(io.open(out, "w"))
f:write(("sent %s\ncaptured %d\ndropped %d\nifdropped %d\nsecs %.3f\n"):format(
  select(1, sender:output()):match("sent (%d+)"), captured, dropped, ifdropped, secs))
if rss then f:write(("rss_kib %d\n"):format(rss)) end
