-- netlab.machine_names: a lab's names on every machine it spans. A host
-- of the lab resolves the names of every other host (their first
-- address of each family) and the lab:name entries, wherever each host
-- is, in netlab's sockets and in its programs' /etc/hosts.
--
--   controller                               worker (machine m2)
--   lab._names_gen: bumped when an address   its lab's own hosts' first
--   of a host here or a lab:name changes     addresses, in an answer's
--   a request carries `names` (the other     `addrs` when they changed
--   machines' hosts, this one's, lab:name)   (record_end, addr_add...)
--   when m2 has not seen the latest          a request's `names` become
--                                            its lab's `_elsewhere`
--
-- Both sides then read l._elsewhere = {hosts = {name -> {inet =, inet6 =}},
-- list = {{name =, inet =, inet6 =}...}, names = {same}} next to their own
-- hosts and names (lab_names.lua's hosts_text and lookup_name).
local M = {}

-- M.changed(l): an address of one of LAB's hosts, or a name, changed.
function M.changed(l)
  if l then l._names_gen = (l._names_gen or 0) + 1 end
end

-- M.own_hosts(l) -> {{name =, inet =, inet6 =}...}: the first address of
-- each family of each of LAB's hosts on this machine.
function M.own_hosts(l)
  local out = {}
  local state = require("netlab.lab").host_state
  for _, h in ipairs(l._hosts) do
    local st, e = state(h), nil
    for _, a in ipairs(st and st.addrs or {}) do
      e = e or {name = h:name()}
      e[a.family] = e[a.family] or a.ip
    end
    out[#out + 1] = e
  end
  return out
end

-- LIST ({name =, inet =, inet6 =}...) with a map by name (the first wins).
local function indexed(list)
  local map = {}
  for _, e in ipairs(list) do map[e.name] = map[e.name] or e end
  return map
end

-- M.set(l, hosts, names): LAB's hosts elsewhere and names given there.
local function set(l, hosts, names)
  l._elsewhere = {list = hosts, hosts = indexed(hosts), names = names or {}}
end

-- Worker side -----------------------------------------------------------

local reported = setmetatable({}, {__mode = "k"}) -- lab -> the generation last reported

-- M.report(labs) -> {{lab =, gen =, hosts =}...} | nil: the hosts of each
-- of LABS whose addresses changed since the last report.
function M.report(labs)
  local out
  for _, l in ipairs(labs) do
    local gen = l._names_gen
    if gen and reported[l] ~= gen and not l._closed then
      reported[l] = gen
      out = out or {}
      out[#out + 1] = {lab = l, gen = gen, hosts = M.own_hosts(l)}
    end
  end
  return out
end

-- M.take(push): a request's `names` ({lab =, hosts =, names =}), from
-- the controller; a value that is not one is left.
function M.take(push)
  if type(push) ~= "table" or getmetatable(push.lab) == nil then return end
  if type(push.hosts) ~= "table" or type(push.names) ~= "table" then return end
  set(push.lab, push.hosts, push.names)
end

-- Controller side -------------------------------------------------------

-- Rebuilds LAB's hosts elsewhere from its machines' last reports.
local function gather(l)
  local list = {}
  for _, m in ipairs(l._machine_list or {}) do
    for _, e in ipairs(m.hosts_names or {}) do list[#list + 1] = e end
  end
  set(l, list, {})
end

-- M.received(machine, reports): MACHINE's answer said its hosts' addresses
-- (a later generation than the last one it said replaces it).
function M.received(machine, reports)
  if type(reports) ~= "table" then return end
  for _, r in ipairs(reports) do
    if type(r) == "table" and r.lab == machine.lab and math.type(r.gen) == "integer"
      and r.gen > (machine.names_seen or -1) and type(r.hosts) == "table" then
      machine.names_seen, machine.hosts_names = r.gen, r.hosts
      gather(machine.owner)
      M.changed(machine.owner)
    end
  end
end

-- The names LAB gives (lab:name), as a list.
local function given(l)
  local out = {}
  for _, key in ipairs(l._name_order or {}) do
    local e = l._names[key]
    out[#out + 1] = {name = key, inet = e.inet, inet6 = e.inet6}
  end
  return out
end

-- M.push(machine, req): gives request REQ the lab's names for MACHINE
-- (every host not on it and the lab:name entries) if it has not seen
-- their latest.
function M.push(machine, req)
  local l = machine.owner
  if not l or not machine.lab or machine.names_pushed == l._names_gen then return end
  machine.names_pushed = l._names_gen
  local hosts = M.own_hosts(l)
  for _, m in ipairs(l._machine_list or {}) do
    if m ~= machine then
      for _, e in ipairs(m.hosts_names or {}) do hosts[#hosts + 1] = e end
    end
  end
  req.names = {lab = machine.lab, hosts = hosts, names = given(l)}
end

return M
