-- netlab.packet (being written)
local M = {}
return M
