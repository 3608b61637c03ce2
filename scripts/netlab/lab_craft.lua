-- netlab.lab_craft (being written)
local M = {}
return M
