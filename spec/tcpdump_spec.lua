-- spec/tcpdump_spec.lua: netlab.tcpdump prints exactly what tcpdump -r
-- prints. The oracle is the installed tcpdump itself: every test writes a
-- pcap (real traffic captured by tcpdump in a lab, or packets built here
-- byte by byte), runs `tcpdump OPTS -r FILE` and netlab.tcpdump(FILE,
-- OPTS) in child processes with the same TZ, and compares every line.
local lu = require "luaunit"
local helper = require "helper"

TestTcpdump = {}

-- The option sets every capture is compared under.
local OPTION_SETS = {"-nn", "-nn -e", "-nn -tt", "-nn -ttt", "-nn -tttt", "-nn -ttttt", "-nn -S", "-nn -q",
  "-nn -X", "-nn -e -X", "-# -nn -t", "-nn -A", "-nn -AA"}
local TZ = "Asia/Shanghai" -- not UTC: the default time stamps are local time

-- Pcap files ------------------------------------------------------------

-- A pcap file of RECORDS ({data, len =, sec =, usec =}) with link type LT
-- (1 by default); NSEC: nanosecond time stamps.
local function pcap(records, lt, nsec)
  local out = {string.pack("<I4I2I2i4I4I4I4", nsec and 0xa1b23c4d or 0xa1b2c3d4, 2, 4, 0, 0, 262144, lt or 1)}
  for i, r in ipairs(records) do
    local data = r[1]
    out[#out + 1] = string.pack("<I4I4I4I4", r.sec or 1700000000 + i, r.usec or i * 1001 % 1000000,
      r.caplen or #data, r.len or #data) .. data
  end
  return table.concat(out)
end

-- Writes pcap text S to a fresh temporary file; returns its path.
local function pcap_file(s)
  local path = helper.tmpname(".pcap")
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
  return path
end

-- The records of pcap file PATH (written by tcpdump: microseconds, LE).
local function read_pcap(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  local lt = string.unpack("<I4", s, 21)
  local pos, recs = 25, {}
  while pos + 16 <= #s do
    local sec, usec, cap, len = string.unpack("<I4I4I4I4", s, pos)
    recs[#recs + 1] = {s:sub(pos + 16, pos + 15 + cap), sec = sec, usec = usec, len = len}
    pos = pos + 16 + cap
  end
  return recs, lt
end

-- Packet builders ------------------------------------------------------

local ip4, ip6 = helper.ip4_bytes, helper.ip6_bytes

local MAC_A, MAC_B = "\x02\x00\x00\x00\x00\x01", "\x02\x00\x00\x00\x00\x02"

-- An Ethernet frame of TYPE around PAYLOAD.
local function eth(type, payload, dst, src)
  return (dst or MAC_B) .. (src or MAC_A) .. string.pack(">I2", type) .. payload
end

-- An IPv4 header and PAYLOAD; O: {proto, src, dst, hl (words), len, off,
-- id, tos, ttl, opts (the options' bytes; NOPs by default)}.
local function ipv4(o, payload)
  local hl = o.hl or (o.opts and 5 + #o.opts // 4) or 5
  local opts = o.opts or ("\1"):rep(math.max(0, hl - 5) * 4)
  return string.pack(">BBI2I2I2BBI2", 0x40 | (hl & 15), o.tos or 0, o.len or (20 + #opts + #payload),
    o.id or 1, o.off or 0x4000, o.ttl or 64, o.proto or 6, 0)
    .. ip4(o.src or "10.0.0.1") .. ip4(o.dst or "10.0.0.2") .. (hl > 5 and opts or "") .. payload
end

-- An IPv6 header and PAYLOAD; O: {nh, src, dst, plen}.
local function ipv6(o, payload)
  return string.pack(">I4I2BB", 0x60000000, o.plen or #payload, o.nh or 58, 64)
    .. ip6(o.src or "fd00::1") .. ip6(o.dst or "fd00::2") .. payload
end

-- A TCP header (options OPTS, data offset OFF words) and DATA.
local function tcp(o, data)
  local opts = o.opts or ""
  local off = o.off or (5 + #opts // 4)
  return string.pack(">I2I2I4I4BBI2I2I2", o.sport or 40000, o.dport or 7777, o.seq or 1000,
    o.ack or 0, off << 4, o.flags or 0x02, o.win or 512, 0, o.urg or 0) .. opts .. (data or "")
end

-- A UDP header (length field ULEN) and DATA.
local function udp(o, data)
  return string.pack(">I2I2I2I2", o.sport or 40000, o.dport or 9999, o.ulen or (8 + #data), 0) .. data
end

-- An ICMP (or ICMPv6) message: type, code, 4 bytes of rest, body.
local function icmp(type, code, rest, body)
  return string.pack(">BBI2", type, code, 0) .. (rest or "\0\0\0\0") .. (body or "")
end

-- Frames of IPv4 over Ethernet.
local function e4(o, payload) return eth(0x0800, ipv4(o, payload)) end
local function e6(o, payload) return eth(0x86dd, ipv6(o, payload)) end

-- The oracle -------------------------------------------------------------

-- The lines FILE prints as: tcpdump (WHO "tcpdump") or netlab.tcpdump.
local function run(who, file, opts, tz)
  local env = "env " .. (tz and ("TZ=" .. tz .. " ") or "")
  local cmd
  if who == "tcpdump" then
    cmd = ("%stcpdump %s -r %s 2>/dev/null"):format(env, opts, helper.shquote(file))
  else
    local code = ("netlab.tcpdump(%q, %q)"):format(file, opts)
    cmd = ("%s%s -e %s"):format(env, helper.bin, helper.shquote(code))
  end
  local out, err, code
  for _ = 1, 20 do -- a rebuild of ./netlab (126, 127) while the suite runs
    out, err, code = helper.run(cmd, 60)
    if code ~= 126 and code ~= 127 then break end
    netlab.sleep(0.5)
  end
  lu.assertNotNil(out, cmd .. ": " .. tostring(err))
  if who ~= "tcpdump" then lu.assertEquals(code, 0, cmd .. ": " .. tostring(err)) end
  local lines = {}
  for line in out:gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
  return lines
end

-- Asserts that netlab.tcpdump prints FILE as tcpdump does, line for line,
-- showing the first difference; returns tcpdump's lines.
local function same_as_tcpdump(file, opts, tz)
  tz = tz or TZ
  local want, got = run("tcpdump", file, opts, tz), run("netlab", file, opts, tz)
  lu.assertTrue(#want > 0, "tcpdump printed nothing for " .. file)
  for i = 1, math.max(#want, #got) do
    if want[i] ~= got[i] then
      lu.fail(("%s (TZ=%s) differs at line %d of %d:\n  tcpdump: %s\n  netlab:  %s\n  before:  %s")
        :format(opts, tz, i, #want, tostring(want[i]), tostring(got[i]), tostring(want[i - 1])))
    end
  end
  return want
end

-- Traffic from a lab -------------------------------------------------------

-- The pcap tcpdump wrote on a's cable while a talked to d through router r:
-- ARP, ping, TTL 1 (time exceeded), UDP to a closed port, HTTP (GET and
-- its response), RST from a closed port, a bigger TCP transfer, IPv6 ping,
-- neighbour discovery, MLDv2 and TCP over IPv6. Made once.
-- Also made: the same traffic seen by r on all its interfaces (-i any:
-- Linux cooked v2, and v1 with -y LINUX_SLL), in lab_files.any / .sll.
local lab_file, lab_files

-- Skips the test where tcpdump cannot run in a lab host: rootless, as
-- root of netlab's user namespace it drops privileges with initgroups,
-- and setgroups is denied there (even with -Z root).
local function tcpdump_in_hosts()
  if helper.root then return end
  lu.skip("needs root: tcpdump captures the lab's traffic in its hosts (rootless, tcpdump "
    .. "cannot drop root's privileges: setgroups is denied in netlab's user namespace)")
end

local function lab_pcap()
  if lab_file then return lab_file end
  tcpdump_in_hosts()
  local path = helper.tmpname(".pcap")
  lab_files = {any = helper.tmpname(".pcap"), sll = helper.tmpname(".pcap")}
  local lab <close> = netlab.lab()
  local a, r, d = assert(lab:host "a"), assert(lab:router "r"), assert(lab:host "d")
  assert(lab:link(a, r, "10.0.0.1/24", "10.0.0.254/24"))
  assert(lab:link(r, d, "10.0.1.254/24", "10.0.1.2/24"))
  local T = {timeout = 5}
  a:sh("ip route add default via 10.0.0.254; ip -6 addr add fd00::1/64 dev eth0 nodad", T)
  r:sh("ip -6 addr add fd00::fe/64 dev eth0 nodad; ip -6 addr add fd01::fe/64 dev eth1 nodad", T)
  d:sh("ip route add default via 10.0.1.254; ip -6 addr add fd01::2/64 dev eth0 nodad;"
    .. " ip -6 route add default via fd01::fe", T)
  a:sh("ip -6 route add default via fd00::fe", T)
  local web = assert(d:start("exec python3 -m http.server --bind :: 80 >/dev/null 2>&1"))
  local bulk = assert(d:start("cd /usr/bin && exec python3 -m http.server --bind :: 9000 >/dev/null 2>&1"))
  for _ = 1, 50 do
    local _, _, code = a:sh("curl -s -o /dev/null http://10.0.1.2/ && curl -s -o /dev/null http://10.0.1.2:9000/", T)
    if code == 0 then break end
    netlab.sleep(0.1)
  end
  local cap = assert(a:start("exec tcpdump -Z root -U -i eth0 -w " .. path .. " 2>/dev/null"))
  local any = assert(r:start("exec tcpdump -Z root -U -i any -w " .. lab_files.any .. " 2>/dev/null"))
  local sll = assert(r:start("exec tcpdump -Z root -U -i any -y LINUX_SLL -w " .. lab_files.sll .. " 2>/dev/null"))
  netlab.sleep(1)
  a:sh("ip neigh flush dev eth0", T) -- so that ARP is on the wire
  r:sh("ip neigh flush dev eth0", T)
  a:ping("10.0.1.2", {count = 2, interval = 0.05})
  a:ping("10.0.1.2", {count = 1, ttl = 1})
  a:sh("bash -c 'echo hello > /dev/udp/10.0.1.2/9999'", T)
  a:sh("curl -s -o /dev/null http://10.0.1.2/", T)
  a:sh("curl -s -o /dev/null http://10.0.1.2:81/", T)
  a:sh("curl -s -o /dev/null -r 0-30000 http://10.0.1.2:9000/tcpdump", T)
  a:ping("fd01::2", {count = 2, interval = 0.05})
  a:ping("fd01::2", {count = 1, ttl = 1})
  a:sh("curl -s -o /dev/null -g 'http://[fd01::2]/'", T)
  a:sh("ip -6 addr add fd00::99/64 dev eth0", T)
  a:sh("bash -c 'echo hello > /dev/udp/fd01::2/9999'", T)
  a:ping("10.0.1.2", {count = 1, size = 3000}) -- IPv4 fragments
  a:sh("bash -c 'head -c 4000 /dev/zero > /dev/udp/10.0.1.2/9999'", T)
  a:sh("bash -c 'head -c 4000 /dev/zero > /dev/udp/fd01::2/9999'", T) -- IPv6 fragments
  netlab.sleep(1.2)
  cap:stop()
  any:stop()
  sll:stop()
  web:stop()
  bulk:stop()
  lab_file = path
  return path
end

function TestTcpdump:test_lab_traffic_prints_as_tcpdump_under_every_option_set()
  local file = lab_pcap()
  local lines = same_as_tcpdump(file, "-nn")
  local text = table.concat(lines, "\n")
  -- the capture holds what this test is about (else it proves nothing)
  for _, want in ipairs{"ARP, Request who-has", "ARP, Reply", "ICMP echo request, id",
      "ICMP time exceeded in-transit", "udp port 9999 unreachable", "Flags [S.]",
      ": HTTP: GET / HTTP/1.1", ": HTTP: HTTP/1.0 200 OK", "Flags [R.]", "Flags [F.]",
      "UDP, length 6", "ICMP6, echo request", "ICMP6, neighbor solicitation, who has",
      "ICMP6, neighbor advertisement, tgt is", "multicast listener report v2",
      "time exceeded in-transit for fd01::2", "IP6 fd00::1.", "ICMP6, destination unreachable"} do
    lu.assertStrContains(text, want, false)
  end
  for _, opts in ipairs(OPTION_SETS) do same_as_tcpdump(file, opts) end
end

function TestTcpdump:test_captures_on_any_interface_print_as_tcpdump()
  lab_pcap()
  for _, file in pairs(lab_files) do
    local text = table.concat(same_as_tcpdump(file, "-nn"), "\n")
    lu.assertStrContains(text, "ip-proto-1") -- a later fragment
    lu.assertStrContains(text, "frag (0|1448)")
    for _, opts in ipairs{"-nn -e", "-nn -X", "-nn -e -q", "-nn -S"} do same_as_tcpdump(file, opts) end
  end
end

function TestTcpdump:test_every_truncation_of_the_lab_packets()
  lab_pcap()
  for _, src in ipairs{lab_file, lab_files.any} do
    local recs, lt = read_pcap(src)
    local cut, seen = {}, {}
    for _, r in ipairs(recs) do
      local d = r[1]
      local kind = d:sub(1, 1) .. d:sub(13, 14) .. d:sub(21, 21) .. d:sub(24, 24) .. d:sub(35, 35) .. d:sub(55, 55)
      if not seen[kind] then
        seen[kind] = true
        for n = 1, math.min(#d, 130) do cut[#cut + 1] = {d:sub(1, n), len = r.len} end
      end
    end
    lu.assertTrue(#cut > 1000, "few packets cut: " .. #cut)
    local file = pcap_file(pcap(cut, lt))
    for _, opts in ipairs{"-nn", "-nn -e", "-nn -X", "-nn -q", "-nn -A", "-nn -AA"} do same_as_tcpdump(file, opts) end
  end
end

-- The lab's packets that -v prints as tcpdump does: ARP, IPv4, and IPv6
-- carrying TCP, UDP, ICMPv6 (ping, neighbour discovery, MLDv2) or
-- fragments.
local function verbose_records(recs, lt)
  local keep = {}
  local eth_off = lt == 1 and 14 or lt == 113 and 16 or 20
  for _, r in ipairs(recs) do
    local d = r[1]
    local et = string.unpack(">I2", d, lt == 1 and 13 or lt == 113 and 15 or 1)
    local nh = #d >= eth_off + 7 and d:byte(eth_off + 7)
    if et == 0x0806 or et == 0x0800 or (et == 0x86dd and (nh == 6 or nh == 17 or nh == 44 or nh == 58 or nh == 0)) then
      keep[#keep + 1] = r
    end
  end
  return keep
end

function TestTcpdump:test_v_prints_ip_headers_checksums_and_quotes_as_tcpdump()
  local file = lab_pcap()
  local recs, lt = read_pcap(file)
  local vfile = pcap_file(pcap(verbose_records(recs, lt), lt))
  local text = table.concat(same_as_tcpdump(vfile, "-nn -v"), "\n")
  for _, want in ipairs{"ARP, Ethernet (len 6), IPv4 (len 4), Request who-has", "IP (tos 0x0, ttl 64, id ",
      ", offset 0, flags [DF], proto TCP (6), length 60)\n    10.0.0.1.", "proto ICMP (1), length 84)",
      "flags [+], proto ICMP (1), length 1500)", "cksum 0x", " (correct), seq ", "ICMP time exceeded in-transit, length 92\n\tIP (tos 0x0, ttl 1, id ",
      "HTTP, length: 72\n\tGET / HTTP/1.1\n\tHost: 10.0.1.2\n\tUser-Agent: curl/", "IP6 (flowlabel 0x",
      "hlim 64, next-header TCP (6) payload length: 40) fd00::1.", "next-header UDP (17) payload length: 14) fd00::1.", "[bad udp cksum 0x", "(incorrect -> 0x",
      "frag (0x"} do
    lu.assertStrContains(text, want, false)
  end
  for _, opts in ipairs{"-nn -v -e", "-nn -v -X", "-nn -v -q", "-nn -v -S", "-nn -v -t -A", "-v -nn -# -tttt"} do
    same_as_tcpdump(vfile, opts)
  end
  for _, f in pairs(lab_files) do
    local r, l = read_pcap(f)
    same_as_tcpdump(pcap_file(pcap(verbose_records(r, l), l)), "-nn -v")
  end
end

function TestTcpdump:test_v_on_crafted_ipv4_options_flags_and_checksums()
  local function ts(flags, ptr, body) return string.pack(">BBBB", 68, 4 + #body, ptr, flags) .. body end
  local addr = ip4("10.9.8.7") .. ip4("10.9.8.6") .. ip4("10.9.8.5")
  local opts = {
    "\148\4\0\0", "\148\4\0\1", "\148\3\0\0", "\7\11\4" .. addr:sub(1, 8) .. "\0", "\131\15\8" .. addr .. "\0",
    "\137\7\4" .. addr:sub(1, 4) .. "\1", "\7\2\4\0", "\7\3\9\0", "\7\12\4" .. addr:sub(1, 9),
    ts(0, 5, ("\0\0\0\1"):rep(2)) .. "\1\1\1\1" , ts(1, 13, addr:sub(1, 4) .. "\0\0\0\9") .. "\0\0\0\0",
    ts(3, 5, addr:sub(1, 8)), ts(0x24, 5, "\0\0\0\7"), ts(2, 5, "\0\0\0\7"), ts(0, 3, "\0\0\0\7"),
    "\1\0\1\1", "\0\1\1\1", "\82\12" .. ("\0"):rep(10), "\130\3\0\0", "\99\1\0\0", "\99\8\0\0", "\99\0",
    "\68\2\0\0", "\68\3\5\0", string.char(1, 1, 1, 68, 12, 5, 0, 0, 0, 0, 1), "\1\1\1\7",
  }
  local recs = {}
  for i, o in ipairs(opts) do
    if #o % 4 ~= 0 then o = o .. ("\0"):rep(4 - #o % 4) end
    recs[#recs + 1] = {e4({proto = 17, opts = o, id = i}, udp({}, "o" .. i))}
  end
  for i, off in ipairs{0, 0x2000, 0x4000, 0x8000, 0xe000, 0x6000, 0x2001, 0x0010} do
    recs[#recs + 1] = {e4({proto = 1, off = off, tos = i * 0x41 % 256, ttl = i - 1}, icmp(8, 0, string.pack(">I2I2", 7, i)))}
  end
  for _, p in ipairs{0, 4, 41, 99, 200, 255} do
    recs[#recs + 1] = {e4({proto = p}, ("\0"):rep(12))}
  end
  local good = assert(netlab.packet.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"}
    / netlab.packet.ip{src = "10.0.0.1", dst = "10.0.0.2"} / netlab.packet.tcp{sport = 1, dport = 2, flags = "S"})
  recs[#recs + 1] = {good:bytes()}
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-nn -v", "-nn -v -e", "-nn -v -q", "-nn -v -X"} do same_as_tcpdump(file, opts) end
  local text = table.concat(same_as_tcpdump(file, "-nn -v -t"), "\n")
  lu.assertStrContains(text, "options (RA value 1)", false)
  lu.assertStrContains(text, ", bad cksum 0 (->", false)
  lu.assertStrContains(text, "flags [+, DF, rsvd]", false)
  lu.assertStrContains(text, "(tos 0x41,ECT(1)", false)
  lu.assertStrContains(text, "proto unknown (200)", false)
  lu.assertStrContains(text, "Flags [S], cksum 0x", false)
  lu.assertStrContains(text, "(correct)", false)
  local cut = {}
  for _, r in ipairs(recs) do
    for n = 15, math.min(#r[1], 70) do cut[#cut + 1] = {r[1]:sub(1, n), len = #r[1]} end
  end
  text = table.concat(same_as_tcpdump(pcap_file(pcap(cut)), "-nn -v"), "\n")
  lu.assertStrContains(text, "[truncated-option]))\n    10.0.0.1 > 10.0.0.2:  [|ip]", false)
end

function TestTcpdump:test_v_on_tcp_udp_and_icmp_checksums_resets_and_quotes()
  local P = netlab.packet
  local function frame(l3) return (P.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"} / l3):bytes() end
  local ip = P.ip{src = "10.0.0.1", dst = "10.0.0.2"}
  local ip6 = P.ip6{src = "fd00::1", dst = "fd00::2"}
  local recs = {}
  local function add(b) recs[#recs + 1] = {b} end
  add(frame(ip / P.tcp{sport = 80, dport = 5000, flags = "R", seq = 1} / P.raw("reset \1\127\200 because")))
  add(frame(ip / P.tcp{sport = 80, dport = 5000, flags = "R."} / P.raw(("x"):rep(40))))
  add(frame(ip / P.tcp{sport = 80, dport = 5000, flags = "PA"} / P.raw("GET /x HTTP/1.0\r\nA: b\r\n\r\nbody")))
  add(frame(ip / P.tcp{sport = 80, dport = 5000, flags = "PA"} / P.raw("HTTP/1.1 200 OK\r\npartial")))
  add(frame(ip / P.udp{sport = 1, dport = 2} / P.raw("v4 udp: no sum at -v")))
  add(frame(ip6 / P.udp{sport = 1, dport = 2} / P.raw("v6 udp")))
  add(frame(ip6 / P.tcp{sport = 1, dport = 2, flags = "S"}))
  add(frame(P.ip6{src = "fd00::1", dst = "fd00::2", tc = 0xb8, flow = 0x12345} / P.udp{sport = 3, dport = 4} / P.raw("fl")))
  add(frame(ip / P.icmp{type = 8, id = 1, seq = 1} / P.raw("ping")))
  local sent = (ip / P.udp{sport = 5, dport = 6} / P.raw("quoted")):bytes()
  add(frame(P.ip{src = "10.0.0.2", dst = "10.0.0.1"} / P.icmp{type = 3, code = 3} / P.raw(sent)))
  add(frame(P.ip{src = "10.0.0.2", dst = "10.0.0.1"} / P.icmp{type = 11, code = 0} / P.raw(sent:sub(1, 28))))
  add(frame(P.ip{src = "10.0.0.2", dst = "10.0.0.1"} / P.icmp{type = 3, code = 1} / P.raw(sent:sub(1, 10))))
  local bad = {}
  for _, r in ipairs(recs) do
    local d = r[1]
    bad[#bad + 1] = {d:sub(1, -2) .. string.char((d:byte(-1) + 1) % 256)} -- a checksum gone wrong
  end
  for _, r in ipairs(bad) do recs[#recs + 1] = r end
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-nn -v", "-nn -v -S", "-nn -v -A", "-nn -v -e -X"} do same_as_tcpdump(file, opts) end
  local text = table.concat(same_as_tcpdump(file, "-nn -v -t"), "\n")
  lu.assertStrContains(text, " [RST reset ^A^?M-H because]", false)
  lu.assertStrContains(text, " [RST+ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]", false)
  lu.assertStrContains(text, "(incorrect -> 0x", false)
  lu.assertStrContains(text, "[bad udp cksum 0x", false)
  lu.assertStrContains(text, "(wrong icmp cksum ", false)
  lu.assertStrContains(text, "udp port 6 unreachable, length 42\n\tIP (tos 0x0, ttl 64, id ", false)
  local cut = {}
  for _, r in ipairs(recs) do
    for n = 30, #r[1] do cut[#cut + 1] = {r[1]:sub(1, n), len = #r[1]} end
  end
  same_as_tcpdump(pcap_file(pcap(cut)), "-nn -v")
end

function TestTcpdump:test_vv_adds_udp_checksums_and_every_tcp_sequence_number()
  local P = netlab.packet
  local function frame(l3) return (P.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"} / l3):bytes() end
  local ip = P.ip{src = "10.0.0.1", dst = "10.0.0.2"}
  local back = P.ip{src = "10.0.0.2", dst = "10.0.0.1"}
  local ip6 = P.ip6{src = "fd00::1", dst = "fd00::2"}
  local recs = {}
  local function add(b) recs[#recs + 1] = {b} end
  add(frame(ip / P.tcp{sport = 5000, dport = 80, flags = "S", seq = 100}))
  add(frame(back / P.tcp{sport = 80, dport = 5000, flags = "SA", seq = 900, ack = 101}))
  add(frame(ip / P.tcp{sport = 5000, dport = 80, flags = "A", seq = 101, ack = 901}))
  add(frame(ip / P.tcp{sport = 5000, dport = 80, flags = "PA", seq = 101, ack = 901} / P.raw("data")))
  add(frame(back / P.tcp{sport = 80, dport = 5000, flags = "R", seq = 901} / P.raw("why")))
  add(frame(ip6 / P.tcp{sport = 1, dport = 2, flags = "A", seq = 7, ack = 9}))
  add(frame(ip / P.udp{sport = 1, dport = 2} / P.raw("v4 udp: summed at -vv")))
  add(frame(ip / P.udp{sport = 1, dport = 2, chksum = 0} / P.raw("no sum")))
  add(frame(ip / P.udp{sport = 1, dport = 2, chksum = 0x1234} / P.raw("bad sum")))
  add(frame(P.ip{src = "10.0.0.1", dst = "10.0.0.2", flags = "MF"} / P.udp{sport = 1, dport = 2} / P.raw("frag")))
  add(frame(ip6 / P.udp{sport = 3, dport = 4} / P.raw("v6 udp")))
  add(frame(ip / P.icmp{type = 8, id = 1, seq = 1} / P.raw("ping")))
  local sent = (ip / P.udp{sport = 5, dport = 6} / P.raw("quoted")):bytes()
  add(frame(back / P.icmp{type = 3, code = 3} / P.raw(sent)))
  add(frame(back / P.icmp{type = 11, code = 0} / P.raw(sent:sub(1, 28))))
  add(frame(P.ip{src = "10.0.0.1", dst = "10.0.0.2", options = "\148\4\0\0"} / P.udp{sport = 7, dport = 8} / P.raw("ra")))
  add((P.ether{src = "02:00:00:00:00:01", dst = "ff:ff:ff:ff:ff:ff"}
    / P.arp{spa = "10.0.0.1", tpa = "10.0.0.2", sha = "02:00:00:00:00:01"}):bytes())
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-nn -vv", "-nn -vv -e", "-nn -vv -X", "-nn -vv -q", "-nn -vv -S", "-nn -vv -A",
      "-vv -nn -# -tttt"} do
    same_as_tcpdump(file, opts)
  end
  local text = table.concat(same_as_tcpdump(file, "-nn -vv -t"), "\n")
  for _, want in ipairs{"Flags [.], cksum 0x", "(correct), seq 1, ack 1, win ", "[udp sum ok] ", "[no cksum] ",
      "[bad udp cksum 0x1234 -> 0x", "udp port 6 unreachable, length 42\n\tIP (tos 0x0, ttl 64, id "} do
    lu.assertStrContains(text, want, false)
  end
  lu.assertNotStrContains(table.concat(same_as_tcpdump(file, "-nn -v -t"), "\n"), "[udp sum ok] 5 > 6")
  local cut = {}
  for _, r in ipairs(recs) do
    for n = 14, #r[1] do cut[#cut + 1] = {r[1]:sub(1, n), len = #r[1]} end
  end
  same_as_tcpdump(pcap_file(pcap(cut)), "-nn -vv")
end

function TestTcpdump:test_A_prints_payloads_as_tcpdumps_ascii_print()
  -- every byte value, CRs before a newline, in the middle, among the last
  -- two bytes (left out) and at the end; tabs; an empty segment; a frame
  -- of an ethertype tcpdump does not know (its hex lines stay); cut frames
  local all = {}
  for b = 0, 255 do all[#all + 1] = string.char(b) end
  local payloads = {table.concat(all), "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "a\rb\rcd", "ab\r", "ab\rc",
    "\r", "\r\r", "\r\n", "\r\r\n", "x\r\ry", "tab\there\n", "\0\1\127\128\255", ""}
  local recs = {}
  for _, data in ipairs(payloads) do
    recs[#recs + 1] = {e4({}, tcp({dport = 80, flags = 0x18}, data))}
    recs[#recs + 1] = {e4({proto = 17}, udp({}, data))}
  end
  recs[#recs + 1] = {eth(0x88b5, "hello\r\nworld\r")}
  recs[#recs + 1] = {eth(0x0806, "")}
  recs[#recs + 1] = {e4({}, tcp({}, "cut\r\n")):sub(1, 40), len = 60}
  recs[#recs + 1] = {("\r"):rep(8)}
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-nn -A", "-nn -AA", "-nn -A -e", "-nn -A -q", "-nn -A -x", "-nn -AA -X", "-nn -xx -A",
      "-nn -A -t -#"} do
    same_as_tcpdump(file, opts)
  end
  local lines = same_as_tcpdump(file, "-nn -A -t")
  local text = table.concat(lines, "\n")
  lu.assertStrContains(text, "GET / HTTP/1.1\nHost: x\n\n", false) -- no CR before a newline
  lu.assertStrContains(text, "P.......a.b.cd\n", false) -- a CR among others is a dot
  lu.assertStrContains(text, "P.......abc\nIP ", false) -- one among the last two is left out
end

-- Handmade packets --------------------------------------------------------

-- Packets with bad or unusual headers, each as tcpdump's printers see them.
local function malformed()
  local syn = {flags = 0x02}
  local mss = "\2\4\5\180"
  local p = {
    -- IPv4 header fields
    e4({hl = 4}, tcp(syn)), e4({hl = 0}, ""), e4({hl = 6}, tcp(syn)), e4({hl = 15}, tcp(syn)),
    e4({len = 10}, tcp(syn)), e4({len = 0}, tcp(syn)), e4({len = 1000}, tcp(syn)),
    e4({off = 0x2000}, tcp(syn)), e4({off = 0x00b9}, "fragment data"),
    e4({proto = 17, off = 0x20b9}, "xxxxxxxx"), e4({proto = 200}, "abcd"),
    eth(0x0800, ipv6({nh = 59}, "")), eth(0x0800, "\x50" .. ("\0"):rep(30)),
    -- TCP header and options
    e4({}, tcp({off = 4})), e4({}, tcp({off = 15})), e4({}, tcp({off = 2, flags = 0x10})),
    e4({}, tcp({opts = mss .. "\1\1\1\0"})), e4({}, tcp({opts = "\2\4\5"}, "")),
    e4({}, tcp({opts = "\2\0\0\0"})), e4({}, tcp({opts = "\2\1\0\0"})), e4({}, tcp({opts = "\2\9\0\0"})),
    e4({}, tcp({opts = "\0\1\1\1"})), e4({}, tcp({opts = "\3\3\7\1"})), e4({}, tcp({opts = "\4\2\1\1"})),
    e4({}, tcp({opts = "\5\10\0\0\0\1\0\0\0\2\1\1", flags = 0x10})),
    e4({}, tcp({opts = "\5\7\0\0\0\1\0\1", flags = 0x10})),
    e4({}, tcp({opts = "\8\10\0\0\0\1\0\0\0\2\1\1"})), e4({}, tcp({opts = "\8\6\0\0\0\1"})),
    e4({}, tcp({opts = "\99\4\1\2"})), e4({}, tcp({opts = "\28\4\1\44"})),
    e4({}, tcp({opts = "\254\4\1\2"})), e4({}, tcp({opts = "\254\2\1\1"})),
    e4({}, tcp({opts = "\6\6\0\0\0\9\1\1"})), e4({}, tcp({opts = "\2\4\5\180\1"})),
    e4({}, tcp({opts = "\13\6\0\0\0\9\1\1"})), e4({}, tcp({opts = "\19\18" .. ("\1"):rep(16) .. "\1\1"})),
    e4({}, tcp({opts = "\20\4\1\2"})), e4({}, tcp({opts = "\29\4\1\2"})), e4({}, tcp({opts = "\34\2\1\1"})),
    e4({}, tcp({opts = "\34\6\1\2\3\4\1\1"})), e4({}, tcp({opts = "\34\5\1\2\3\1\1\1"})),
    e4({}, tcp({opts = "\254\6\249\137\1\2\1\1"})), e4({}, tcp({opts = "\254\4\249\137"})),
    e4({}, tcp({flags = 0x00})), e4({}, tcp({flags = 0xff, urg = 7})), e4({}, tcp({flags = 0x29, urg = 3}, "x")),
    e4({}, tcp({flags = 0x14, dport = 80}, "reset reason")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 80}, "GET /a b c\r\nHost: x\r\n\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 80}, "POST /no-line-end")),
    e4({}, tcp({flags = 0x18, ack = 5, sport = 80}, "HTTP/1.1 404 Not Found\n")),
    e4({}, tcp({flags = 0x18, ack = 5, sport = 80}, "\1\2\3binary")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 80}, "get / HTTP/1.0\r\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 8080}, "OPTIONS * HTTP/1.1\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 554}, "PLAY rtsp://x/ RTSP/1.0\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, sport = 25}, "220 mail ESMTP\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 21}, "USER anonymous\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 43}, "example.com\n")),
    e4({}, tcp({flags = 0x18, ack = 5, sport = 22}, "SSH-2.0-OpenSSH_9.2\r\n")),
    e4({}, tcp({flags = 0x18, ack = 5, sport = 22}, "SSH-2.0-no-line-end")),
    e4({}, tcp({flags = 0x18, ack = 5, dport = 22}, "\0\0\1\2binary")),
    e4({}, tcp({opts = "\29\3\1\1"})),
    -- UDP
    e4({proto = 17}, udp({ulen = 4}, "abcd")), e4({proto = 17}, udp({ulen = 100}, "abcd")),
    e4({proto = 17}, udp({}, "")), e4({proto = 17, len = 24}, udp({}, "abcd")),
    e4({proto = 17}, "\1\2\3"), e4({proto = 17}, udp({ulen = 0}, "abcd")),
    -- ICMP
    e4({proto = 1}, icmp(8, 0, "\0\1\0\2", "data")), e4({proto = 1}, icmp(0, 0, "\1\0\0\9")),
    e4({proto = 1}, icmp(13, 0)), e4({proto = 1}, icmp(14, 0, "\0\1\0\2", ("\0\1\2\3"):rep(3))),
    e4({proto = 1}, icmp(18, 0, nil, "\255\255\255\0")), e4({proto = 1}, icmp(17, 0)),
    e4({proto = 1}, icmp(9, 0, "\2\2\7\8", ip4("10.0.0.254") .. "\0\0\0\9" .. ip4("10.0.0.253") .. "\0\0\1\0")),
    e4({proto = 1}, icmp(9, 0, "\9\2\0\30", ("\10\0\0\1\0\0\0\1"):rep(9))),
    e4({proto = 1}, icmp(9, 0, "\1\4\0\30", "")), e4({proto = 1}, icmp(9, 0, "\3\2\0\30", ip4("10.0.0.1"))), e4({proto = 1}, icmp(99, 3)), e4({proto = 1}, icmp(4, 0)),
    e4({proto = 1}, icmp(12, 0, "\20\0\0\0", ipv4({}, "")) ), e4({proto = 1}, icmp(12, 1, "", ipv4({}, ""))),
    e4({proto = 1}, icmp(11, 1, nil, ipv4({}, "12345678"))), e4({proto = 1}, icmp(11, 7, nil, ipv4({}, ""))),
    e4({proto = 1}, icmp(5, 1, ip4("10.0.0.254"), ipv4({}, "12345678"))),
    e4({proto = 1}, icmp(5, 9, ip4("10.0.0.254"), ipv4({}, "12345678"))),
    e4({proto = 1}, icmp(3, 4, "\0\0\5\220", ipv4({}, "12345678"))),
    e4({proto = 1}, icmp(3, 4, nil, ipv4({}, "12345678"))),
    e4({proto = 1}, icmp(3, 3, nil, ipv4({proto = 6}, tcp({})))),
    e4({proto = 1}, icmp(3, 3, nil, ipv4({proto = 47}, "\0\0\0\0"))),
    -- IGMP
    e4({proto = 2}, "\17\0\0\0\0\0\0\0"), e4({proto = 2}, "\17\10\0\0\239\1\1\1"),
    e4({proto = 2}, "\17\100\0\0\0\0\0\0"), e4({proto = 2}, "\17\100\0\0\239\1\1\1\0\0\0\0"),
    e4({proto = 2}, "\17\200\0\0\239\1\1\1\0\0\0\2\1\1\1\1\2\2\2\2"),
    e4({proto = 2}, "\17\5\0\0\239\1\1\1\0\0\0\9"), e4({proto = 2}, "\17\5\0\0\0\0\0\0\0\0"),
    e4({proto = 2}, "\18\0\0\0\239\1\1\1"), e4({proto = 2}, "\22\0\0\0\239\1\1\1"),
    e4({proto = 2}, "\23\0\0\0\239\1\1\1"), e4({proto = 2}, "\34\0\0\0\0\0\0\1\4\0\0\0\239\1\1\1"),
    e4({proto = 2}, "\34\0\0\0\0\0\0\1\4\0"), e4({proto = 2}, "\99\0\0\0"),
    -- ARP
    eth(0x0806, string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 2) .. MAC_A .. ip4("10.0.0.1") .. MAC_B .. ip4("10.0.0.2")),
    eth(0x0806, string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 1) .. MAC_A .. ip4("10.0.0.1") .. MAC_B .. ip4("10.0.0.2")),
    eth(0x0806, string.pack(">I2I2BBI2", 1, 0x86dd, 6, 16, 1) .. MAC_A .. ("\0"):rep(38)),
    eth(0x0806, string.pack(">I2I2BBI2", 6, 0x0800, 6, 4, 3) .. MAC_A .. ip4("10.0.0.1") .. MAC_B .. ip4("10.0.0.2")),
    eth(0x0806, string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 4) .. MAC_A .. ip4("10.0.0.1") .. MAC_B .. ip4("10.0.0.2")),
    eth(0x0806, string.pack(">I2I2BBI2", 1, 0x0800, 0, 4, 1) .. ip4("10.0.0.1") .. ip4("10.0.0.2")),
    -- IPv6 and ICMPv6
    e6({}, icmp(2, 0, "\0\0\5\220", ipv6({}, ""))), e6({}, icmp(4, 0, "\0\0\0\6", ipv6({}, ""))),
    e6({}, icmp(4, 1, "\0\0\0\6", ipv6({}, ""))), e6({}, icmp(4, 2, "\0\0\0\40", ipv6({}, ""))),
    e6({}, icmp(4, 7, "\0\0\0\6", ipv6({}, ""))),
    e6({}, icmp(3, 1, nil, ipv6({}, ""))), e6({}, icmp(1, 0, nil, ipv6({}, ""))),
    e6({}, icmp(1, 3, nil, ipv6({}, ""))), e6({}, icmp(1, 4, nil, ipv6({nh = 6}, tcp({})))),
    e6({}, icmp(1, 9, nil, ipv6({}, ""))), e6({}, icmp(131, 0, "\0\0\0\0", ip6("ff02::1:ff00:1"))),
    e6({}, icmp(132, 0, "\0\0\0\0", ip6("ff02::1:ff00:1"))), e6({}, icmp(130, 0, "\0\10\0\0", ip6("ff02::1"))),
    e6({}, icmp(130, 0, "\0\10\0\0", ip6("ff02::1") .. "\0\0\0\0")),
    e6({}, icmp(130, 0, "\0\10\0\0", ip6("ff02::1") .. "\0\0\0\1" .. ip6("fd00::9"))),
    e6({}, icmp(130, 0, "\0\10\0\0", ip6("ff02::1") .. "\0\0\0\2" .. ip6("fd00::9"))),
    e6({}, icmp(133, 0)), e6({}, icmp(134, 0, "\64\0\7\8", "\0\0\0\0\0\0\0\0")),
    e6({}, icmp(137, 0, nil, ip6("fd00::fe") .. ip6("fd00::2"))), e6({}, icmp(200, 0)),
    e6({}, icmp(143, 0, "\0\0\0\3", "")), e6({}, ""), e6({plen = 0}, icmp(128, 0, "\0\1\0\1")),
    e6({plen = 100}, icmp(128, 0, "\0\1\0\1")), e6({nh = 6}, tcp({flags = 0x12, ack = 9})),
    e6({nh = 17}, udp({}, "hello")), e6({nh = 0}, "\58\0\5\2\0\0\1\0" .. icmp(128, 0, "\0\1\0\1")),
    e6({nh = 60}, "\17\0\1\4\0\0\0\0" .. udp({}, "x")), e6({nh = 44}, "\17\0\0\1\0\0\0\7" .. udp({}, "x")),
    e6({nh = 44}, "\17\0\5\0\0\0\0\7" .. "fragment"), e6({nh = 0}, "\58\7\5\2"),
    e6({nh = 0}, "\58\0\5\3\0\0\0\0" .. icmp(128, 0)), e6({nh = 0}, "\58\0\1\9\0\0\0\0" .. icmp(128, 0)),
    e6({nh = 0}, "\58\0\0\0\0\0\7\0" .. icmp(128, 0)), e6({nh = 0}, "\58\0\194\4\0\0\0\0" .. icmp(128, 0)),
    e6({nh = 60}, "\58\0\201\4\0\0\0\0" .. icmp(128, 0)), e6({nh = 0}, "\58\0\0\0\0\0\0\1" .. icmp(128, 0)),
    e6({}, icmp(1, 4, nil, ipv6({nh = 58}, icmp(128, 0)))),
    e6({nh = 200}, "abc"), eth(0x86dd, "\x45" .. ("\0"):rep(50)),
    -- VLAN and unknown link types
    eth(0x8100, "\32\10\8\0" .. ipv4({}, tcp(syn))), eth(0x8100, "\0\5\134\221" .. ipv6({}, icmp(128, 0))),
    eth(0x88a8, "\0\5\129\0\0\6\8\0" .. ipv4({proto = 17}, udp({}, "q"))), eth(0x8100, "\0"),
    eth(0x88b5, "some unknown payload"),
  }
  local recs = {}
  for _, d in ipairs(p) do recs[#recs + 1] = {d} end
  return recs
end

function TestTcpdump:test_malformed_and_unusual_headers()
  local recs = malformed()
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs(OPTION_SETS) do same_as_tcpdump(file, opts) end
end

function TestTcpdump:test_every_truncation_of_the_handmade_packets()
  local cut = {}
  for _, r in ipairs(malformed()) do
    for n = 1, #r[1] do cut[#cut + 1] = {r[1]:sub(1, n), len = #r[1]} end
  end
  local file = pcap_file(pcap(cut))
  for _, opts in ipairs{"-nn", "-nn -X", "-nn -e"} do same_as_tcpdump(file, opts) end
end

-- DNS messages (tcpdump prints port 53 as DNS, so must netlab).
local function dns_messages()
  local function name(n)
    local out = {}
    for label in n:gmatch("[^.]+") do out[#out + 1] = string.char(#label) .. label end
    return table.concat(out) .. "\0"
  end
  local function hdr(id, flags, qd, an, ns, ar) return string.pack(">I2I2I2I2I2I2", id, flags, qd, an, ns, ar) end
  local function q(n, t, c) return name(n) .. string.pack(">I2I2", t, c or 1) end
  local function rr(n, t, data, c) return n .. string.pack(">I2I2I4I2", t, c or 1, 300, #data) .. data end
  local opt = "\0" .. string.pack(">I2I2I4I2", 41, 1232, 0x8000, 0)
  return {
    hdr(4660, 0x0100, 1, 0, 0, 0) .. q("example.com", 1),
    hdr(4660, 0x0100, 1, 0, 0, 1) .. q("example.com", 28) .. opt,
    hdr(4660, 0x8180, 1, 2, 0, 0) .. q("www.example.com", 1) .. rr("\192\12", 5, name("example.com"))
      .. rr("\192\45", 1, "\93\184\216\34"),
    hdr(7, 0x8183, 1, 0, 1, 0) .. q("nope.example", 1)
      .. rr("\192\17", 6, name("ns.example") .. name("root.example") .. ("\0\0\0\1"):rep(5)),
    hdr(8, 0x8580, 1, 1, 0, 0) .. q("example.com", 28) .. rr("\192\12", 28, "\32\1\13\184" .. ("\0"):rep(11) .. "\1"),
    hdr(9, 0x8180, 1, 1, 0, 0) .. q("example.com", 15) .. rr("\192\12", 15, "\0\10" .. name("mail.example.com")),
    hdr(10, 0x8180, 1, 1, 0, 0) .. q("example.com", 16) .. rr("\192\12", 16, "\5hello\3a\"b"),
    hdr(11, 0x8180, 1, 1, 0, 0) .. q("1.0.0.10.in-addr.arpa", 12) .. rr("\192\12", 12, name("host.lab")),
    hdr(12, 0x8180, 1, 1, 0, 0) .. q("_sip._udp.example.com", 33)
      .. rr("\192\12", 33, "\0\1\0\2\19\196" .. name("sip.example.com")),
    hdr(13, 0x0000, 2, 0, 0, 0) .. q("a.b", 1) .. q("c.d", 255, 3),
    hdr(14, 0x2800, 1, 0, 0, 0) .. q("zone.example", 6),
    hdr(16, 0x8180, 1, 1, 0, 1) .. q("x.y", 99) .. rr("\192\12", 99, "abcd")
      .. "\0" .. string.pack(">I2I2I4I2", 41, 4096, 0x01000000, 0),
    hdr(17, 0x0100, 1, 0, 0, 0) .. q("we\1ird\200.lab", 1), "hello", hdr(18, 0x81a0, 0, 0, 0, 0),
    hdr(19, 0x0130, 1, 0, 0, 0) .. q("x", 1), hdr(20, 0x8180, 1, 3, 0, 0) .. q("a.b", 1)
      .. rr("\192\12", 1, "\1\2\3\4") .. rr("\192\12", 1, "\1\2\3\5") .. rr("\192\12", 1, "\1\2\3\6"),
  }
end

function TestTcpdump:test_dns_messages_and_their_truncations()
  local recs, cut = {}, {}
  for _, m in ipairs(dns_messages()) do
    local d = e4({proto = 17}, udp({dport = 53}, m))
    recs[#recs + 1] = {d}
    recs[#recs + 1] = {e4({}, tcp({sport = 53, flags = 0x18, ack = 1}, string.pack(">I2", #m) .. m))}
    for n = 14 + 20 + 8, #d - 1 do cut[#cut + 1] = {d:sub(1, n), len = #d} end
  end
  recs[#recs + 1] = {e4({}, tcp({dport = 53, flags = 0x18, ack = 1}, "\0\9abc"))}
  recs[#recs + 1] = {e4({}, tcp({dport = 53, flags = 0x18, ack = 1}, "x"))}
  local text = table.concat(same_as_tcpdump(pcap_file(pcap(recs)), "-nn"), "\n")
  lu.assertStrContains(text, "4660 2/0/0 CNAME example.com., A 93.184.216.34 (74)")
  lu.assertStrContains(text, "4660+ A? example.com. (29)")
  local file = pcap_file(pcap(cut))
  for _, opts in ipairs{"-nn", "-nn -X", "-nn -q"} do same_as_tcpdump(file, opts) end
end

function TestTcpdump:test_garbage_and_text_on_port_53()
  -- what a crafted UDP packet with the default ports (53) carries
  math.randomseed(4)
  local recs = {}
  for i = 1, 2000 do
    local t = {}
    for k = 1, math.random(0, 100) do
      t[k] = string.char(i % 2 == 0 and math.random(32, 126) or math.random(0, 255))
    end
    local m = table.concat(t)
    if i % 3 == 0 and #m >= 12 then
      m = string.pack(">I2I2I2I2I2I2", i, math.random(0, 65535), math.random(0, 3), math.random(0, 3),
        math.random(0, 2), math.random(0, 2)) .. m:sub(13)
    end
    recs[#recs + 1] = {e4({proto = 17}, udp({sport = 53}, m))}
  end
  local file = pcap_file(pcap(recs))
  same_as_tcpdump(file, "-nn")
  same_as_tcpdump(file, "-nn -X")
end

function TestTcpdump:test_impossible_record_headers()
  local d = e4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  local file = pcap_file(pcap{{d, caplen = 0, len = 0}, {d, len = 10}, {""}, {d, len = 300000},
    {d, usec = 1000001}, {d}})
  same_as_tcpdump(file, "-nn")
end

function TestTcpdump:test_relative_sequence_numbers_follow_tcpdumps_table()
  local a, b = {src = "10.0.0.1", dst = "10.0.0.2"}, {src = "10.0.0.2", dst = "10.0.0.1"}
  local recs = {}
  local function add(ip, t) recs[#recs + 1] = {e4(ip, tcp(t, t.data))} end
  -- a conversation, a second SYN restarting it, both directions, SACK
  add(a, {sport = 5000, dport = 80, seq = 100, flags = 0x02})
  add(b, {sport = 80, dport = 5000, seq = 7000, ack = 101, flags = 0x12})
  add(a, {sport = 5000, dport = 80, seq = 101, ack = 7001, flags = 0x10})
  add(a, {sport = 5000, dport = 80, seq = 101, ack = 7001, flags = 0x18, data = "hello"})
  add(b, {sport = 80, dport = 5000, seq = 7001, ack = 106, flags = 0x10,
    opts = "\1\1\5\10\0\0\0\110\0\0\0\120"})
  add(a, {sport = 5000, dport = 80, seq = 90000, ack = 1, flags = 0x12})
  add(b, {sport = 80, dport = 5000, seq = 7001, ack = 106, flags = 0x10})
  add(a, {sport = 6000, dport = 6000, seq = 1, ack = 2, flags = 0x10})
  add(b, {sport = 6000, dport = 6000, seq = 50, ack = 60, flags = 0x10})
  add(b, {sport = 6000, dport = 6000, seq = 51, ack = 61, flags = 0x10})
  add(a, {sport = 4000, dport = 4001, seq = 0xfffffff0, ack = 5, flags = 0x10})
  add(a, {sport = 4000, dport = 4001, seq = 0x10, ack = 9, flags = 0x10, data = "wrap"})
  recs[#recs + 1] = {e6({nh = 6}, tcp({sport = 5000, dport = 80, seq = 100, ack = 5, flags = 0x10}))}
  recs[#recs + 1] = {e6({nh = 6, src = "fd00::2", dst = "fd00::1"},
    tcp({sport = 80, dport = 5000, seq = 300, ack = 150, flags = 0x10}))}
  local file = pcap_file(pcap(recs))
  local lines = same_as_tcpdump(file, "-nn")
  lu.assertStrContains(lines[4], "seq 1:6, ack 1,") -- relative numbers are in play
  same_as_tcpdump(file, "-nn -S")
end

function TestTcpdump:test_local_time_across_a_daylight_saving_change()
  -- 2024-03-10 07:00:00 UTC: New York moves from EST to EDT; 2024-04-06
  -- 16:30 UTC: Adelaide from +10:30 to +9:30, at a half hour of UTC
  local recs = {}
  for i, t in ipairs{1710053998, 1710053999, 1710054000, 1710054001, 1710057600, 1699999999, 1710054000,
      1712419200, 1712420999, 1712421000, 1712421001, 1712422800} do
    recs[#recs + 1] = {e4({proto = 1}, icmp(8, 0, string.pack(">I2I2", 1, i))), sec = t, usec = 999999}
  end
  local file = pcap_file(pcap(recs))
  for _, tz in ipairs{"America/New_York", "UTC", "Asia/Shanghai", "Australia/Adelaide"} do
    same_as_tcpdump(file, "-nn", tz)
    same_as_tcpdump(file, "-nn -ttt", tz)
    same_as_tcpdump(file, "-nn -tttt", tz)
    same_as_tcpdump(file, "-nn -ttttt", tz)
  end
end

function TestTcpdump:test_tttt_prints_the_local_date_and_ttttt_the_time_since_the_first()
  -- midnight and new year in different zones, the epoch (1969 west of
  -- Greenwich), a leap day, packets out of order (-ttttt goes negative)
  local recs = {}
  for i, t in ipairs{1703980799, 1703980800, 1704063599, 1704067199, 1704067200, 0, 1709164800,
      1709251199, 1700000000, 1703980799, 2147483647} do
    recs[i] = {e4({proto = 17}, udp({}, "d")), sec = t, usec = i * 99999 % 1000000}
  end
  local file = pcap_file(pcap(recs))
  for _, tz in ipairs{"UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati"} do
    for _, opts in ipairs{"-nn -tttt", "-nn -ttttt", "-nn -tttt --nano", "-nn -ttttt --nano"} do
      same_as_tcpdump(file, opts, tz)
    end
  end
  local lines = same_as_tcpdump(file, "-nn -tttt", "America/New_York")
  lu.assertEquals(lines[6]:sub(1, 27), "1969-12-31 19:00:00.599994 ")
  lines = same_as_tcpdump(file, "-nn -ttttt", "UTC")
  lu.assertEquals(lines[3]:sub(1, 17), " 23:00:00.199998 ", "since the first, not the previous")
  lu.assertEquals(lines[9]:sub(1, 2), "-0", "before the first")
end

function TestTcpdump:test_packet_numbers_count_every_packet()
  -- -# numbers each packet (a bad record too) in a 5-wide column
  local recs = {}
  for i = 1, 12 do recs[i] = {e4({proto = 17}, udp({}, "n" .. i))} end
  recs[4].len = 0 -- [Invalid header: len==0]
  recs[7] = {"", len = 42} -- caplen==0
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-# -nn", "-#nn -tttt", "-nn --number -e", "-# -nn -X", "-# -# -nn -q"} do
    same_as_tcpdump(file, opts)
  end
  local lines = same_as_tcpdump(file, "-nn -# -t")
  lu.assertEquals(lines[1]:sub(1, 10), "    1  IP ")
  lu.assertEquals(lines[4], "    4  [Invalid header: len==0]")
  lu.assertEquals(lines[12]:sub(1, 10), "   12  IP ")
end

function TestTcpdump:test_nanosecond_files_print_microseconds_unless_nano()
  local recs = {}
  for i = 1, 4 do
    recs[#recs + 1] = {e4({proto = 17}, udp({}, "n")), sec = 1700000000 + i, usec = 123456789 + i}
  end
  local file = pcap_file(pcap(recs, 1, true))
  same_as_tcpdump(file, "-nn")
  same_as_tcpdump(file, "-nn -tt")
  same_as_tcpdump(file, "-nn --nano")
  same_as_tcpdump(file, "-nn -ttt --nano")
  same_as_tcpdump(file, "-nn -tttt --nano")
  same_as_tcpdump(file, "-nn -ttttt --nano")
  same_as_tcpdump(file, "-nn -ttttt")
  same_as_tcpdump(file, "-nn --nano --micro -tttt")
end

function TestTcpdump:test_microsecond_fields_past_4294967_do_not_wrap()
  -- a damaged record's microsecond field: tcpdump prints it whole (and
  -- libpcap's nanoseconds of it, usec * 1000, cut to 32 bits by %09u);
  -- 4294967295 is -1 to libpcap's signed field, before the previous one
  local recs = {}
  for i, usec in ipairs{999999, 1000000, 4294967, 4294968, 5000000, 4294967295, 0} do
    recs[i] = {e4({proto = 1}, icmp(8, 0, string.pack(">I2I2", 1, i))), sec = 1700000000, usec = usec}
  end
  recs[#recs + 1] = {recs[1][1], sec = 0, usec = 0} -- 0.0: tcpdump's -ttt has no reference
  recs[#recs + 1] = {recs[1][1], sec = 1700000005, usec = 1}
  for _, nsec in ipairs{false, true} do
    local file = pcap_file(pcap(recs, 1, nsec))
    for _, opts in ipairs{"-nn", "-nn -tt", "-nn -ttt", "-nn --nano", "-nn -tt --nano", "-nn -ttt --nano",
        "-nn -tttt", "-nn -ttttt", "-nn -ttttt --nano"} do
      same_as_tcpdump(file, opts)
    end
  end
  local lines = same_as_tcpdump(pcap_file(pcap(recs)), "-nn -tt")
  lu.assertStrContains(lines[4], "1700000000.4294968 IP ")
end

function TestTcpdump:test_seconds_from_2_to_the_31_are_an_error_converting_time()
  local recs = {}
  for i, sec in ipairs{2 ^ 31 - 1, 2 ^ 31, 1700000000, 2 ^ 32 - 1, 3000000000, 2 ^ 31 - 1} do
    recs[i] = {e4({proto = 17}, udp({}, "t")), sec = math.tointeger(sec), usec = 5}
  end
  for _, nsec in ipairs{false, true} do
    local file = pcap_file(pcap(recs, 1, nsec))
    for _, opts in ipairs{"-nn", "-nn -tt", "-nn -ttt", "-nn --nano", "-nn -ttt --nano", "-nn -tttt",
        "-nn -ttttt --nano"} do
      same_as_tcpdump(file, opts, "UTC")
      same_as_tcpdump(file, opts)
    end
  end
  local lines = same_as_tcpdump(pcap_file(pcap(recs)), "-nn", "UTC")
  lu.assertEquals(lines[2]:sub(1, 27), "[Error converting time] IP ")
end

function TestTcpdump:test_a_segment_on_two_known_ports_goes_to_tcpdumps_first()
  -- tcpdump's tcp_print tries telnet, SMTP, WHOIS, BGP, PPTP, RESP, SSH,
  -- BEEP, OpenFlow, FTP, HTTP, RTSP, DNS in that order
  local get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
  local recs = {}
  local function add(sp, dp, data, caplen)
    local f = e4({}, tcp({sport = sp, dport = dp, flags = 0x18}, data))
    recs[#recs + 1] = {caplen and f:sub(1, caplen) or f, len = #f}
  end
  for _, pair in ipairs{{179, 80}, {80, 179}, {179, 53}, {179, 25}, {23, 80}, {25, 23}, {22, 25},
      {43, 179}, {6379, 22}, {22, 80}, {10288, 80}, {10288, 21}, {21, 80}, {554, 80}, {8080, 53}} do
    add(pair[1], pair[2], get)
  end
  for _, kw in ipairs{"MSG\0 1", "MSG 1 2", "RPY 0 0", "ERR 1", "ANS 2", "NUL 3", "SEQ 4", "END\0", "END\r\n", "xyz"} do
    add(10288, 80, kw)
  end
  add(10288, 80, "RPY 0 0", 14 + 20 + 20 + 3) -- cut inside the keyword
  add(179, 80, "\255\255", 14 + 20 + 20)
  local file = pcap_file(pcap(recs))
  local lines = same_as_tcpdump(file, "-nn")
  lu.assertStrContains(lines[1], "length 27: BGP")
  same_as_tcpdump(file, "-nn -q")
  same_as_tcpdump(file, "-nn -X")
end

function TestTcpdump:test_e_shows_an_8023_frames_length_field()
  -- netlab has no LLC printer yet: what is compared is the link header
  -- -e writes, up to the LLC text ("802.3, length 38: ")
  local stp = "\x42\x42\x03" .. ("\0"):rep(35)
  local function f(field, body, pad, vlan)
    return "\1\x80\xc2\0\0\0" .. MAC_A .. (vlan and "\x81\0\0\5" or "")
      .. string.pack(">I2", field) .. body .. ("\0"):rep(pad or 0)
  end
  local recs = {{f(38, stp, 8)}, {f(38, stp)}, {f(3, "\xaa\xaa\3", 20)}, {f(100, "\xe0\xe0\3xxxxxxxxxx")},
    {f(0, "", 30)}, {f(7, "\xf0\xf0\3abcdefgh")}, {f(1500, stp)}, {f(38, stp, 4, true)},
    {f(38, stp, 8, true)}}
  local file = pcap_file(pcap(recs))
  local function headers(lines)
    local h = {}
    for _, line in ipairs(lines) do
      if line:match("^%d") then
        h[#h + 1] = line:match("^(.-802%.3, length %d+: )") or line:match("^(.-802%.3)") or line
      end
    end
    return h
  end
  local want = headers(run("tcpdump", file, "-nn -e", TZ))
  lu.assertEquals(#want, #recs)
  lu.assertEquals(headers(run("netlab", file, "-nn -e", TZ)), want)
  lu.assertStrContains(want[1], ", 802.3, length 38: ")
  lu.assertStrContains(want[8], "vlan 5, p 0, 802.3")
end

-- SCTP: a chunk (padded to 4 bytes) and a packet of chunks.
local function sctp_chunk(t, flags, body)
  local l = 4 + #body
  return string.pack(">BBI2", t, flags, l) .. body .. ("\0"):rep((4 - l % 4) % 4)
end
local function sctp(sp, dp, chunks) return string.pack(">I2I2I4I4", sp, dp, 0x1234, 0) .. table.concat(chunks) end

-- DCCP: a generic header of type T (48-bit numbers when X) and EXTRA.
local function dccp(t, x, extra, doff)
  local h = x and string.pack(">I2I2BBI2BB", 5000, 6000, 0, 0, 0, t << 1 | 1, 0) .. "\0\0\0\0\0\7"
    or string.pack(">I2I2BBI2B", 5000, 6000, 0, 0, 0, t << 1) .. "\0\0\7"
  local body = h .. (extra or "")
  return body:sub(1, 4) .. string.char(doff or #body // 4) .. body:sub(6)
end

-- Frames of SCTP and DCCP over IPv4 and IPv6, and every truncation of one
-- packet of each.
local function sctp_dccp_frames()
  local init = sctp_chunk(1, 0, string.pack(">I4I4I2I2I4", 11, 65536, 10, 10, 99) .. "\0\5\0\8\10\0\0\1")
  local data = sctp_chunk(0, 3, string.pack(">I4I2I2I4", 5, 1, 2, 46) .. "hello")
  local sack = sctp_chunk(3, 0, string.pack(">I4I4I2I2", 100, 5000, 2, 1) .. string.pack(">I2I2I2I2I4", 2, 3, 5, 6, 77))
  local sctps = {sctp(5000, 6000, {init}), sctp(5000, 6000, {data, sack}),
    sctp(1, 2, {sctp_chunk(6, 0, ""), sctp_chunk(0x80, 0, "abc"), sctp_chunk(0xc0, 0, "1234")}),
    sctp(1, 2, {sctp_chunk(0, 7, string.pack(">I4I2I2I4", 5, 1, 2, 999))}), sctp(1, 2, {sctp_chunk(0, 0, "ab")}),
    sctp(1, 2, {"\0\0\0\2"}), sctp(1, 2, {"\0\0"}), sctp(1, 2, {sctp_chunk(1, 0, "x")}),
    sctp(1, 2, {sctp_chunk(3, 0, string.pack(">I4I4I2I2", 1, 2, 3, 3) .. "\0\1\0\2")}), sctp(1, 2, {}),
    sctp(1, 2, {sctp_chunk(1, 0, "abcd"):sub(1, 6)}), "\0\1\0\2"}
  local ack48 = "\0\0\0\0\0\0\1\2"
  local dccps = {dccp(0, true, string.pack(">I4", 42)), dccp(1, true, ack48 .. string.pack(">I4", 43)),
    dccp(2, true, "data"), dccp(3, true, ack48), dccp(4, true, ack48 .. "dd"), dccp(5, true, ack48),
    dccp(6, true, ack48), dccp(7, true, ack48 .. "\2\0\0\0"), dccp(7, true, ack48 .. "\51\0\0\0"),
    dccp(8, true, ack48), dccp(9, true, ack48), dccp(12, true, ack48), dccp(3, false, "\0\0\1\2"),
    dccp(0, false, "\0\0\0\5"), dccp(3, true, "\0\0"), dccp(0, true, ""), dccp(3, true, ack48, 40),
    dccp(2, false):sub(1, 10), dccp(2, true):sub(1, 14), dccp(13, false),
    -- options (-vv) and checksum coverage (-v)
    dccp(0, true, string.pack(">I4", 42) .. "\0\1\2\32\4\5\2\33\3\1\34\5\1\2\3\35\3\99\36\4\171\205"
      .. "\37\4\1\2\38\3\9\39\2\40\3\8\41\6\0\0\0\9\42\8\0\0\0\1\0\2\43\4\0\5\44\6\1\2\3\4"
      .. "\128\4\0\7\129\6\0\0\0\8\130\3\1\3\0"),
    dccp(3, true, ack48 .. "\41\5\0\0\0\42\7\0\0\0\0\0\43\3\0\0\1\0\0\0"),
    dccp(3, true, ack48 .. "\32\1\0\0"), dccp(3, true, ack48 .. "\128\1\0\0"), dccp(3, true, ack48 .. "\32\9\0\0"),
    dccp(3, true, ack48 .. "\32\2\0\0"), dccp(2, false, "\0\0\0\0payload"), dccp(3, false, "\0\0\1\2\0\0\0\0"),
    dccp(3, true, ack48 .. "\1\1\1\1", 3)}
  dccps[#dccps - 2] = dccps[#dccps - 2]:sub(1, 5) .. "\17" .. dccps[#dccps - 2]:sub(7)
  local recs = {}
  for _, pl in ipairs{{132, sctps}, {33, dccps}} do
    local proto, list = pl[1], pl[2]
    for _, m in ipairs(list) do
      recs[#recs + 1] = {e4({proto = proto}, m)}
      recs[#recs + 1] = {e6({nh = proto}, m)}
    end
    local f = e4({proto = proto}, list[2])
    for cut = 34, #f - 1 do recs[#recs + 1] = {f:sub(1, cut), len = #f} end
  end
  return recs
end

function TestTcpdump:test_sctp_and_dccp_print_their_addresses_and_chunks_as_tcpdump()
  local file = pcap_file(pcap(sctp_dccp_frames()))
  local lines
  for _, opts in ipairs{"-nn", "-nn -q", "-nn -e", "-nn -X", "-nn -e -X", "-nn -v", "-nn -vv", "-nn -vv -X"} do
    lines = same_as_tcpdump(file, opts)
  end
  lines = same_as_tcpdump(file, "-nn -t")
  lu.assertEquals(lines[1], "IP 10.0.0.1.5000 > 10.0.0.2.6000: sctp (1) [INIT] [init tag: 11] [rwnd: 65536] [OS: 10] [MIS: 10] [init TSN: 99] ")
end

function TestTcpdump:test_bsd_loopback_link_types_print_as_tcpdump()
  -- DLT_NULL (the family in the capturing machine's byte order) and
  -- DLT_LOOP (big-endian); netlab has no ISO (7) or IPX (23) printer
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  local ip6p = ipv6({}, icmp(128, 0, "\0\1\0\1"))
  local recs = {{string.pack("<I4", 2) .. ip}, {string.pack(">I4", 2) .. ip}, {string.pack("<I4", 24) .. ip6p},
    {string.pack("<I4", 28) .. ip6p}, {string.pack(">I4", 30) .. ip6p}, {string.pack("<I4", 99) .. "\1\2\3"},
    {string.pack("<I4", 6) .. "q"}, {"\2\0"}, {string.pack("<I4", 2)}, {string.pack("<I4", 2) .. ip:sub(1, 10)},
    {string.pack("<I4", 24) .. ip}, {string.pack("<I4", 2) .. ip:sub(1, 24), len = 4 + #ip}}
  for _, lt in ipairs{0, 108} do
    local file = pcap_file(pcap(recs, lt))
    for _, opts in ipairs{"-nn", "-nn -e", "-nn -q", "-nn -e -q", "-nn -X", "-nn -e -X"} do
      same_as_tcpdump(file, opts)
    end
    local lines = same_as_tcpdump(file, "-nn -e -t")
    lu.assertEquals(lines[1], "AF IPv4 (2), length 32: 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8")
  end
end

function TestTcpdump:test_XX_and_xx_dump_the_link_header_too()
  -- -XX and -xx start at the frame's first byte, -X and -x after the link
  -- header (nothing when nothing follows it); -X wins over -x; every
  -- truncation (tcpdump's longjmp forgets the header length)
  local cut = {}
  for _, r in ipairs(malformed()) do
    for n = 1, #r[1], 3 do cut[#cut + 1] = {r[1]:sub(1, n), len = #r[1]} end
  end
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  local sll = string.pack(">I2I2I2", 0, 1, 6) .. MAC_A .. "\0\0" .. string.pack(">I2", 0x0800) .. ip
  local files = {pcap_file(pcap(cut)), pcap_file(pcap({{ip}, {ip:sub(1, 12), len = #ip}}, 101)),
    pcap_file(pcap({{sll}, {sll:sub(1, 16)}, {sll:sub(1, 30), len = #sll}}, 113)),
    pcap_file(pcap({{string.pack("<I4", 2) .. ip}, {"\2\0\0\0"}, {string.pack("<I4", 99) .. "abc"}}, 0))}
  for _, file in ipairs(files) do
    for _, opts in ipairs{"-nn -XX", "-nn -e -XX", "-nn -xx", "-nn -x", "-nn -e -x", "-nn -X -x", "-nn -xx -X", "-nn -X -X", "-nn -q -xx"} do
      same_as_tcpdump(file, opts)
    end
  end
  local lines = same_as_tcpdump(pcap_file(pcap({{e4({proto = 1}, icmp(8, 0, "\0\1\0\1"))}})), "-nn -XX")
  lu.assertStrContains(lines[2], "\t0x0000:  0200 0000 0002 0200 0000 0001 0800 4500  ..............E.")
end

-- An ARP frame of hardware type HRD; O: {op, hln, pln, pro, sha, tha}.
local function arp_frame(hrd, o)
  local hln, pln = o.hln or 6, o.pln or 4
  local sha, tha = o.sha or string.char(table.unpack({1, 2, 3, 4, 5, 6, 7, 8}, 1, hln)), o.tha or ("\0"):rep(hln)
  return eth(0x0806, string.pack(">I2I2BBI2", hrd, o.pro or 0x0800, hln, pln, o.op or 1)
    .. sha .. ip4("10.0.0.1") .. tha .. ip4("10.0.0.2"), ("\255"):rep(6))
end

-- An ATM ARP frame (RFC 2225); O: the lengths {shl, ssl, spl, thl, tsl,
-- tpl}, flags (E.164 bit in the ATM lengths), op, pro.
local function atmarp_frame(o)
  local shl, ssl, spl = o.shl or 20, o.ssl or 0, o.spl or 4
  local thl, tsl, tpl = o.thl or 20, o.tsl or 0, o.tpl or 4
  local function bytes(from, n) local t = {} for i = 1, n do t[i] = string.char(from + i - 1) end return table.concat(t) end
  local function pa(a, n) return (ip4(a) .. ("\0"):rep(math.max(0, n - 4))):sub(1, n) end
  return eth(0x0806, string.pack(">I2I2BBI2BBBB", 19, o.pro or 0x0800, shl | (o.flags or 0), ssl, o.op or 1, spl,
    thl | (o.flags or 0), tsl, tpl) .. bytes(0x40, shl) .. bytes(0x80, ssl) .. pa("10.0.0.1", spl)
    .. bytes(0x60, thl) .. bytes(0xa0, tsl) .. pa("10.0.0.2", tpl), ("\255"):rep(6))
end

function TestTcpdump:test_arp_of_other_hardware_types_prints_as_tcpdump()
  -- ATM (19) has a header of its own: an ordinary ARP read as one ends
  -- past the packet ("[|arp]"); Frame Relay's (15) addresses are Q.922
  -- DLCIs; the others print as Ethernet's. Also every operation.
  local recs = {}
  local function add(f) recs[#recs + 1] = {f} end
  for _, hrd in ipairs{1, 6, 15, 19, 24, 0, 65535} do
    for _, op in ipairs{1, 2, 3, 4, 8, 9, 10, 11} do add(arp_frame(hrd, {op = op})) end
  end
  for _, op in ipairs{1, 2, 8, 9, 10, 3, 4, 77} do
    add(atmarp_frame({op = op}))
    add(atmarp_frame({op = op, ssl = 3, tsl = 2, flags = 0x40}))
    add(atmarp_frame({op = op, shl = 0, thl = 0}))
  end
  for _, o in ipairs{{spl = 5}, {tpl = 16}, {op = 2, pro = 0x86dd}, {op = 2, pro = 0x1234}, {spl = 0, tpl = 0}} do
    add(atmarp_frame(o))
  end
  for _, a in ipairs{"\4\1", "\4\0\1", "\4\0\2\1", "\4\0\2\0", "\5\0", "\4", "\252\241", "\4\0\2\3\1"} do
    for _, op in ipairs{1, 2, 3, 4, 8, 9} do add(arp_frame(15, {op = op, hln = #a, sha = a, tha = a})) end
  end
  add(arp_frame(15, {hln = 2, sha = "\4\1"}))
  for _, f in ipairs{atmarp_frame({}), atmarp_frame({op = 2, ssl = 3, tsl = 2}), arp_frame(15, {op = 2, hln = 2, sha = "\4\1", tha = "\4\1"})} do
    for n = 14, #f - 1 do recs[#recs + 1] = {f:sub(1, n), len = #f} end
  end
  local file = pcap_file(pcap(recs))
  for _, opts in ipairs{"-nn", "-nn -e", "-nn -q", "-nn -X", "-nn -e -X", "-nn -XX"} do same_as_tcpdump(file, opts) end
  local lines = same_as_tcpdump(pcap_file(pcap({{arp_frame(19, {})}, {arp_frame(15, {op = 2, hln = 2, sha = "\4\1"})}})), "-nn -t")
  lu.assertEquals(lines, {" [|arp]", "ARP, Reply 10.0.0.1 is-at DLCI 16, length 20"})
end

function TestTcpdump:test_telnet_commands_on_port_23_print_as_tcpdump()
  local I = 255
  local function b(...) return string.char(...) end
  local payloads = {b(I, 251, 1), b(I, 251, 1, I, 253, 3, I, 254, 200), b(I, I) .. "abc", b(I, 241, I, 246) .. "text",
    b(I, 235), b(I), b(I, 251), b(I, 250, 24, 1, I, 240), b(I, 250, 24, 0) .. "xterm" .. b(I, 240),
    b(I, 250, 37, 2, 5, 9, 9, I, 240), b(I, 250, 37, 1, 8, I, 240), b(I, 250, 38, 3, 5, I, 240),
    b(I, 250, 38, 99, 99, 1, I, 240), b(I, 250, 31, 0, 80, 0, 24, I, 240, I, 251, 1), b(I, 250, 31, 0, 80),
    b(I, 250, 37, I, 240), b(I, 250, 38, 1, I, 240), b(I, 250, I, 240), b(I, 250, 24, I, I, I, 240), "login: ",
    b(I, 252, 39, I, 236, I, 249)}
  math.randomseed(23)
  local pick = {I, I, I, 250, 251, 240, 1, 24, 37, 38, 0, 5}
  for _ = 1, 300 do
    local t = {}
    for k = 1, math.random(1, 14) do t[k] = string.char(pick[math.random(#pick)]) end
    payloads[#payloads + 1] = table.concat(t)
  end
  local recs = {}
  for _, p in ipairs(payloads) do
    local f = e4({}, tcp({sport = 23, dport = 40000, flags = 0x18}, p))
    recs[#recs + 1] = {f}
    for n = 54, #f - 1 do recs[#recs + 1] = {f:sub(1, n), len = #f} end
  end
  local file = pcap_file(pcap(recs))
  local lines = same_as_tcpdump(file, "-nn")
  lu.assertStrContains(lines[5], "length 9 [telnet WILL ECHO, DO SUPPRESS GO AHEAD, DONT 0xc8]")
  same_as_tcpdump(file, "-nn -X")
  same_as_tcpdump(file, "-nn -q")
end

function TestTcpdump:test_raw_ip_and_linux_cooked_link_types()
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  same_as_tcpdump(pcap_file(pcap({{ip}, {ipv6({}, icmp(128, 0))}, {"\x15abc"}}, 101)), "-nn")
  same_as_tcpdump(pcap_file(pcap({{ip}}, 101)), "-nn -e")
  local sll = string.pack(">I2I2I2", 0, 1, 6) .. MAC_A .. "\0\0" .. string.pack(">I2", 0x0800) .. ip
  local sll_out = string.pack(">I2I2I2", 4, 1, 6) .. MAC_A .. "\0\0" .. string.pack(">I2", 0x86dd)
    .. ipv6({}, icmp(129, 0))
  local sll_odd = string.pack(">I2I2I2", 9, 1, 4) .. MAC_A .. "\0\0" .. string.pack(">I2", 0x88b5) .. "xx"
  local file = pcap_file(pcap({{sll}, {sll_out}, {sll_odd}, {sll:sub(1, 10)}}, 113))
  same_as_tcpdump(file, "-nn")
  same_as_tcpdump(file, "-nn -e")
  same_as_tcpdump(file, "-nn -e -X")
end

-- DLT_IPV4 (228) and DLT_IPV6 (229) print as raw IP does: the version
-- nibble decides, whatever the file says, and -e says "ip: "; every cut.
function TestTcpdump:test_ipv4_and_ipv6_link_types_print_as_raw_ip()
  local frames = {ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1")), ipv4({}, tcp({})), ipv6({nh = 17}, udp({}, "hello")),
    ipv6({nh = 6}, tcp({})), "\x15abc"} -- (ICMPv6 -v is not done)
  local cut = {}
  for _, f in ipairs(frames) do
    for n = 1, #f do cut[#cut + 1] = {f:sub(1, n), len = #f} end
  end
  for _, lt in ipairs{228, 229} do
    for _, opts in ipairs{"-nn", "-nn -e", "-nn -v", "-nn -X"} do
      local whole = {}
      for i, f in ipairs(frames) do whole[i] = {f} end
      local text = table.concat(same_as_tcpdump(pcap_file(pcap(whole, lt)), opts), "\n")
      lu.assertNotStrContains(text, "unknown link type")
      same_as_tcpdump(pcap_file(pcap(cut, lt)), opts)
    end
  end
end

-- 802.3 frames, 802.1Q/QinQ tags and cooked headers -----------------------

local STP_DST = "\x01\x80\xc2\x00\x00\x00"
local BRIDGE = "\x80\x00" .. MAC_A

-- An 802.3 frame: length field, then LLC bytes (padded to 60 unless PAD
-- is false).
local function e8023(llc, dst, pad)
  local f = (dst or MAC_B) .. MAC_A .. string.pack(">I2", #llc) .. llc
  return (pad == false or #f >= 60) and f or f .. ("\0"):rep(60 - #f)
end

-- A config BPDU (VERSION 0) or an RSTP one (2) with FLAGS, under LLC.
local function bpdu(version, flags)
  return "\x42\x42\x03" .. string.pack(">I2BBB", 0, version, version == 2 and 2 or 0, flags) .. BRIDGE
    .. string.pack(">I4", 4) .. BRIDGE .. string.pack(">I2I2I2I2I2", 0x8001, 0x100, 0x1400, 0x200, 0xf00)
    .. (version == 2 and "\0" or "")
end

-- A SNAP header (OUI, PID) and PAYLOAD, under LLC.
local function snap(oui, pid, payload) return "\xaa\xaa\x03" .. string.pack(">I3I2", oui, pid) .. payload end

-- Frames of the LLC printers: STP (802.1D, RSTP, TCN, bad lengths), SNAP
-- carrying IPv4, ARP and IPv6, Cisco's PVST, bridged Ethernet (RFC 2684),
-- unknown OUIs and SAPs (U, I and S frames).
local function llc_frames()
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1", "abcdefgh"))
  local arp = string.pack(">I2I2BBI2", 1, 0x0800, 6, 4, 1) .. MAC_A .. ip4("10.0.0.1") .. ("\0"):rep(6) .. ip4("10.0.0.2")
  local six = ipv6({nh = 17}, udp({}, "hello"))
  return {e8023(bpdu(0, 0)), e8023(bpdu(0, 0x81), STP_DST), e8023(bpdu(2, 0x3c), STP_DST), e8023(bpdu(2, 0x7e), STP_DST),
    e8023("\x42\x42\x03\0\0\0\x80", STP_DST), e8023("\x42\x42\x03\0\0\x07\0", STP_DST), e8023("\x42\x42\x03\1\0\0\0"),
    e8023("\x42\x42\x03"), e8023(bpdu(0, 0), nil, false), e8023(snap(0, 0x0800, ip)), e8023(snap(0, 0x0806, arp)),
    e8023(snap(0, 0x86dd, six)), e8023(snap(0, 0x88b5, "abcd")), e8023(snap(0x00000c, 0x010b, bpdu(0, 1):sub(4))),
    e8023(snap(0x00000c, 0x1234, "cisco")), e8023(snap(0x0080c2, 0x0007, "\0\0" .. eth(0x0800, ip))),
    e8023(snap(0x123456, 0x0001, "xyz")), e8023("\xf0\xf0\x03" .. "xxxx"), e8023("\xf0\xf1\x13"), e8023("\x04\x05\x10\x02abc"),
    e8023("\x06\x06\x01\x03"), e8023("\x06\x06\x03" .. ip), e8023("\xaa\xaa\x03\x00\x00")}
end

-- Frames with 802.1Q, QinQ (0x88a8, 0x9100) tags and priority/DEI bits,
-- around IPv4, ARP, IPv6, LLC and an unknown EtherType.
local function vlan_frames()
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  local six = ipv6({nh = 17}, udp({}, "hello"))
  return {eth(0x8100, string.pack(">I2I2", 0x2064, 0x0800) .. ip), eth(0x8100, string.pack(">I2I2", 0x1005, 0x86dd) .. six),
    eth(0x88a8, string.pack(">I2I2I2I2", 0x0064, 0x8100, 0xe0c8, 0x0800) .. ip),
    eth(0x9100, string.pack(">I2I2I2I2", 0x0064, 0x8100, 0x00c8, 0x86dd) .. six),
    eth(0x8100, string.pack(">I2I2", 0x0001, #bpdu(0, 0)) .. bpdu(0, 0)), eth(0x8100, string.pack(">I2I2", 0x0002, 0x88b5) .. "abcdefgh")}
end

-- Cooked headers (v1 and v2) of packet type PT around PROTO's PAYLOAD.
local function sll(pt, proto, payload) return string.pack(">I2I2I2", pt, 1, 6) .. MAC_A .. "\0\0" .. string.pack(">I2", proto) .. payload end
local function sll2(pt, proto, payload)
  return string.pack(">I2I2I4I2BB", proto, 0, 1, 1, pt, 6) .. MAC_A .. "\0\0" .. payload
end

-- Cooked frames: 802.1Q tags the kernel left in (one and two), 802.2 LLC
-- (STP, SNAP), and an LLC frame under a tag.
local function cooked_frames(make)
  local ip = ipv4({proto = 1}, icmp(8, 0, "\0\1\0\1"))
  return {make(0, 0x8100, string.pack(">I2I2", 0x2005, 0x0800) .. ip),
    make(3, 0x8100, string.pack(">I2I2I2I2", 5, 0x8100, 6, 0x86dd) .. ipv6({nh = 17}, udp({}, "hi"))),
    make(4, 0x8100, string.pack(">I2I2", 7, 0x0026) .. bpdu(0, 0)), make(2, 4, bpdu(0, 0)),
    make(1, 4, snap(0, 0x0800, ip)), make(0, 4, "\xf0\xf0\x03xy"), make(0, 0x8100, string.pack(">I2I2", 9, 0x88b5) .. "zz")}
end

-- Asserts FRAMES (of link type LT) and every cut of them print as tcpdump
-- prints them under the option sets links are compared under.
local function links_as_tcpdump(frames, lt)
  local whole, cut = {}, {}
  for i, f in ipairs(frames) do
    whole[i] = {f}
    for n = 1, #f do cut[#cut + 1] = {f:sub(1, n), len = #f} end
  end
  local wfile, cfile = pcap_file(pcap(whole, lt)), pcap_file(pcap(cut, lt))
  for _, opts in ipairs{"-nn", "-nn -e", "-nn -v", "-nn -e -v", "-nn -X", "-nn -e -X", "-nn -q", "-nn -XX"} do
    same_as_tcpdump(wfile, opts)
    same_as_tcpdump(cfile, opts)
  end
  return table.concat(run("tcpdump", wfile, "-nn -e", TZ), "\n")
end

function TestTcpdump:test_llc_stp_and_snap_frames_print_as_tcpdump()
  local text = links_as_tcpdump(llc_frames(), 1)
  for _, want in ipairs{"STP 802.1d, Config, Flags [Topology change, Topology change ACK]", "STP 802.1w, Rapid STP",
      "STP 802.1d, Topology Change", "oui Ethernet (0x000000), ethertype IPv4 (0x0800)", "pid PVST (0x010b)",
      "NetBeui (0xf0)", "Supervisory", "Information, send seq", "unknown STP version"} do
    lu.assertStrContains(text, want, false)
  end
end

function TestTcpdump:test_vlan_and_qinq_tags_print_as_tcpdump()
  local text = links_as_tcpdump(vlan_frames(), 1)
  lu.assertStrContains(text, "ethertype 802.1Q-QinQ (0x88a8), length 50: vlan 100, p 0, ethertype 802.1Q (0x8100), vlan 200, p 7")
end

function TestTcpdump:test_cooked_headers_with_tags_and_llc_print_as_tcpdump()
  lu.assertStrContains(links_as_tcpdump(cooked_frames(sll), 113), "802.2, length 54: LLC, dsap STP")
  lu.assertStrContains(links_as_tcpdump(cooked_frames(sll2), 276), "vlan 5, p 0, ethertype 802.1Q, vlan 6, p 0, ethertype IPv6, ")
end

-- A Linux bridge running STP sends config BPDUs on its ports, which print
-- as tcpdump prints them (the kernel's own 802.3 frames, not crafted ones).
function TestTcpdump:test_a_linux_bridges_stp_bpdus_print_as_tcpdump()
  local lab <close> = netlab.lab()
  local a, s = assert(lab:host "a"), assert(lab:host "s")
  assert(lab:link(a, s))
  local cap = assert(a:capture{filter = "stp"})
  local _, _, code = s:sh("ip link add br0 type bridge stp_state 1 hello_time 100 && ip link set eth0 master br0"
    .. " && ip link set br0 up", {timeout = 5})
  lu.assertEquals(code, 0)
  lu.assertNotNil(cap:next(5), "no BPDU within 5 s")
  cap:stop()
  local path = helper.tmpname(".pcap")
  assert(cap:save(path))
  for _, opts in ipairs{"-nn", "-nn -e", "-nn -v", "-nn -e -v", "-nn -X"} do
    lu.assertStrContains(table.concat(same_as_tcpdump(path, opts), "\n"), "STP 802.1d, Config, Flags [")
  end
end

-- Redis (RESP) on port 6379 -----------------------------------------------

-- Payloads a Redis client or server sends, and ones neither should: what
-- tcpdump's RESP printer makes of each (names say what each is about).
local function resp_payloads()
  local deep = ("*1\r\n"):rep(300) .. ":7\r\n"
  return {
    ping = "PING\r\n", ping_lf = "PING\n", pings = "PING\r\nPING\r\nPING\r\n", blank_lines = "\r\n\n\rPING\r\n\r\n",
    inline_words = "SET name netlab\r\n", inline_no_end = "PING", only_crlf = "\r\n", only_lf = "\n",
    set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", get = "*2\r\n$3\r\nGET\r\n$4\r\nname\r\n",
    pipelined = ("*2\r\n$4\r\nINCR\r\n$1\r\nz\r\n"):rep(3),
    ok = "+OK\r\n", pong = "+PONG\r\n", err = "-ERR unknown command 'HELLO'\r\n", int = ":42\r\n",
    neg_int = ":-7\r\n", bulk = "$3\r\nfoo\r\n", null = "$-1\r\n", null_array = "*-1\r\n",
    empty_bulk = "$0\r\n\r\n", empty_array = "*0\r\n", empty_simple = "+\r\n",
    nested = "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Foo\r\n-Bar\r\n", deep = deep,
    several = "+OK\r\n:1\r\n$3\r\nbar\r\n$-1\r\n*0\r\n-ERR x\r\nPING\r\n",
    mixed_array = "*5\r\n:1\r\n$-1\r\n*-1\r\n$0\r\n\r\n+s\r\n",
    binary_bulk = "$6\r\n\0\1\127\128\255 \r\n", binary_simple = "+\0\27[1m\200\r\n",
    binary_inline = "\1\2\3\255x\r\n", bulk_late_crlf = "$3\r\nfooXYZ\r\n", bulk_no_crlf = "$3\r\nfoo",
    bulk_short = "$10\r\nabc\r\n", array_short = "*3\r\n:1\r\n", array_of_nothing = "*2\r\n",
    simple_no_crlf = "+OK", simple_cr_only = "+OK\r", int_lf_only = ":1\n:2\r\n",
    bad_len_letters = "$abc\r\n", bad_array_len = "*x\r\nPING\r\n", bad_len_cr = "$3\rfoo\r\n",
    bad_len_lf = "$3\nfoo\r\n", bad_len_space = "$3 \r\nfoo\r\n", len_no_digits = "$\r\n",
    neg_two = "$-2\r\n", neg_array = "*-5\r\n:1\r\n", neg_zero = "$-0\r\n", minus_only = "$-\r\n",
    too_large = "$99999999999\r\nfoo\r\n", int_max = "$2147483647\r\nx\r\n", int_max_plus = "*2147483648\r\n",
    big_array = "*2147483647\r\n:1\r\n", neg_large = "$-99999999999\r\n", len_at_end = "$12",
    len_cr_at_end = "$1\r", array_at_end = "*", dollar = "$", star_crlf_only = "*\r\n",
    after_bad = "$x\r\n+OK\r\n:5\r\n", leading_zeros = "$003\r\nabc\r\n:00\r\n",
  }
end

-- The payload names of resp_payloads(), in a fixed order.
local function resp_names()
  local names = {}
  for name in pairs(resp_payloads()) do names[#names + 1] = name end
  table.sort(names)
  return names
end

-- Frames carrying each RESP payload: to and from port 6379, over IPv4
-- and IPv6, and between 6379 and ports tcpdump tries before or after it.
local function resp_frames()
  local all, frames = resp_payloads(), {}
  for _, name in ipairs(resp_names()) do
    local m = all[name]
    frames[#frames + 1] = e4({}, tcp({dport = 6379, flags = 0x18, ack = 1}, m))
    frames[#frames + 1] = e4({src = "10.0.0.2", dst = "10.0.0.1"}, tcp({sport = 6379, flags = 0x18, ack = 1}, m))
  end
  for _, port in ipairs{22, 25, 43, 80, 21, 53} do
    frames[#frames + 1] = e4({}, tcp({sport = port, dport = 6379, flags = 0x18, ack = 1}, "+OK\r\n"))
  end
  frames[#frames + 1] = e6({nh = 6}, tcp({dport = 6379, flags = 0x18, ack = 1}, all.set))
  frames[#frames + 1] = e4({}, tcp({dport = 6379, flags = 0x11, ack = 1}))
  return frames
end

function TestTcpdump:test_resp_on_port_6379_prints_as_tcpdump()
  local recs = {}
  for _, d in ipairs(resp_frames()) do recs[#recs + 1] = {d} end
  local file = pcap_file(pcap(recs))
  local text = table.concat(same_as_tcpdump(file, "-nn"), "\n")
  -- the lines hold what this test is about (else it proves nothing)
  for _, want in ipairs{': RESP "PING"', ': RESP "PING" "PING" "PING"', ': RESP "SET" "k" "v"',
      ': RESP "OK"', ': RESP "ERR unknown command \'HELLO\'"', ': RESP "42"', ': RESP "foo"',
      ': RESP null', ': RESP empty', ': RESP "1" "2" "3" "Foo" "Bar"', ' [|resp]', ' invalid',
      ' length too large', ' length negative and not -1', '"^@^A^?M-^@M-^? "', '"OK" "1" "bar" null empty'} do
    lu.assertStrContains(text, want, false)
  end
  for _, opts in ipairs(OPTION_SETS) do same_as_tcpdump(file, opts) end
end

function TestTcpdump:test_every_truncation_of_resp_segments()
  local cut = {}
  for _, d in ipairs(resp_frames()) do
    -- from inside the TCP header (its last bytes) to the payload's last byte
    for n = 14 + 20 + 16, #d - 1 do cut[#cut + 1] = {d:sub(1, n), len = #d} end
  end
  lu.assertTrue(#cut > 2000, "few packets cut: " .. #cut)
  local file = pcap_file(pcap(cut))
  for _, opts in ipairs{"-nn", "-nn -X", "-nn -e"} do same_as_tcpdump(file, opts) end
end

function TestTcpdump:test_garbage_on_port_6379()
  -- random bytes, and random runs of what RESP is made of
  math.randomseed(6379)
  local alphabet = {"+", "-", ":", "$", "*", "\r", "\n", "\r\n", "0", "1", "3", "-1", "9", "x", " ", "\0", "\255"}
  local recs = {}
  for i = 1, 3000 do
    local t = {}
    for k = 1, math.random(1, 60) do
      t[k] = i % 2 == 0 and alphabet[math.random(#alphabet)] or string.char(math.random(0, 255))
    end
    local m = table.concat(t)
    local d = e4({}, tcp({sport = i % 3 == 0 and 6379 or 40000, dport = i % 3 == 0 and 40000 or 6379,
      flags = 0x18, ack = 1}, m))
    local caplen = i % 5 == 0 and math.random(54, #d) or #d -- every fifth cut short
    recs[#recs + 1] = {d:sub(1, caplen), len = #d}
  end
  local file = pcap_file(pcap(recs))
  same_as_tcpdump(file, "-nn")
  same_as_tcpdump(file, "-nn -X")
end

function TestTcpdump:test_a_redis_exchange_in_a_lab_prints_as_tcpdump()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  -- each request and the reply a Redis server would give it
  local talk = {
    {"PING\r\n", "+PONG\r\n"},
    {"*3\r\n$3\r\nSET\r\n$4\r\nname\r\n$6\r\nnetlab\r\n", "+OK\r\n"},
    {"*2\r\n$3\r\nGET\r\n$4\r\nname\r\n", "$6\r\nnetlab\r\n"},
    {"GET nothing\r\n", "$-1\r\n"},
    {"*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n", ":1\r\n:2\r\n"},
    {"*2\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n", "*2\r\n*1\r\n$1\r\na\r\n*0\r\n"},
    {"HELLO\r\n", "-ERR unknown command 'HELLO'\r\n"},
  }
  local server <close> = assert(b:tcp())
  assert(server:bind("10.0.0.2", 6379))
  assert(server:listen())
  local cap = assert(a:capture{filter = "tcp port 6379"})
  local t = netlab.spawn(function()
    local c <close> = assert(server:accept())
    c:settimeout(5)
    for _, e in ipairs(talk) do
      lu.assertEquals(c:receive(#e[1]), e[1])
      assert(c:send(e[2]))
    end
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", 6379))
  for _, e in ipairs(talk) do
    assert(c:send(e[1]))
    lu.assertEquals(c:receive(#e[2]), e[2])
  end
  c:close()
  t:join(5)
  netlab.sleep(0.3)
  local path = helper.tmpname(".pcap")
  assert(cap:save(path))
  local text = table.concat(same_as_tcpdump(path, "-nn"), "\n")
  for _, want in ipairs{': RESP "PING"', ': RESP "PONG"', ': RESP "SET" "name" "netlab"', ': RESP "OK"',
      ': RESP "GET" "name"', ': RESP "netlab"', ': RESP "GET nothing"', ': RESP null',
      ': RESP "INCR" "n" "INCR" "n"', ': RESP "1" "2"', ': RESP "a" empty',
      ': RESP "ERR unknown command \'HELLO\'"'} do
    lu.assertStrContains(text, want, false)
  end
  for _, opts in ipairs(OPTION_SETS) do same_as_tcpdump(path, opts) end
end

-- Sources and outputs ------------------------------------------------------

function TestTcpdump:test_paths_readers_and_packet_lists_print_the_same()
  local file = lab_pcap()
  local from_path, n = netlab.tcpdump(file, "-nn -tt", {text = true})
  local reader = assert(netlab.pcap.open(file))
  local from_reader = netlab.tcpdump(reader, "-nn -tt", {text = true})
  local list = {}
  for p in assert(netlab.pcap.open(file)):packets() do list[#list + 1] = p end
  local from_list, m = netlab.tcpdump(list, "-nn -tt", {text = true})
  lu.assertTrue(n > 50)
  lu.assertEquals(m, n)
  lu.assertEquals(from_reader, from_path)
  lu.assertEquals(from_list, from_path)
  local lines = {}
  for _, p in ipairs(list) do lines[#lines + 1] = tostring(p) end
  local plain = netlab.tcpdump(list, "-nn", {text = true})
  lu.assertEquals(table.concat(lines, "\n") .. "\n", plain, "tostring(p) is the -nn line")
end

function TestTcpdump:test_a_live_capture_prints_up_to_count_packets()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local cap = assert(a:capture{filter = "icmp"})
  a:ping("10.0.0.2", {count = 3, interval = 0.05})
  local text, n = netlab.tcpdump(cap, "-nn -t", {text = true, count = 4, timeout = 2})
  lu.assertEquals(n, 4)
  local lines = {}
  for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
  lu.assertEquals(#lines, 4)
  lu.assertStrMatches(lines[1], "IP 10%.0%.0%.1 > 10%.0%.0%.2: ICMP echo request, id %d+, seq 1, length 64")
  lu.assertStrMatches(lines[4], "IP 10%.0%.0%.2 > 10%.0%.0%.1: ICMP echo reply, id %d+, seq 2, length 64")
end

-- The option sets a live capture is printed under (as its saved file).
local LIVE_OPTION_SETS = {"-nn", "-nn -# -tttt", "-nn -ttttt", "-nn -ttt --nano", "-nn -tt --nano -#",
  "-nn -S -q", "-nn -e -XX", "-nn -A", "-nn -AA -e"}

function TestTcpdump:test_a_live_capture_prints_as_tcpdump_prints_its_file()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local cap = assert(a:capture())
  a:ping("10.0.0.2", {count = 3, interval = 0.05})
  a:sh("bash -c 'printf \"GET / HTTP/1.1\\r\\nHost: b\\r\\n\\r\\n\" > /dev/udp/10.0.0.2/9999'", {timeout = 5})
  netlab.sleep(0.2)
  cap:stop() -- what it holds now is what both print
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, cap:list(), {nsec = true})) -- the capture's own precision
  for _, opts in ipairs(LIVE_OPTION_SETS) do
    local want = run("tcpdump", path, opts) -- in this process's time zone
    lu.assertTrue(#want >= 7, opts .. ": " .. #want .. " lines")
    local text = netlab.tcpdump(cap, opts, {text = true})
    local got = {}
    for line in text:gmatch("([^\n]*)\n") do got[#got + 1] = line end
    for i = 1, math.max(#want, #got) do
      lu.assertEquals(got[i], want[i], ("%s: line %d of %d"):format(opts, i, #want))
    end
  end
end

-- tcpdump -i any prints each packet's interface, named as in the host, and
-- its direction ("eth0  Out IP ..."): a capture on "any" asks libpcap for
-- Linux cooked v2 as tcpdump 4.99 does and prints the same, even for an
-- interface made after the capture started.
function TestTcpdump:test_a_capture_on_any_names_each_packets_interface_as_tcpdump_i_any()
  tcpdump_in_hosts()
  local lab <close> = netlab.lab()
  local a, r, d, e = assert(lab:host "a"), assert(lab:router "r"), assert(lab:host "d"), assert(lab:host "e")
  assert(lab:link(a, r, "10.0.0.1/24", "10.0.0.254/24"))
  assert(lab:link(r, d, "10.0.1.254/24", "10.0.1.2/24"))
  local T = {timeout = 5}
  a:sh("ip route add default via 10.0.0.254", T)
  d:sh("ip route add default via 10.0.1.254", T)
  r:sh("ip link set eth1 down; ip link set eth1 name right; ip link set right up", T)
  local files, dumps = {}, {}
  for i, opts in ipairs{"-nn -t", "-nn -t -e"} do
    files[i] = helper.tmpname(".txt")
    dumps[i] = assert(r:start(("exec tcpdump -Z root -l %s -i any icmp > %s 2>/dev/null"):format(opts, files[i])))
  end
  local cap = assert(r:capture{iface = "any", filter = "icmp"})
  lu.assertEquals(cap:linktype(), 276)
  netlab.sleep(1)
  a:ping("10.0.1.2", {count = 2, interval = 0.05})
  lu.assertEquals(#cap:list(), 8) -- read now: the ring holds 8 (see ARCHITECTURE.md)
  assert(lab:link(r, e, "10.0.2.254/24", "10.0.2.2/24"))
  e:sh("ip route add default via 10.0.2.254", T)
  e:ping("10.0.0.1", {count = 1})
  netlab.sleep(0.5)
  for _, p in ipairs(dumps) do p:stop() end
  cap:stop()
  for i, opts in ipairs{"-nn -t", "-nn -t -e"} do
    local f <close> = assert(io.open(files[i]))
    local want = {}
    for line in f:lines() do want[#want + 1] = line end
    local got = {}
    for line in netlab.tcpdump(cap, opts, {text = true}):gmatch("([^\n]*)\n") do got[#got + 1] = line end
    lu.assertEquals(#want, 12, opts .. ": " .. table.concat(want, "\n"))
    lu.assertEquals(got, want, opts)
  end
  local text = netlab.tcpdump(cap, "-nn -t", {text = true})
  lu.assertStrContains(text, "right Out IP 10.0.0.1 > 10.0.1.2: ICMP echo request")
  lu.assertStrContains(text, "eth1  In  IP 10.0.2.2 > 10.0.0.1: ICMP echo request")
end

function TestTcpdump:test_a_live_capture_without_limits_prints_what_it_has()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local cap = assert(a:capture{filter = "icmp"})
  a:ping("10.0.0.2", {count = 2, interval = 0.05})
  local started = netlab.now()
  local text, n = netlab.tcpdump(cap, "-nn -t", {text = true})
  lu.assertTrue(netlab.now() - started < 0.5, "returned at once")
  lu.assertEquals(n, 4) -- two requests, two replies: all captured so far
  lu.assertEquals(select(2, text:gsub("ICMP echo", "")), 4)
  lu.assertEquals(#cap:list(), 4) -- and the capture still has them
end

function TestTcpdump:test_output_goes_to_the_file_given()
  local file = pcap_file(pcap({{e4({proto = 17}, udp({}, "hello"))}}))
  local out = helper.tmpname(".txt")
  local f = assert(io.open(out, "w"))
  lu.assertEquals(netlab.tcpdump(file, "-nn -t", f), 1)
  f:close()
  f = assert(io.open(out))
  lu.assertEquals(f:read("a"), "IP 10.0.0.1.40000 > 10.0.0.2.9999: UDP, length 5\n")
  f:close()
  f = assert(io.open(out, "w"))
  lu.assertEquals(netlab.tcpdump(file, "-t", {out = f}), 1)
  f:close()
  local lines = require("netlab.tcpdump").lines(file, "-t -q")
  lu.assertEquals(lines, {"IP 10.0.0.1.40000 > 10.0.0.2.9999: UDP, length 5"})
end

function TestTcpdump:test_a_printer_keeps_tcpdumps_state_between_lines()
  local cprint = require "netlab.print"
  local pr <close> = cprint.new{ts = "delta"}
  local list = {}
  for p in assert(netlab.pcap.open(lab_pcap())):packets() do list[#list + 1] = p end
  lu.assertStrContains(pr:line(list[1]), " 00:00:00.000000 ")
  lu.assertNotNil(pr:line(list[2]):match("^ 00:00:00%.%d%d%d%d%d%d "))
  local numbered <close> = cprint.new{ts = "since_first", number = true}
  local want = run("tcpdump", lab_pcap(), "-nn -# -ttttt")
  for i = 1, 3 do lu.assertEquals(numbered:line(list[i]), want[i]) end
  pr:close()
  pr:close() -- again is harmless
  helper.raises("attempt to use a closed printer", pr.line, pr, list[1])
end

-- Bad input -----------------------------------------------------------------

function TestTcpdump:test_bad_options_and_sources_raise()
  local file = pcap_file(pcap({{e4({proto = 17}, udp({}, "x"))}}))
  helper.raises("unknown option -Z", netlab.tcpdump, file, "-nn -Z")
  helper.raises("unknown option nn", netlab.tcpdump, file, "nn")
  helper.raises("only -t, -tt, -ttt, -tttt and -ttttt are supported", netlab.tcpdump, file, "-tttttt")
  helper.raises("unknown option --nanos", netlab.tcpdump, file, "-nn --nanos")
  helper.raises("unknown option -", netlab.tcpdump, file, "-nn -")
  helper.raises("unknown option -y", netlab.tcpdump, file, "-#vy")
  helper.raises("-vvv is not supported (only -v and -vv)", netlab.tcpdump, file, "-nn -vvv")
  helper.raises("-vvv is not supported (only -v and -vv)", netlab.tcpdump, file, "-vv -nn -v")
  helper.raises("bad argument #2 to 'tcpdump' (string expected, got number)", netlab.tcpdump, file, 5)
  helper.raises("bad argument #1 to 'tcpdump'", netlab.tcpdump, 42)
  helper.raises("bad argument #3 to 'tcpdump'", netlab.tcpdump, file, "-nn", 7)
  helper.raises("bad argument #3 to 'tcpdump' (out must be an open file)", netlab.tcpdump, file, "", {out = 1})
  local cprint = require "netlab.print"
  helper.raises("bad argument #1 to 'new' (e: boolean expected, got number)", cprint.new, {e = 1})
  helper.raises("bad argument #1 to 'new' (XX: boolean expected, got number)", cprint.new, {XX = 2})
  helper.raises("bad argument #1 to 'new' (xx: boolean expected, got string)", cprint.new, {xx = "yes"})
  helper.raises("unknown option -y", netlab.tcpdump, file, "-nn -XXy")
  helper.raises("invalid option 'hours'", cprint.new, {ts = "hours"})
  helper.raises("bad argument #1 to 'new' (number: boolean expected, got number)", cprint.new, {number = 1})
  helper.raises("bad argument #1 to 'new' (AA: boolean expected, got number)", cprint.new, {AA = 2})
  helper.raises("bad argument #1 to 'new' (v: boolean or 0, 1, 2 expected, got 3)", cprint.new, {v = 3})
  helper.raises("bad argument #1 to 'new' (v: boolean or 0, 1, 2 expected, got string)", cprint.new, {v = "2"})
  helper.raises("bad argument #1 to 'new' (v: boolean or 0, 1, 2 expected, got 1.5)", cprint.new, {v = 1.5})
  local pr <close> = cprint.new()
  helper.raises("netlab.packet expected", pr.line, pr, "not a packet")
  local closed = assert(io.open(file))
  closed:close()
  helper.raises("closed file", pr.file, pr, file, closed)
end

function TestTcpdump:test_unreadable_files_return_nil_message_errno()
  local n, msg, code = netlab.tcpdump("/nonexistent/x.pcap", "-nn")
  lu.assertNil(n)
  lu.assertStrContains(msg, "/nonexistent/x.pcap")
  lu.assertEquals(code, netlab.errno.ENOENT)
  local junk = helper.tmpfile("this is not a pcap file at all", ".pcap")
  n, msg, code = netlab.tcpdump(junk, "-nn", {text = true})
  lu.assertNil(n)
  lu.assertStrContains(msg, "unknown file format")
  lu.assertEquals(type(code), "number")
end

-- A file cut in the middle of a packet: the whole packets print, then the
-- error, as tcpdump -r prints its lines and then "truncated dump file".
function TestTcpdump:test_a_truncated_file_prints_what_it_has_then_says_so()
  local whole = pcap({{e4({proto = 17}, udp({}, "one"))}, {e4({proto = 17}, udp({}, "two"))}})
  local file = pcap_file(whole:sub(1, -5))
  local out = helper.tmpname(".txt")
  local f <close> = assert(io.open(out, "w"))
  local n, msg, code = netlab.tcpdump(file, "-nn -t", f)
  f:flush()
  lu.assertNil(n)
  lu.assertStrContains(msg, "truncated dump file")
  lu.assertEquals(code, netlab.errno.EIO)
  local printed = assert(io.open(out)):read("a")
  local want = helper.run("tcpdump -nn -t -r " .. file)
  lu.assertEquals(printed, want)
  lu.assertEquals(select(2, printed:gsub("\n", "")), 1)
end

-- Output that cannot be written is an I/O failure, never a count: before,
-- every call below returned the packets' count as if it had printed.
function TestTcpdump:test_write_errors_return_nil_message_errno()
  local file = pcap_file(pcap({{e4({proto = 17}, udp({}, "one"))}, {e4({proto = 17}, udp({}, "two"))}}))
  local list = {}
  for p in assert(netlab.pcap.open(file)):packets() do list[#list + 1] = p end
  for _, source in ipairs{file, list} do
    local full <close> = assert(io.open("/dev/full", "w"))
    local n, msg, code = netlab.tcpdump(source, "-nn -X", full)
    lu.assertNil(n, "a count for output that was never written")
    lu.assertEquals(msg, "No space left on device")
    lu.assertEquals(code, netlab.errno.ENOSPC)
    n, msg, code = netlab.tcpdump(source, "-nn", {out = full})
    lu.assertNil(n)
    lu.assertEquals(code, netlab.errno.ENOSPC)
    local ro <close> = assert(io.open(file, "r"))
    n, msg, code = netlab.tcpdump(source, "-nn", ro)
    lu.assertNil(n, "a count for a file opened for reading")
    lu.assertEquals(msg, "Bad file descriptor")
    lu.assertEquals(code, netlab.errno.EBADF)
  end
  local closed = assert(io.open(file))
  closed:close()
  helper.raises("bad argument #3 to 'tcpdump' (attempt to use a closed file)", netlab.tcpdump, file, "-nn", closed)
  helper.raises("bad argument #3 to 'tcpdump' (attempt to use a closed file)", netlab.tcpdump, list, "", {out = closed})
  -- pcap.write (and cap:save, which uses it) already said so
  local ok, msg, code = netlab.pcap.write("/dev/full", list)
  lu.assertNil(ok)
  lu.assertEquals(msg, "/dev/full: No space left on device")
  lu.assertEquals(code, netlab.errno.ENOSPC)
end

function TestTcpdump:test_every_function_is_documented()
  local doc = require "netlab.doc"
  lu.assertNotNil(doc["netlab.tcpdump"])
  lu.assertNotNil(doc["netlab.print.new"])
  lu.assertIs(netlab.print.new, require("netlab.print").new, "netlab.print.new is where the docs list it")
  local pr <close> = netlab.print.new()
  for name, v in pairs(getmetatable(pr).__index) do
    if type(v) == "function" then
      lu.assertNotNil(doc["printer:" .. name], "printer:" .. name .. " has no doc entry")
    end
  end
end
