-- netlab.repl: the interactive prompt of `netlab` (lua.c's REPL rules).
--
-- The prompt never blocks the scheduler: it waits for stdin through
-- netlab.sched, so tasks spawned at the prompt keep running while you
-- type; then it feeds libedit (netlab.c.edit) what arrived.
local M = {}

local MAX_DEPTH = 4      -- nesting shown by pretty()
local MAX_ITEMS = 40     -- entries shown per table
local LINE_WIDTH = 72    -- tables shorter than this print on one line
local POLL = 0.25        -- how often a waiting prompt reports failed tasks
local HISTORY_FILE = ".netlab_history"

local keywords = {
  "and", "break", "do", "else", "elseif", "end", "false", "for",
  "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
  "return", "then", "true", "until", "while",
}

-- Pretty printing -------------------------------------------------------

local pretty_value

-- True if S can be written as a bare table key (name = value).
local function is_name(s)
  if type(s) ~= "string" or not s:match("^[%a_][%w_]*$") then return false end
  for _, k in ipairs(keywords) do
    if k == s then return false end
  end
  return true
end

-- The metatable of V, bypassing __metatable.
local function rawmeta(v)
  return debug.getmetatable(v)
end

-- tostring(V) through its __tostring, or nil if it has none or it fails.
local function custom_tostring(v)
  local mt = rawmeta(v)
  if type(mt) ~= "table" or rawget(mt, "__tostring") == nil then return nil end
  local ok, s = pcall(tostring, v)
  if ok and type(s) == "string" then return s end
  return nil
end

-- Orders table keys: numbers, then strings, then the rest by name.
local function key_less(a, b)
  local rank = {number = 1, string = 2, boolean = 3}
  local ra, rb = rank[type(a)] or 4, rank[type(b)] or 4
  if ra ~= rb then return ra < rb end
  if ra == 1 or ra == 2 then return a < b end
  if ra == 3 then return (not a) and b end
  return tostring(a) < tostring(b)
end

-- The keys of T not in its array part 1..n, sorted.
local function other_keys(t, n)
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys, key_less)
  return keys
end

-- Writes a key as it would appear in a table constructor.
local function pretty_key(k, seen, depth)
  if is_name(k) then return k end
  return "[" .. pretty_value(k, seen, depth) .. "]"
end

-- The entries of table T as strings, at most MAX_ITEMS of them.
local function table_items(t, seen, depth)
  local items, n = {}, rawlen(t)
  for i = 1, math.min(n, MAX_ITEMS) do
    items[#items + 1] = pretty_value(rawget(t, i), seen, depth + 1)
  end
  local keys = other_keys(t, n)
  for _, k in ipairs(keys) do
    if #items >= MAX_ITEMS then break end
    items[#items + 1] = pretty_key(k, seen, depth + 1) .. " = "
      .. pretty_value(rawget(t, k), seen, depth + 1)
  end
  local total = n + #keys
  if total > #items then
    items[#items + 1] = ("... (%d more)"):format(total - #items)
  end
  return items
end

-- Joins items on one line if short, else one per indented line.
local function layout(items, depth)
  if #items == 0 then return "{}" end
  local one = "{" .. table.concat(items, ", ") .. "}"
  if #one + depth * 2 <= LINE_WIDTH and not one:find("\n", 1, true) then
    return one
  end
  -- each level indents its items two spaces more than itself: an item's
  -- own lines (a nested table) shift with it
  local lines = {}
  for i, item in ipairs(items) do
    lines[i] = "  " .. item:gsub("\n", "\n  ")
  end
  return "{\n" .. table.concat(lines, ",\n") .. "\n}"
end

-- Renders a plain table, guarding against cycles and deep nesting.
local function pretty_table(t, seen, depth)
  if seen[t] then return "<cycle: " .. tostring(t) .. ">" end
  if depth >= MAX_DEPTH then return "{...}" end
  seen[t] = true
  local s = layout(table_items(t, seen, depth), depth)
  seen[t] = nil
  return s
end

-- Renders any value (see M.pretty).
function pretty_value(v, seen, depth)
  local s = custom_tostring(v)
  if s then return s end
  if type(v) == "string" then return (("%q"):format(v):gsub("\\\n", "\\n")) end
  if type(v) == "table" then return pretty_table(v, seen, depth) end
  return tostring(v)
end

-- pretty(value) -> string: tables nested to a bounded depth and size,
-- keys sorted, arrays as {1, 2, 3}, cycles marked, strings as %q, and
-- objects (netlab userdata) through their __tostring.
function M.pretty(v)
  return pretty_value(v, {}, 0)
end

-- Documentation -----------------------------------------------------------

-- Loads netlab.doc, or an empty table if it is missing or broken.
local function load_doc()
  local ok, doc = pcall(require, "netlab.doc")
  if ok and type(doc) == "table" then return doc end
  return {}
end

-- Adds NAME for value V to the map, keeping the first name found.
local function add_name(map, v, name)
  if map[v] == nil then map[v] = name end
end

-- Names the functions and tables reachable from T as PREFIX.key.
local function walk(map, t, prefix, depth)
  if depth > 3 then return end
  for k, v in next, t do
    if type(k) == "string" then
      local name = prefix .. "." .. k
      if type(v) == "function" then
        add_name(map, v, name)
      elseif type(v) == "table" and map[v] == nil then
        add_name(map, v, name)
        walk(map, v, name, depth + 1)
      end
    end
  end
end

-- Adds MT to TYPES if it is a netlab metatable (__name "netlab.x").
local function add_type(types, mt)
  local name = type(mt) == "table" and rawget(mt, "__name")
  if type(name) == "string" and name:match("^netlab%.") then
    types[name:sub(8)] = mt
  end
end

-- The netlab object types: {type name -> metatable}, from the registry
-- (C types) and the fields of loaded netlab modules (Lua types: tasks).
local function object_types()
  local types = {}
  for k, mt in next, debug.getregistry() do
    if type(k) == "string" then add_type(types, mt) end
  end
  for name, mod in pairs(package.loaded) do
    if type(name) == "string" and name:match("^netlab") and type(mod) == "table" then
      for _, v in next, mod do add_type(types, v) end
    end
  end
  return types
end

-- Names every netlab function: netlab.x.y for fields, type:m for methods.
local function name_map()
  local map = {}
  local root = rawget(_G, "netlab")
  if type(root) == "table" then
    map[root] = "netlab"
    walk(map, root, "netlab", 1)
  end
  for tname, mt in pairs(object_types()) do
    local index = rawget(mt, "__index")
    if type(index) == "table" then
      for k, v in next, index do
        if type(k) == "string" and type(v) == "function" then
          add_name(map, v, tname .. ":" .. k)
        end
      end
    end
  end
  return map
end

-- The doc lines whose key starts with PREFIX, sorted.
local function docs_under(doc, prefix)
  local keys = {}
  for k in pairs(doc) do
    if type(k) == "string" and k:sub(1, #prefix) == prefix then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys)
  local out = {}
  for i, k in ipairs(keys) do out[i] = doc[k] end
  return out
end

-- The type name ("socket") of a netlab object, or nil.
local function object_type(x)
  local mt = rawmeta(x)
  local name = type(mt) == "table" and rawget(mt, "__name")
  if type(name) == "string" and name:match("^netlab%.") then
    return name:sub(8)
  end
  return nil
end

-- The doc keys whose last part (after the last "." or ":") is NAME:
-- "ping" -> "host:ping", "impair" -> "link:impair".
local function keys_named(doc, name)
  local keys = {}
  for k in pairs(doc) do
    if type(k) == "string" and k:match("[.:]([^.:]+)$") == name then
      keys[#keys + 1] = k
    end
  end
  table.sort(keys)
  return keys
end

-- Help for a documented name ("netlab.tcp", "socket", "socket:receive"),
-- or for a bare one ("ping", "tcpdump") through the names ending in it.
local function help_name(doc, name)
  local lines = {}
  if doc[name] then lines[1] = doc[name] end
  for _, sep in ipairs({".", ":"}) do
    for _, line in ipairs(docs_under(doc, name .. sep)) do
      lines[#lines + 1] = line
    end
  end
  if #lines == 0 and not name:find("[.:]") then
    for _, k in ipairs(keys_named(doc, name)) do lines[#lines + 1] = doc[k] end
  end
  if #lines == 0 then return nil end
  return table.concat(lines, "\n")
end

-- What help() says before the list: where to start.
local OVERVIEW = [[
netlab: a network lab you script in Lua. Where to start:
  sockets  s = netlab.tcp(); s:connect(ip, port); s:send(data); s:receive()
  labs     net = netlab.lab(); a = net:host "a"; net:link(a, b, cidr_a, cidr_b)
  hosts    a:sh(cmd)  a:ping(ip)  a:routes()  a:route_get(ip)  a:capture()
  packets  netlab.tcpdump(cap)  netlab.ladder(cap:list())  netlab.packet
  tasks    netlab.spawn(fn)  netlab.daemon(fn)  netlab.sleep(seconds)
  lessons  netlab --labs lists them; netlab --lab handshake runs one
help(x) for one thing: help("ping"), help("host"), help(netlab.tcp), help(s).
The whole API, one line per name:]]

-- The whole API: the overview, then every doc line, grouped by name.
local function help_all(doc)
  local lines = docs_under(doc, "")
  if #lines == 0 then return "no documentation found (module netlab.doc)" end
  table.insert(lines, 1, OVERVIEW)
  return table.concat(lines, "\n")
end

-- help(x) -> text: the API list, or the doc of a function, object or name.
function M.help(...)
  local doc = load_doc()
  if select("#", ...) == 0 then return help_all(doc) end
  local x = ...
  local text
  if type(x) == "string" then
    text = help_name(doc, x)
  elseif object_type(x) then
    text = help_name(doc, object_type(x))
  else
    local name = name_map()[x]
    text = name and help_name(doc, name)
    if name and not text then text = name .. " -- (undocumented)" end
  end
  return text or ("no help for " .. M.pretty(x))
end

-- The pager to show long text through: $PAGER, else less or more.
local function pager()
  local env = os.getenv("PAGER")
  if env and env:match("%S") then return env end
  for _, p in ipairs({"less", "more"}) do
    if os.execute("command -v " .. p .. " >/dev/null 2>&1") then return p end
  end
  return nil
end

-- page(text): prints TEXT, through a pager when stdout is a terminal the
-- text does not fit on (as man does); never in a pipe or a file.
function M.page(text)
  local cols, rows = require("netlab.c.fd").termsize(1)
  local _, lines = text:gsub("\n", "")
  local cmd = cols and lines + 1 >= rows and pager()
  local f = cmd and io.popen(cmd, "w")
  if not f then
    print(text)
    return
  end
  io.stdout:flush()
  f:write(text, "\n")
  f:close()
end

-- Completion ----------------------------------------------------------------

-- Looks KEY up in V like indexing would, but only through plain tables.
local function peek(v, key)
  for _ = 1, 5 do
    if type(v) == "table" then
      local r = rawget(v, key)
      if r ~= nil then return r end
    end
    local mt = rawmeta(v)
    local index = type(mt) == "table" and rawget(mt, "__index")
    if type(index) ~= "table" then return nil end
    v = index
  end
  return nil
end

-- Resolves a dotted path ("netlab.fd") from the globals, or nil.
local function resolve(path)
  local v = _G
  for name in path:gmatch("[^.]+") do
    v = peek(v, name)
    if v == nil then return nil end
  end
  return v
end

-- Adds the string keys of V (and of its __index tables) to SET.
local function collect_keys(set, v, methods_only)
  for _ = 1, 5 do
    if type(v) == "table" then
      for k, f in next, v do
        if type(k) == "string" and (not methods_only or type(f) == "function") then
          set[k] = true
        end
      end
    end
    local mt = rawmeta(v)
    local index = type(mt) == "table" and rawget(mt, "__index")
    if type(index) ~= "table" then return end
    v = index
  end
end

-- Sorted candidates "head .. key" for the keys in SET starting with
-- PART; private names (_x) only when PART asks for them.
local function matches(set, head, part)
  local out = {}
  for k in pairs(set) do
    if k:sub(1, #part) == part and k:match("^[%a_][%w_]*$")
       and (k:sub(1, 1) ~= "_" or part:sub(1, 1) == "_") then
      out[#out + 1] = head .. k
    end
  end
  table.sort(out)
  return out
end

-- Adds the fields documented under PATH ("netlab.fd" -> "read", ...):
-- netlab loads some modules lazily, and completion never runs code.
local function documented_fields(set, path)
  local ok, doc = pcall(require, "netlab.doc")
  if not ok or type(doc) ~= "table" then return end
  local prefix = path .. "."
  for k in pairs(doc) do
    if type(k) == "string" and k:sub(1, #prefix) == prefix then
      local name = k:sub(#prefix + 1):match("^[%a_][%w_]*")
      if name then set[name] = true end
    end
  end
end

-- Drops keywords from SET: "t.end" is not Lua.
local function drop_keywords(set)
  for _, k in ipairs(keywords) do set[k] = nil end
end

-- complete(word, line) -> {candidate...}: globals and keywords, fields
-- after '.', methods after ':'. Only plain tables are indexed.
function M.complete(word, line) -- luacheck: no unused args
  local path, sep, part = word:match("^(.-)([.:])([%w_]*)$")
  local set = {}
  if not path then
    if not word:match("^[%a_]?[%w_]*$") then return {} end
    collect_keys(set, _G, false)
    for _, k in ipairs(keywords) do set[k] = true end
    return matches(set, "", word)
  end
  if not path:match("^[%a_][%w_]*$") and not path:match("^[%a_][%w_.]*[%w_]$")
     or path:find("..", 1, true) then
    return {}
  end
  local v = resolve(path)
  if v ~= nil then collect_keys(set, v, sep == ":") end
  if sep == "." then documented_fields(set, path) end
  drop_keywords(set)
  return matches(set, path .. sep, part)
end

-- Reading input ---------------------------------------------------------------

-- Messages of background tasks that failed since the last call.
local function failures(sched)
  local ok, msgs = pcall(sched.take_failures)
  if not ok or type(msgs) ~= "table" then return {} end
  return msgs
end

-- Writes failure messages on stderr.
local function print_failures(msgs)
  for _, msg in ipairs(msgs) do
    io.stderr:write("netlab: ", tostring(msg), "\n")
  end
  io.stderr:flush()
end

-- True if an error message is a Ctrl-C.
local function interrupted(err)
  return type(err) == "string" and err:find("interrupted!$") ~= nil
end

-- Waits until stdin is readable, running tasks meanwhile and reporting
-- their failures; AROUND(fn) runs fn, the printing, e.g. hiding the line
-- being edited.
local function wait_input(sched, edit, around)
  while true do
    edit.arm_sigint()
    io.stdout:flush()
    local ok, ready = pcall(sched.wait_fd, 0, "r", POLL)
    if not ok then
      if interrupted(ready) then error(ready, 0) end
      return -- stdin cannot be watched (a plain file): it never blocks
    end
    if ready then return end
    local msgs = failures(sched)
    if #msgs > 0 then
      around(function() print_failures(msgs) end)
    end
  end
end

-- A line reader over libedit for a terminal.
local function tty_reader(sched, edit)
  -- Prints below the line being edited, then shows it again.
  local function around(fn)
    io.write("\n")
    io.stdout:flush()
    fn()
    edit.redisplay()
  end
  -- Feeds libedit until it has a whole line (nil at end of input).
  local function get_line()
    while true do
      wait_input(sched, edit, around)
      local line = edit.feed()
      if line ~= false then return line end
    end
  end
  return function(prompt)
    edit.start(prompt)
    local ok, line = pcall(get_line)
    if not ok then
      edit.cancel()
      error(line, 0)
    end
    edit.stop()
    if line == nil then io.write("\n") end
    return line
  end
end

-- A line reader over a pipe or file: plain read(), prompts still shown
-- and each line written after its prompt, as lua's readline does, so the
-- output reads as a transcript. Linear in the input, however long a
-- line: each chunk read is searched once, from where the last line
-- ended, and the pieces of a line that spans chunks are joined once,
-- when its end comes.
local function pipe_reader(sched, edit)
  local chunk, pos = "", 1   -- the last chunk read; its unread part starts at pos
  local pieces = {}          -- earlier chunks' parts of the current line
  local eof = false
  -- Writes the line read (nil: end of input ends the prompt's line).
  local function echo(line)
    io.write(line or "", "\n")
    io.stdout:flush()
    return line
  end
  -- The current line: the pieces, then chunk from pos to LAST.
  local function take(last)
    pieces[#pieces + 1] = chunk:sub(pos, last)
    local line = table.concat(pieces)
    pieces = {}
    return line
  end
  return function(prompt)
    io.write(prompt)
    io.stdout:flush()
    while true do
      local nl = chunk:find("\n", pos, true)
      if nl then
        local line = take(nl - 1)
        pos = nl + 1
        return echo(line)
      end
      if eof then
        local line = take(#chunk)
        chunk, pos = "", 1
        return echo(line ~= "" and line or nil)
      end
      wait_input(sched, edit, function(fn) fn() end)
      local data = edit.read(0)
      if data == nil then
        eof = true
      elseif data then
        pieces[#pieces + 1] = chunk:sub(pos)
        chunk, pos = data, 1
      end
    end
  end
end

-- Evaluation ----------------------------------------------------------------

-- Message handler: the error as text with a traceback of the statement
-- (the user's frames only, unless NETLAB_TRACEBACK=full); a Ctrl-C as
-- the one word "interrupted!", not where it happened to land.
local function msghandler(err)
  if interrupted(err) then return "interrupted!" end
  if type(err) ~= "string" then
    local s = custom_tostring(err)
    if not s then return ("(error object is a %s value)"):format(type(err)) end
    err = s
  end
  local tb = debug.traceback(err, 2)
  tb = tb:gsub("\n\t%[C%]: in function 'xpcall'.*$", "")
  return require("netlab.traceback").filter(tb)
end

-- Compiles LINE as an expression ("return line") or a statement.
local function compile(line)
  local fn = load("return " .. line, "=stdin")
  if fn then return fn end
  return load(line, "=stdin")
end

-- True if a syntax error only says the statement is not finished.
local function incomplete(err)
  return err and err:sub(-5) == "<eof>"
end

-- The prompt as lua shows it: tostring(_PROMPT) (_PROMPT2 after the first
-- line) when the global is set, else "> " (">> "). A prompt whose
-- __tostring fails gets the default, so the REPL can still be used.
local function prompt(first)
  local name, default = "_PROMPT", "> "
  if not first then name, default = "_PROMPT2", ">> " end
  local ok, text = pcall(function()
    local v = _ENV[name]
    if v ~= nil then return tostring(v) end
  end)
  return ok and type(text) == "string" and text or default
end

-- Reads a whole statement, with continuation lines; returns the compiled
-- function (or nil and the error) and whether the line began with "="
-- (lua's "=expr", "return expr"), or nothing at end of input.
local function read_statement(read, history)
  local line = read(prompt(true))
  if line == nil then return end
  history(line)
  local plain = line:sub(1, 1) == "="
  if plain then line = "return " .. line:sub(2) end
  local fn, err = compile(line)
  while not fn and incomplete(err) do
    local more = read(prompt(false))
    if more == nil then break end
    history(more)
    line = line .. "\n" .. more
    fn, err = compile(line)
  end
  return true, fn, err, plain
end

-- Hands a statement's results (if any) to the global print, as lua does:
-- through pretty(), or as they are when PLAIN ("=expr"). A print that is
-- missing or fails is reported as lua reports it.
local function print_results(r, plain)
  if r.n == 0 then return end
  local out = {}
  for i = 1, r.n do out[i] = plain and r[i] or M.pretty(r[i]) end
  local ok, err = pcall(print, table.unpack(out, 1, r.n))
  if not ok then
    io.stderr:write("netlab: error calling 'print' (", tostring(err), ")\n")
  end
end

-- Runs a compiled statement with Ctrl-C armed and prints the outcome.
local function execute(fn, edit, plain)
  edit.arm_sigint()
  local r = table.pack(xpcall(fn, msghandler))
  if r[1] then
    print_results(table.pack(table.unpack(r, 2, r.n)), plain)
  else
    io.stderr:write("netlab: ", tostring(r[2]), "\n")
  end
  io.stdout:flush()
  io.stderr:flush()
end

-- Session -------------------------------------------------------------------

-- Sets up persistent history; returns the function adding a line.
local function setup_history(edit, tty)
  local home = os.getenv("HOME")
  if not tty or not home or home == "" then return function() end end
  local path = home .. "/" .. HISTORY_FILE
  edit.history_load(path)
  return function(line)
    if line:match("%S") then
      edit.history_add(line)
      edit.history_save(path)
    end
  end
end

-- One round: read a statement, run it, report. False at end of input.
local function round(read, history, edit, sched)
  local more, fn, err, plain = read_statement(read, history)
  if not more then return false end
  if fn then
    execute(fn, edit, plain)
  else
    io.stderr:write("netlab: ", err, "\n")
  end
  print_failures(failures(sched))
  return true
end

-- What runs when the REPL ends (M.at_end), in the order given.
local endings = {}

-- at_end(fn): calls FN() once the REPL has read its last statement
-- (Ctrl-D, end of piped input): how a lesson under -i closes its lab.
function M.at_end(fn)
  if type(fn) ~= "function" then
    require("netlab.blame").argerror(1, "at_end", "function expected, got " .. type(fn))
  end
  endings[#endings + 1] = fn
end

-- Runs and forgets the functions given to at_end; reports their errors.
local function run_endings()
  local list = endings
  endings = {}
  for _, fn in ipairs(list) do
    local ok, err = xpcall(fn, msghandler)
    if not ok then io.stderr:write("netlab: ", tostring(err), "\n") end
  end
end

-- run(): the REPL, until end of input (Ctrl-D).
function M.run()
  local edit = require "netlab.c.edit"
  local sched = require "netlab.sched"
  local tty = edit.isatty(0)
  local read = tty and tty_reader(sched, edit) or pipe_reader(sched, edit)
  local history = setup_history(edit, tty)
  if tty then
    edit.set_completer(M.complete)
  end
  rawset(_G, "help", function(...) M.page(M.help(...)) end)
  while true do
    local ok, going = xpcall(round, msghandler, read, history, edit, sched)
    if ok and not going then break end
    if not ok and not interrupted(going) then
      io.stderr:write("netlab: ", tostring(going), "\n")
    elseif not ok and not tty then
      io.write("\n")
    end
  end
  edit.set_completer(nil)
  run_endings()
end

return M
