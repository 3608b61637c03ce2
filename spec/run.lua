-- spec/run.lua [NAME...]: runs the spec files (spec/NAME_spec.lua, all by
-- default) with LuaUnit. The last line is "N passed, N failed".
package.path = "spec/?.lua;" .. package.path
local lu = require "luaunit"
local helper = require "helper"

-- The spec files to run: those named on the command line, or all.
local function spec_files(names)
  local files = {}
  if #names > 0 then
    for _, n in ipairs(names) do files[#files + 1] = "spec/" .. n .. "_spec.lua" end
    return files
  end
  local out = assert(io.popen("ls spec/*_spec.lua"))
  for f in out:lines() do files[#files + 1] = f end
  out:close()
  return files
end

-- What the machine's own network looks like (what changes by itself,
-- neighbour states, route expiry timers and the neighbours without a
-- link-layer address, FAILED or INCOMPLETE ones the kernel collects on
-- its own, left out): the suite must leave it exactly as it found it.
local function machine_network()
  return helper.sh([[
    ip netns list; ip -br link; ip -br addr; ip route
    ip -6 route | sed 's/ expires [0-9]*sec//'
    ip neigh | awk '$4 == "lladdr" { print $1, $3, $5 }' | sort]])
end

-- What the machine's /run holds (its top level and its netns names): a
-- host's /run is its own, and a spec's own mounts must not leave utab
-- files either (mount -n).
local function machine_run()
  return helper.sh("ls -A /run /var/run; ls -A /run/netns 2>/dev/null; true")
end

for _, f in ipairs(spec_files(arg)) do dofile(f) end

local before, run_before = machine_network(), machine_run()
local runner = lu.LuaUnit.new()
runner:setOutputType("text")
runner:runSuite("--verbose")
local r = runner.result
helper.cleanup()
local passed, failed = r.successCount, r.notSuccessCount
-- Adds the suite's last checks to its counts: the machine is as it was.
local function check_unchanged(what, before, after)
  if after == before then
    passed = passed + 1
    print(("The machine's %s is as the suite found it ... Ok"):format(what))
  else
    failed = failed + 1
    print(("FAIL: the suite changed the machine's %s.\nBefore:\n%sAfter:\n%s"):format(what, before, after))
  end
end
check_unchanged("own network", before, machine_network())
check_unchanged("/run", run_before, machine_run())
-- Skipped tests (lu.skip: what this machine or this user cannot run,
-- "needs root: ...") are neither passed nor failed: each is named, with
-- why, and counted before the last line.
local skipped = r.skippedTests or {}
if #skipped > 0 then
  print(("%d skipped (not run here):"):format(#skipped))
  for _, node in ipairs(skipped) do print("  " .. node.testName .. ": " .. tostring(node.msg)) end
end
print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
