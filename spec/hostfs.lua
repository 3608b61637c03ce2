-- spec/hostfs.lua: what a run's hosts may have left in the machine's
-- /run, /var/run and mount table, found by a name the run used, and its
-- removal. Shared by spec/hostfs_spec.lua and spec/kill_spec.lua.
local helper = require "helper"

local M = {}

-- Whether the machine had /run/netns when each name was made.
local had_dir = {}

-- True if the machine has a /run/netns directory now.
function M.netns_dir()
  return netlab.sh("test -d /run/netns && echo yes"):match("yes") ~= nil
end

-- A name no other run uses (for ip netns add, and files under /run),
-- noting whether the machine has /run/netns before the run.
function M.name()
  local name = "nlspec-" .. helper.new_mark():sub(-12)
  had_dir[name] = M.netns_dir()
  return name
end

-- The directories to look in: /run, and /var/run unless it is /run.
local function run_dirs()
  local var = netlab.sh("readlink -f /var/run"):match("[^\n]+")
  if var == nil or var == "/run" then return "/run/" end
  return "/run/ /var/run/"
end

-- The machine's mount points whose line in its mount table names NAME.
local function mounts(name)
  local out = netlab.sh(("awk -v n=%s 'index($0, n) { print $5 }' /proc/self/mountinfo")
    :format(helper.shquote(name)))
  local points = {}
  for p in out:gmatch("[^\n]+") do points[#points + 1] = p end
  return points
end

-- What the machine has that NAME's run left: paths under /run and
-- /var/run named after it, mounts naming it, a /run/netns it made.
function M.on_machine(name)
  local left = {}
  local found = netlab.sh(("find %s -maxdepth 3 -name %s 2>/dev/null")
    :format(run_dirs(), helper.shquote("*" .. name .. "*")))
  for p in found:gmatch("[^\n]+") do left[#left + 1] = p end
  for _, p in ipairs(mounts(name)) do left[#left + 1] = "mount on " .. p end
  if had_dir[name] == false and M.netns_dir() then left[#left + 1] = "/run/netns (made by the run)" end
  table.sort(left)
  return left
end

-- Removes what NAME's run left (M.on_machine), and returns that list.
function M.clean(name)
  local left = M.on_machine(name)
  for _, p in ipairs(mounts(name)) do netlab.sh("umount -l " .. helper.shquote(p)) end
  netlab.sh(("ip netns delete %s 2>/dev/null; find %s -maxdepth 3 -name %s -prune -exec rm -rf {} +"
    .. " 2>/dev/null"):format(helper.shquote(name), run_dirs(), helper.shquote("*" .. name .. "*")))
  if had_dir[name] == false then netlab.sh("rmdir /run/netns 2>/dev/null") end
  return left
end

return M
