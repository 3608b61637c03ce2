-- pcap_fields.lua FILE [LIMIT [plain]]: touches a few fields of every
-- packet of FILE (counts SYNs per destination), as bench/pcap_fields.py
-- does with Scapy and bench/pcap_fields.c with libpcap: through one
-- packet object the reader refills (r:packets{reuse = true}) and field
-- getters (netlab.packet.field); "plain" as the third argument reads
-- them as a first script would, p.tcp.flags on a packet object each.
-- Prints "packets N", "packets_per_sec R" and one "syn DST N" line per
-- destination, sorted.
local file, limit, plain = arg[1], tonumber(arg[2]) or math.huge, arg[3] == "plain"
local f = assert(netlab.pcap.open(file))
local syns, n = {}, 0
local field = netlab.packet.field
local flags, dst4, dst6 = field("tcp.flags"), field("ip.dst"), field("ip6.dst")
local started = netlab.now()
if plain then
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
else
  for p in f:packets{reuse = true} do
    n = n + 1
    if flags(p) == "S" then
      local dst = dst4(p) or dst6(p)
      syns[dst] = (syns[dst] or 0) + 1
    end
    if n >= limit then break end
  end
end
local elapsed = netlab.now() - started
f:close()
print("packets " .. n)
print(("packets_per_sec %.0f"):format(n / elapsed))
local dsts = {}
for dst in pairs(syns) do dsts[#dsts + 1] = dst end
table.sort(dsts)
for _, dst in ipairs(dsts) do print(("syn %s %d"):format(dst, syns[dst])) end
