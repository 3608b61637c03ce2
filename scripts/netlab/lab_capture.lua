-- netlab.lab_capture (being written)
local M = {}
return M
