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

for _, f in ipairs(spec_files(arg)) do dofile(f) end

local runner = lu.LuaUnit.new()
runner:setOutputType("text")
runner:runSuite("--verbose")
local r = runner.result
helper.cleanup()
print(("%d passed, %d failed"):format(r.successCount, r.notSuccessCount))
os.exit(r.notSuccessCount == 0 and 0 or 1)
