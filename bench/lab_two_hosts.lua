-- lab_two_hosts.lua - netlab's side of the lab set-up benchmark: two
-- hosts joined by a veth pair with addresses, all up, then torn down.
local lab = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
lab:close()
