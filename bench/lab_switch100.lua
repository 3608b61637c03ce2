-- lab_switch100.lua - netlab's side of the switch benchmark: 100 hosts
-- on one switch, each with an address, all up, then torn down.
local N = 100
local lab = netlab.lab()
local sw = assert(lab:switch "sw")
for i = 1, N do
  local h = assert(lab:host("h" .. i))
  assert(lab:link(h, sw, ("10.0.0.%d/24"):format(i)))
end
lab:close()
