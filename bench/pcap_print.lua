-- pcap_print.lua FILE: prints FILE as `tcpdump -nn -r FILE` does.
netlab.tcpdump(arg[1], "-nn")
