-- netlab.doc_tunnel: the doc lines of tunnels and TUN/TAP (see netlab.doc).
return {
  ["lab:tunnel"] = "lab:tunnel(x, y[, {type =, vni =, port =, outer =, addrs =}]) -> link | nil, msg, errno -- a tunnel between two hosts over the network already joining them: a kernel interface in each (vxlan0, geneve0, gre1, ipip0, sit1) wrapping what it sends in an outer packet; type \"vxlan\" (default), \"geneve\", \"gre\", \"ipip\" or \"sit\"; vni 0-16777215 (1) and UDP port (4789, 6081) for VXLAN and Geneve; outer = {ip of x, ip of y}, the outer addresses (by default: the first address of y x has a route to, and the source x's kernel picks); addrs = {x's, y's}, each a CIDR text or a list, as lab:link's; the MTU is the smaller underlay's less the outer headers (VXLAN and Geneve 50, GRE 24, IPIP and SIT 20; 20 more over IPv6); IPv6 stays off on an end without an IPv6 address; x and y may be on different machines (lab:machine): each end is made on its own; a kind the kernel lacks returns one message naming its kernel option (CONFIG_GENEVE, CONFIG_NET_IPGRE, CONFIG_NET_IPIP, CONFIG_IPV6_SIT); nothing is left on failure",
  ["link:tunnel"] = "l:tunnel() -> {type =, vni =, port =, outer = {ip_x, ip_y}, mtu =} | nil -- a tunnel's settings (lab:tunnel; vni and port for VXLAN and Geneve), nil for a plain link",
  ["host:tun"] = "h:tun(name[, {addr =, mtu =}]) -> tun | nil, msg, errno -- a TUN interface NAME in the host whose IP packets the script reads and writes, with its addresses (a CIDR text or a list), up; IPv6 off without an IPv6 address; gone when the tun closes; rootless it needs /dev/net/tun open to every user (crw-rw-rw-)",
  ["host:tap"] = "h:tap(name[, {addr =, mtu =}]) -> tap | nil, msg, errno -- the same with Ethernet frames (a TAP interface)",
  ["tun"] = "tun -- a TUN or TAP interface of a host (host:tun, host:tap) whose packets the script moves; <close> or lab:close() closes it and its interface",
  ["tun:read"] = "t:read([timeout]) -> bytes | nil, \"timeout\" | nil, \"closed\" -- the next packet the host sent into the interface, whole (TUN: an IP packet; TAP: an Ethernet frame), waiting (other tasks run meanwhile) at most timeout seconds",
  ["tun:next"] = "t:next([timeout]) -> packet | nil, \"timeout\" | nil, \"closed\" -- the same as a netlab.packet (print(p) prints tcpdump's line)",
  ["tun:write"] = "t:write(data) -> bytes | nil, msg, errno -- hand the host a packet as if it came in on the interface: bytes, a netlab.packet or a crafted one; a TUN refuses what is not IP, a TAP what is shorter than an Ethernet header (EINVAL)",
  ["tun:close"] = "t:close() -> true -- close it; its interface goes; a task waiting in read gets \"closed\"; again is harmless",
  ["tun:getfd"] = "t:getfd() -> fd -- the /dev/net/tun fd (-1 once closed)",
  ["tun:name"] = "t:name() -> name -- the interface's name",
  ["tun:kind"] = "t:kind() -> \"tun\" | \"tap\"",
  ["tun:host"] = "t:host() -> host | nil -- the host it is in (nil once closed)",
}
