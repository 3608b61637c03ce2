-- mk/luac.lua SRCDIR OUTDIR: writes OUTDIR/<path>.luac, the bytecode of
-- every SRCDIR/<path>.lua, for the searcher in bindings/searcher.c (a
-- precompiled module loads several times faster than its source parses).
-- The chunk names stay SRCDIR's paths, so tracebacks name the sources.
local src, out = arg[1], arg[2]
assert(src and out, "usage: netlab mk/luac.lua SRCDIR OUTDIR")

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local list = assert(io.popen("cd " .. quote(src) .. " && find . -name '*.lua' | sort"))
for rel in list:lines() do
  rel = rel:sub(3)
  local chunk = assert(loadfile(src .. "/" .. rel))
  local dst = out .. "/" .. rel:gsub("%.lua$", ".luac")
  assert(os.execute("mkdir -p " .. quote(dst:match("^(.*)/"))))
  local f = assert(io.open(dst, "wb"))
  f:write(string.dump(chunk))
  f:close()
end
list:close()
