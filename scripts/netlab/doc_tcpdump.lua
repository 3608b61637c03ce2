-- netlab.doc_tcpdump: the doc lines of this area (see netlab.doc).
return {
  ["netlab.tcpdump"] = "netlab.tcpdump(source[, opts[, out]]) -> count | text, count | nil, msg, errno (a file it cannot read, an out it cannot write) -- print a pcap path, capture, reader or packet list exactly as `tcpdump <opts> -r` would (opts: tcpdump's -e -S -q -# (--number), -t (none), -tt (epoch), -ttt (since the previous), -tttt (local date and time), -ttttt (since the first), --nano, --micro; -x, -xx, -X, -XX: hex, with ASCII for X, -A, -AA: as text (tcpdump's ascii_print), doubled from the link-layer header on, -X winning over -x, -x over -A; -n, -U and -l change nothing; any other raises, naming it); out: a file (default io.stdout) or {out = file, text = true (return the text), count =, timeout = (follow a live capture, as tcpdump -c; without them a capture prints what it has captured so far)}",
  ["netlab.tcpdump.lines"] = "require(\"netlab.tcpdump\").lines(source[, opts]) -> {line, ...} -- the lines netlab.tcpdump would print (a -X packet spans several)",
  ["netlab.print.new"] = "netlab.print.new{ts=\"local\"|\"none\"|\"epoch\"|\"delta\"|\"date\"|\"since_first\", e=, S=, q=, X=, XX=, x=, xx=, A=, AA=, nsec=, number=} -> printer -- a tcpdump printer that keeps tcpdump's state between packets",
  ["printer:line"] = "printer:line(packet) -> string -- the packet's tcpdump line (and -X lines), relative numbers from the packets this printer saw",
  ["printer:file"] = "printer:file(path[, file]) -> count | nil, msg, errno -- print every packet of a pcap/pcapng file to file (default stdout), in C; a damaged file prints its whole packets, then returns nil, msg (as tcpdump -r)",
  ["printer:close"] = "printer:close() -- free the printer (also on garbage collection and <close>)",
}
