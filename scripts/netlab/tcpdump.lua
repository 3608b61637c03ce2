-- netlab.tcpdump (being written)
local M = {}
return M
