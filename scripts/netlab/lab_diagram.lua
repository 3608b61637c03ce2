-- netlab.lab_diagram (being written)
local M = {}
return M
