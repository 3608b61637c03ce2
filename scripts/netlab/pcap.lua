-- netlab.pcap: capture files through libpcap.
--   local r = assert(netlab.pcap.open("web.pcap"))   -- pcap or pcapng
--   for p in r:packets() do print(p) end              -- as tcpdump -nn -r
--   r:close()
--   netlab.pcap.write("copy.pcap", packets)           -- as tcpdump -w
--
-- Both are C (bindings/l_pcapfile.c): the reader's iterator makes one
-- pcap_next_ex per packet, and the packet is decoded only when touched.
local ccap = require "netlab.c.capture"

local M = {}

-- netlab.pcap.open(path) -> reader | nil, message, errno
M.open = ccap.pcap.open

-- netlab.pcap.write(path, packets[, {nsec =, linktype =}]) -> true | nil,
-- message, errno: PACKETS (a list of packets of one link type) as a pcap
-- file; microsecond time stamps unless nsec (tcpdump -w writes micro);
-- linktype gives an empty list's link type.
M.write = ccap.pcap.write

M.meta = ccap.pcapfile_meta
return M
