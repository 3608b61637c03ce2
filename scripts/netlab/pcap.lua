-- netlab.pcap (being written)
local M = {}
return M
