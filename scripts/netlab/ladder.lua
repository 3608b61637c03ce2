-- netlab.ladder (being written)
local M = {}
return M
