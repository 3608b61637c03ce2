-- mk/luac.lua SRCDIR OUTDIR [NAMEDIR]: writes OUTDIR/<path>.luac, the
-- bytecode of every SRCDIR/<path>.lua, for the searcher in
-- bindings/searcher.c (a precompiled module loads several times faster
-- than its source parses). The chunk names are NAMEDIR/<path>.lua
-- (default SRCDIR's), so tracebacks name the sources and netlab knows its
-- own frames: `make install DESTDIR=...` names them where they will be
-- installed, not where they are staged.
local src, out, names = arg[1], arg[2], arg[3] or arg[1]
assert(src and out, "usage: netlab mk/luac.lua SRCDIR OUTDIR [NAMEDIR]")

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local list = assert(io.popen("cd " .. quote(src) .. " && find . -name '*.lua' | sort"))
for rel in list:lines() do
  rel = rel:sub(3)
  local f = assert(io.open(src .. "/" .. rel, "rb"))
  local text = f:read("a")
  f:close()
  local chunk = assert(load(text, "@" .. names .. "/" .. rel, "t"))
  local dst = out .. "/" .. rel:gsub("%.lua$", ".luac")
  assert(os.execute("mkdir -p " .. quote(dst:match("^(.*)/"))))
  f = assert(io.open(dst, "wb"))
  f:write(string.dump(chunk))
  f:close()
end
list:close()
