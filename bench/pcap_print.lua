-- pcap_print.lua FILE [OPTS]: prints FILE as `tcpdump OPTS -r FILE` does
-- (OPTS "-nn" by default).
netlab.tcpdump(arg[1], arg[2] or "-nn")
