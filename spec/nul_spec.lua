-- spec/nul_spec.lua: a string with a NUL byte inside is refused, never
-- cut short. C sees "10.0.0.1/24\0junk" as "10.0.0.1/24", so before the
-- check lab:link, connect, capture{filter}, sh and the rest did something
-- other than what the script said and reported success. Each call below
-- raises "bad argument #N to 'NAME' (... NUL byte)" naming the public
-- function and leaves nothing behind; binary data (send, sendto's data,
-- packet payloads) keeps its NUL bytes.
local lu = require "luaunit"
local helper = require "helper"
local P = netlab.packet

TestNul = {}

-- Asserts that FN() raises about a NUL byte in argument N of NAME (or
-- its field FIELD), at the line of this file that called it.
local function refused(n, name, fn, field)
  local ok, err = pcall(fn)
  lu.assertFalse(ok, name .. " accepted a string with a NUL byte")
  err = tostring(err)
  local want = ("bad argument #%d to '%s' (%sstring contains a NUL byte)")
    :format(n, name, field and field .. ": " or "")
  lu.assertStrContains(err, want)
  lu.assertStrContains(err, "nul_spec.lua:")
end

function TestNul:test_lab_link_refuses_an_address_with_a_nul()
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  refused(3, "link", function() lab:link(a, b, "10.0.0.1/24\0junk", "10.0.0.2/24") end)
  refused(4, "link", function() lab:link(a, b, "10.0.0.1/24", {"10.0.0.2/24\0"}) end, "item 1")
  lu.assertNotStrContains(a:sh("ip -br link"), "eth0")
end

function TestNul:test_addresses_routes_and_neighbours()
  local lab <close>, a = helper.two_hosts()
  refused(2, "addr_add", function() a:addr_add("eth0", "10.1.0.1/24\0x") end)
  refused(1, "addr_add", function() a:addr_add("eth0\0x", "10.1.0.1/24") end)
  refused(2, "addr_del", function() a:addr_del("eth0", "10.0.0.1/24\0") end)
  refused(2, "route_add", function() a:route_add("10.9.0.0/24", {via = "10.0.0.2\0x"}) end, "via")
  refused(1, "route_add", function() a:route_add("10.9.0.0/24\0x", {via = "10.0.0.2"}) end)
  refused(1, "route_get", function() a:route_get("10.0.0.2\0x") end)
  refused(1, "route_del", function() a:route_del("10.0.0.0/24\0") end)
  refused(1, "neigh_add", function() a:neigh_add("10.0.0.9\0x", "02:00:00:00:00:09", "eth0") end)
  refused(3, "neigh_add", function() a:neigh_add("10.0.0.9", "02:00:00:00:00:09", "eth0\0") end)
  refused(1, "neigh_del", function() a:neigh_del("10.0.0.2\0") end)
  refused(1, "link_set", function() a:link_set("eth0\0", {up = true}) end)
  local out = a:sh("ip -br addr; ip route; ip neigh")
  lu.assertNotStrContains(out, "10.1.0.1")
  lu.assertNotStrContains(out, "10.9.0.0")
  lu.assertNotStrContains(out, "10.0.0.9")
end

function TestNul:test_capture_filter_is_not_cut_to_its_first_word()
  local lab <close>, a = helper.two_hosts()
  refused(1, "capture", function() a:capture{filter = "icmp\0 and tcp port 1"} end, "filter")
  refused(1, "capture", function() a:capture{iface = "eth0\0x"} end, "iface")
end

function TestNul:test_sh_does_not_run_half_a_command()
  local lab <close>, a = helper.two_hosts()
  refused(1, "sh", function() a:sh("echo first\0; echo second") end)
  refused(1, "sh", function() netlab.sh("echo first\0; echo second") end)
  refused(1, "start", function() a:start("sleep 1\0") end)
end

function TestNul:test_socket_addresses_and_option_names()
  local lab <close>, a = helper.two_hosts()
  local c = assert(a:tcp())
  refused(1, "connect", function() c:connect("10.0.0.2\0junk", 80) end)
  refused(1, "bind", function() c:bind("10.0.0.1\0", 0) end)
  refused(1, "setoption", function() c:setoption("reuseaddr\0x", true) end)
  refused(1, "receive", function() c:receive("*l\0") end)
  local u = assert(a:udp())
  refused(2, "sendto", function() u:sendto("x", "10.0.0.2\0j", 9) end)
  refused(1, "setpeername", function() u:setpeername("10.0.0.2\0j", 9) end)
  local path = helper.tmpname(".sock")
  local x = assert(netlab.unix())
  refused(1, "bind", function() x:bind(path .. "\0x") end)
  lu.assertNil(io.open(path), "no socket file made at the cut path")
end

function TestNul:test_a_repeated_sendto_destination_is_checked_too()
  local lab <close>, a, b = helper.two_hosts()
  local r = assert(b:udp())
  assert(r:setsockname("10.0.0.2", 9999))
  local u = assert(a:udp())
  assert(u:sendto("x", "10.0.0.2", 9999)) -- remembered as the last destination
  refused(2, "sendto", function() u:sendto("x", "10.0.0.2\0", 9999) end)
end

function TestNul:test_binary_data_keeps_its_nul_bytes()
  local lab <close>, a, b = helper.two_hosts()
  local r = assert(b:udp())
  r:settimeout(5)
  assert(r:setsockname("10.0.0.2", 9999))
  local u = assert(a:udp())
  lu.assertEquals(u:sendto("a\0b", "10.0.0.2", 9999), 3)
  lu.assertEquals(r:receive(), "a\0b")
  local raw = P.ip{dst = "10.0.0.2"} / P.udp{dport = 9999} / "c\0d"
  assert(a:send(raw))
  lu.assertEquals(r:receive(), "c\0d")
end

function TestNul:test_ping_traceroute_and_crafted_addresses()
  local lab <close>, a = helper.two_hosts()
  refused(1, "ping", function() a:ping("10.0.0.2\0x", {count = 1}) end)
  refused(1, "traceroute", function() a:traceroute("10.0.0.2\0x") end)
  refused(1, "ip", function() return tostring(P.ip{dst = "10.0.0.2\0x"}) end, "dst")
end

function TestNul:test_files_are_not_written_or_read_at_a_cut_path()
  local lab <close>, a = helper.two_hosts()
  local path = helper.tmpname(".pcap")
  os.remove(path)
  local cap = assert(a:capture{})
  refused(1, "save", function() cap:save(path .. "\0.txt") end)
  cap:stop()
  refused(1, "write", function() netlab.pcap.write(path .. "\0.txt", {}) end)
  lu.assertNil(io.open(path), "no file made at the cut path")
  refused(1, "open", function() netlab.pcap.open(path .. "\0x") end)
  refused(1, "tcpdump", function() netlab.tcpdump(path .. "\0x") end)
  refused(1, "dofile", function() a:dofile(path .. "\0x") end)
end

function TestNul:test_fd_redirection()
  refused(2, "tcp", function() netlab.fd.tcp(8, "127.0.0.1\0x", 80) end)
end
