-- netlab.lab_sockets (being written)
local M = {}
return M
