-- pcap_fields.lua FILE [LIMIT]: touches a few fields of every packet of
-- FILE (counts SYNs per destination), as bench/pcap_fields.py does with
-- Scapy. Prints "packets N", "packets_per_sec R" and one "syn DST N"
-- line per destination, sorted.
local file, limit = arg[1], tonumber(arg[2]) or math.huge
local f = assert(netlab.pcap.open(file))
local syns, n = {}, 0
local started = netlab.now()
for p in f:packets() do
  n = n + 1
  local tcp = p.tcp
  if tcp and tcp.flags == "S" then
    local ip = p.ip or p.ip6
    local dst = ip.dst
    syns[dst] = (syns[dst] or 0) + 1
  end
  if n >= limit then break end
end
local elapsed = netlab.now() - started
f:close()
print("packets " .. n)
print(("packets_per_sec %.0f"):format(n / elapsed))
local dsts = {}
for dst in pairs(syns) do dsts[#dsts + 1] = dst end
table.sort(dsts)
for _, dst in ipairs(dsts) do print(("syn %s %d"):format(dst, syns[dst])) end
