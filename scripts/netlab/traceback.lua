-- netlab.traceback: tracebacks that show the user's own frames and hide
-- netlab's (the frames of its Lua modules and the C functions they call),
-- saying how many went; NETLAB_TRACEBACK=full keeps them all. Used for an
-- uncaught error in a script (bindings/main.c), a task that failed
-- (sched.lua), a statement at the REPL and a lab that raised (lesson.lua).
local M = {}

-- The directory of netlab's modules, as their chunk names spell it: all
-- are loaded by one searcher (or precompiled by mk/luac.lua) with the
-- same prefix as this file.
local DIR = debug.getinfo(1, "S").source:match("^@(.*)/netlab/traceback%.lua$")

-- Whether SOURCE (a chunk name) is one of netlab's modules.
local function internal_source(source)
  return DIR ~= nil and source:sub(1, #DIR + 2) == "@" .. DIR .. "/"
end

-- debug.getinfo(THREAD, LEVEL, WHAT), THREAD nil meaning the running one.
local function info(thread, level, what)
  if thread then return debug.getinfo(thread, level, what) end
  return debug.getinfo(level + 1, what)
end

-- The deepest level of THREAD's stack, found as luaL_traceback finds it
-- (each look walks the stack from its top: a stack overflow's 200000
-- levels must not be looked at one by one).
local function depth(thread)
  local li, le = 1, 1
  while info(thread, le, "") do li, le = le, le * 2 end
  while li < le do
    local m = (li + le) // 2
    if info(thread, m, "") then li = m + 1 else le = m end
  end
  return le - 1
end

-- The levels a traceback shows are at most the SHOWN top and bottom ones.
local SHOWN = 40

-- The line prefix ("\t" .. short_src .. ":") of every frame of THREAD
-- (nil: the running one) that lies in netlab's modules, among the levels
-- a traceback can show.
local function internal_names(thread)
  local names, last = {}, depth(thread)
  local function look(level)
    local i = info(thread, level, "S")
    if i and internal_source(i.source) then names["\t" .. i.short_src .. ":"] = true end
  end
  for level = 0, math.min(last, SHOWN) do look(level) end
  for level = math.max(SHOWN + 1, last - SHOWN), last do look(level) end
  return names
end

-- Whether traceback line LINE is a frame among NAMES.
local function internal_line(names, line)
  if not line then return false end
  for prefix in pairs(names) do
    if line:sub(1, #prefix) == prefix then return true end
  end
  return false
end

-- TB (a traceback of THREAD, nil: the running thread) with netlab's own
-- frames dropped, the C functions they called (error, assert) and the
-- tail calls into them, so the user's frames come first; a last line says
-- how many went and how to see them. TB itself when NETLAB_TRACEBACK=full.
function M.filter(tb, thread)
  if os.getenv("NETLAB_TRACEBACK") == "full" or type(tb) ~= "string" then return tb end
  local head, body = tb:match("^(.-\nstack traceback:)(.*)$")
  if not head then return tb end
  local names = internal_names(thread)
  local lines = {}
  for line in body:gmatch("\n([^\n]*)") do lines[#lines + 1] = line end
  local kept, hidden, dropped = {head}, 0, false
  for i, line in ipairs(lines) do
    local tail_of_hidden = dropped and line == "\t(...tail calls...)"
    dropped = internal_line(names, line) or tail_of_hidden
      or (line:match("^\t%[C%]:") ~= nil and internal_line(names, lines[i + 1]))
    if dropped then
      if not tail_of_hidden then hidden = hidden + 1 end
    else
      kept[#kept + 1] = line
    end
  end
  if hidden > 0 then
    kept[#kept + 1] = ("\t(%d frame%s inside netlab hidden: NETLAB_TRACEBACK=full shows them)")
      :format(hidden, hidden == 1 and "" or "s")
  end
  return table.concat(kept, "\n")
end

-- debug.traceback(THREAD, MSG) with netlab's frames hidden (M.filter).
function M.of(thread, msg)
  return M.filter(debug.traceback(thread, msg), thread)
end

return M
