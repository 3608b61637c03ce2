-- mk/apidoc.lua: writes docs/api.md from scripts/netlab/doc.lua.
--   ./netlab mk/apidoc.lua > docs/api.md
local doc = require "netlab.doc"

local sections = {
  {"The netlab table", "^netlab"},
  {"Sockets", "^socket"},
  {"Labs", "^lab"},
  {"Hosts", "^host"},
  {"Links", "^link"},
  {"Processes", "^process"},
  {"Tasks", "^task"},
  {"Captures", "^capture"},
  {"Packets", "^packet"},
  {"Writing a lab", "^lesson"},
}

print("# netlab API reference")
print()
print("Generated from scripts/netlab/doc.lua by `make docs`; `help(x)` in the REPL")
print("shows the same lines. I/O failures return `nil, message, errno`; misuse")
print("(wrong types, closed objects) raises an error.")
for _, sec in ipairs(sections) do
  print()
  print("## " .. sec[1])
  print()
  local names = {}
  for k in pairs(doc) do
    if k:match(sec[2]) then names[#names + 1] = k end
  end
  table.sort(names)
  for _, k in ipairs(names) do
    local sig, text = doc[k]:match("^(.-) %-%- (.*)$")
    if sig then
      print(("- `%s` — %s"):format(sig, text))
    else
      print(("- `%s`"):format(doc[k]))
    end
  end
end
