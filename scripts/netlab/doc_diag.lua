-- netlab.doc_diag: the doc lines of this area (see netlab.doc).
return {
  ["host:sockets"] = "h:sockets{proto=, state=, port=} -> {row, ...} | nil, msg, errno -- the host's TCP and UDP sockets from the kernel's sock_diag (ss, netstat): proto \"tcp\"/\"udp\" (both families), \"tcp4\", \"tcp6\", \"udp4\", \"udp6\" or \"inet\" (all, the default), or a list; state a name (LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING, CLOSE; UDP: UNCONN, ESTABLISHED) or a list; port: local or remote. Rows: proto, family, local, local_port, remote, remote_port, state, recv_q, send_q, inode, uid, timer, expires, retrans; TCP: rtt, rttvar, rto (ms), cwnd, ssthresh, retransmits, total_retrans, mss; the holder: pid (the machine's), fd, command, program, owners",
  ["netlab.here:sockets"] = "netlab.here:sockets{...} -> {row, ...} | nil, msg, errno -- host:sockets for the machine's own network (read only)",
  ["socket:info"] = "sock:info() -> row | nil, msg, errno -- this socket's row of host:sockets (found by its inode); nil, msg, ENOENT while it is in no table (not bound or connected); a closed socket raises",
  ["netlab.fmt.netstat"] = "netlab.fmt.netstat(rows) -> text -- sockets rows as `netstat -natp` prints them (netstat's FIN_WAIT1 spelling, PID/Program name or \"-\")",
  ["netlab.fmt.ss"] = "netlab.fmt.ss(rows) -> text -- sockets rows as `ss -tanp` prints them (ss -tuanp's Netid column when TCP and UDP are mixed)",
  ["netlab.watch"] = "netlab.watch(sock_or_host, fn[, {interval=, timeout=}]) -> watcher | nil, msg, errno -- calls fn(row, old_state, new_state) at each TCP state change of a socket (or of every connection of a host), old_state nil when first seen, \"CLOSED\" when gone; a daemon task polls sock_diag every interval s (1 ms; the kernel sends no state events), so states shorter than that can be missed; ends when stopped, gone, or after timeout s (120)",
  ["watcher"] = "watcher -- a running netlab.watch: its timeline of TCP states",
  ["watcher:stop"] = "w:stop() -- stop polling; again is harmless",
  ["watcher:wait"] = "w:wait([timeout]) -> true | nil, \"timeout\" -- wait until the watcher ends (its socket gone from the table, stopped, timed out)",
  ["watcher:timeline"] = "w:timeline() -> {{time=, conn=, old=, state=}, ...} -- every change seen, time in seconds since the watch began, conn \"10.0.0.1:40000->10.0.0.2:8080\"",
  ["watcher:states"] = "w:states([conn]) -> {\"SYN_SENT\", \"ESTABLISHED\", ...} -- the states seen in order (of one connection when given)",
  ["watcher:isrunning"] = "w:isrunning() -> boolean -- true until the watcher ends",
  ["watcher:error"] = "w:error() -> msg | nil -- why the watcher ended early (the table could not be read)",
  ["host:lsof"] = "h:lsof{port=, pid=} -> {row, ...} | nil, msg, errno -- which processes hold the host's TCP and UDP sockets (lsof -nP -i :port, lsof -p pid), one row per fd by pid then fd: command, pid (the machine's), user, fd (\"3u\"), fdnum, type (\"IPv4\"), device (the inode), node (\"TCP\"), name (\"10.0.0.1:40000->10.0.0.2:8080 (ESTABLISHED)\"), socket (its host:sockets row)",
  ["netlab.fmt.lsof"] = "netlab.fmt.lsof(rows) -> text -- host:lsof rows as `lsof -nP -i :port` prints them",
  ["netlab.fd.list"] = "netlab.fd.list([pid]) -> rows | nil, msg, errno -- this process's fds (ls -l /proc/self/fd), sockets with proto, ends and TCP state (lsof -p $$); with a pid, another process's (e.g. host:start's p:pid()): fd, target, mode, and for its TCP and UDP sockets proto, family, ends, state (spelt as host:sockets does) and inode from the kernel's table in its network namespace",
}
