-- spec/man_spec.lua: the man page docs/netlab.1 cannot drift from the
-- program. It renders without a warning; it has the sections a man page
-- has; it names every option `netlab --help` prints and every lab of labs/
-- with the summary `netlab --labs` prints (and no lab that is gone); its
-- first script and REPL session run; `make install` puts it where
-- man(1) finds it.
local lu = require "luaunit"
local helper = require "helper"

local PAGE = "docs/netlab.1"

TestMan = {}

-- The text of file PATH.
local function read(path)
  local f = assert(io.open(path))
  local text = f:read("a")
  f:close()
  return text
end

-- True if the shell finds command NAME.
local function have(name)
  local _, _, code = netlab.sh("command -v " .. name .. " >/dev/null", {timeout = 5})
  return code == 0
end

-- The warnings rendering man page PATH gives (groff -ww, else man
-- --warnings); nil and a reason when neither is installed.
local function warnings(path)
  local q = helper.shquote(path)
  local out, err, code
  if have("groff") then
    out, err, code = helper.run("groff -man -Tutf8 -ww -z " .. q)
  elseif have("man") then
    out, err, code = helper.run("env MANWIDTH=80 man --warnings -l " .. q .. " >/dev/null")
  else
    return nil, "neither groff nor man is installed: man page rendering not checked"
  end
  lu.assertEquals(code, 0, err)
  return (out or "") .. err
end

-- Text with groff's escapes undone, for when no renderer is installed.
local function deroff(src)
  local out = {}
  for line in src:gmatch("[^\n]*") do
    if not line:match("^%.\\\"") then
      local macro, rest = line:match("^%.(%a+)%s*(.*)$")
      line = macro and rest:gsub('"', "") or line
      line = line:gsub("\\f[BIRP]", ""):gsub("\\%-", "-"):gsub("\\%(aq", "'"):gsub("\\%(ga", "`")
        :gsub("\\e", "\\"):gsub("\\&", "")
      out[#out + 1] = "       " .. line
    end
  end
  return table.concat(out, "\n")
end

-- The page as plain text (groff -Tascii, else man, else deroff).
local function rendered()
  local q = helper.shquote(PAGE)
  if have("groff") then
    local out, err, code = helper.run("groff -man -Tascii -P-cbu " .. q)
    lu.assertEquals(code, 0, err)
    return out
  elseif have("man") then
    local out, err, code = helper.run("env MANWIDTH=80 man -l " .. q .. " | col -b")
    lu.assertEquals(code, 0, err)
    return out
  end
  return deroff(read(PAGE))
end

-- The part of TEXT from section heading NAME to the next heading.
local function section(text, name)
  local body = (text .. "\nEND\n"):match("\n" .. name .. "\n(.-)\n%u[%u ]+\n")
  lu.assertNotNil(body, "no section " .. name)
  return "\n" .. body .. "\n"
end

-- S with the magic characters of Lua patterns escaped.
local function literal(s) return (s:gsub("%p", "%%%0")) end

-- Summary text as the page writes it: hyphens as \-, quotes as \(aq and
-- \(ga, backslashes as \e, no line starting with a control character.
local function roff_escape(s)
  s = s:gsub("\\", "\\e"):gsub("%-", "\\-"):gsub("'", "\\(aq"):gsub("`", "\\(ga")
  return (s:gsub("^%.", "\\&."))
end

-- The options `netlab --help` prints: "-e stat", "-l g=mod", "--help"...
local function help_options()
  local out, err, code = helper.netlab("--help")
  lu.assertEquals(code, 0, err)
  local opts = {}
  for line in out:gmatch("[^\n]+") do
    local opt = line:match("^  (%-%S*[^ ]*.-)  ") or line:match("^  (%-+)%s*$")
    if opt then opts[#opts + 1] = opt end
  end
  return opts
end

-- name -> summary for every lab `netlab --labs` lists.
local function listed_labs()
  local out, err, code = helper.netlab("--labs")
  lu.assertEquals(code, 0, err)
  local labs = {}
  for line in out:gmatch("[^\n]+") do
    local name, summary = line:match("^(%S+)%s+(.-)%s*$")
    if name then labs[name] = summary end
  end
  return labs
end

-- The names of the lab files in labs/.
local function lab_files()
  local names = {}
  for f in helper.sh("ls labs/"):gmatch("[^\n]+") do
    names[#names + 1] = f:match("^(.*)%.lua$")
  end
  return names
end

-- The page's LABS entries as they should read, for a failure message.
local function labs_block(names, labs)
  local out = {}
  for _, name in ipairs(names) do
    out[#out + 1] = (".TP\n.B %s\n%s"):format(name, roff_escape(labs[name] or "?"))
  end
  return table.concat(out, "\n")
end

-- The lines of the .EX ... .EE example following heading HEADING, with
-- groff's escapes undone.
local function example(src, heading)
  local after = src:match("\n%.SH " .. literal(heading) .. "\n(.*)")
  lu.assertNotNil(after, "no section " .. heading)
  local body = after:match("\n%.EX\n(.-)\n%.EE\n")
  lu.assertNotNil(body, "no example in " .. heading)
  return (body:gsub("\\%-", "-"):gsub("\\e", "\\"))
end

-- Rendering -------------------------------------------------------------

function TestMan:test_the_page_renders_without_a_warning()
  local text, why = warnings(PAGE)
  if not text then lu.skip(why) end
  lu.assertEquals(text, "")
end

function TestMan:test_a_broken_page_does_give_warnings()
  local bad = helper.tmpfile(read(PAGE) .. ".NOSUCHMACRO\n", ".1")
  local text, why = warnings(bad)
  if not text then lu.skip(why) end
  lu.assertStrContains(text, "NOSUCHMACRO")
end

function TestMan:test_the_page_has_its_sections_in_order()
  local want = {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "THE REPL", "LABS", "A FIRST SCRIPT",
    "ENVIRONMENT", "FILES", "EXIT STATUS", "PRIVILEGES", "SEE ALSO"}
  local got = {}
  for name in read(PAGE):gmatch("\n%.SH ([^\n]+)") do got[#got + 1] = name:gsub('"', "") end
  lu.assertEquals(got, want)
end

function TestMan:test_the_header_has_the_version_netlab_reports()
  local out, err, code = helper.netlab("-v")
  lu.assertEquals(code, 0, err)
  local version = out:match("^(netlab %S+)")
  lu.assertNotNil(version, out)
  lu.assertStrMatches(read(PAGE), '.*\n%.TH NETLAB 1 "%d+%-%d+%-%d+" "' .. literal(version) .. '" "User Commands"\n.*')
end

-- Content ---------------------------------------------------------------

function TestMan:test_every_option_of_netlab_help_is_described()
  local opts = help_options()
  lu.assertTrue(#opts >= 13, "netlab --help lists at least lua's 9 and netlab's 4 options")
  local text = section(rendered(), "OPTIONS")
  for _, opt in ipairs(opts) do
    lu.assertStrMatches(text, ".*\n%s+" .. literal(opt) .. "%s.*", nil, nil,
      ("option %q of netlab --help is not in the OPTIONS of %s"):format(opt, PAGE))
  end
end

function TestMan:test_every_lab_is_listed_with_its_summary()
  local names, labs, src = lab_files(), listed_labs(), read(PAGE)
  lu.assertTrue(#names > 0)
  for _, name in ipairs(names) do
    lu.assertNotNil(labs[name], ("netlab --labs does not list labs/%s.lua"):format(name))
    local entry = (".TP\n.B %s\n%s\n"):format(name, roff_escape(labs[name]))
    lu.assertStrContains(src, entry, false,
      ("%s's LABS is stale: it should list\n%s"):format(PAGE, labs_block(names, labs)))
  end
end

function TestMan:test_every_lab_the_page_lists_exists()
  local src = read(PAGE)
  local body = src:match("\n%.SH LABS\n(.-)\n%.SH ")
  local exists = {}
  for _, name in ipairs(lab_files()) do exists[name] = true end
  local n = 0
  for name in body:gmatch("\n%.TP\n%.B (%S+)\n") do
    n = n + 1
    lu.assertTrue(exists[name], ("%s lists lab %s, which labs/ does not have"):format(PAGE, name))
  end
  lu.assertEquals(n, #lab_files())
end

function TestMan:test_every_variable_netlab_reads_is_in_environment()
  local text = section(rendered(), "ENVIRONMENT")
  local p = assert(io.popen([[grep -rhoE 'getenv\("NETLAB_[A-Z_]+"' scripts bindings core | sort -u]]))
  local n = 0
  for name in p:read("a"):gmatch('getenv%("(NETLAB_[%u_]+)"') do
    lu.assertStrContains(text, "\n       " .. name .. "\n", false, name .. " is read but not in ENVIRONMENT")
    n = n + 1
  end
  p:close()
  lu.assertTrue(n >= 3, n .. " variables found")
end

function TestMan:test_see_also_names_the_classic_tools()
  local text = section(rendered(), "SEE ALSO")
  for _, ref in ipairs{"tcpdump(8)", "ip(8)", "ss(8)", "lsof(8)", "lua(1)"} do
    lu.assertStrContains(text, ref)
  end
end

function TestMan:test_the_first_script_runs_and_says_what_it_claims()
  local code_text = example(read(PAGE), "A FIRST SCRIPT")
  local out, err, code = helper.script(code_text)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "hello client\na [eth0 10.0.0.1/24] ------------ [eth0 10.0.0.2/24] b\n")
end

function TestMan:test_the_repl_session_runs_without_an_error()
  local lines = {}
  for line in example(read(PAGE), "THE REPL"):gmatch("[^\n]+") do
    lines[#lines + 1] = assert(line:match("^> (.*)$"), "a REPL line starts with '> '")
  end
  local out, err, code = helper.netlab("-i -e ''", {stdin = table.concat(lines, "\n") .. "\n"})
  lu.assertEquals(code, 0, err)
  lu.assertEquals(err, "")
  lu.assertStrContains(out, "0% packet loss")
  lu.assertStrContains(out, "a [eth0 10.0.0.1/24] ------------ [eth0 10.0.0.2/24] b")
  lu.assertStrContains(out, "\nlab:diagram(") -- help(lab)'s line, not the echoed input
end

-- Installing ------------------------------------------------------------

function TestMan:test_make_install_puts_the_page_where_man_finds_it()
  local prefix = helper.tmpname("-prefix")
  local _, err, code = helper.run(("make -s install PREFIX=%s >/dev/null 2>&1"):format(prefix), 120)
  lu.assertEquals(code, 0, err)
  local installed = prefix .. "/share/man/man1/netlab.1"
  lu.assertEquals(read(installed), read(PAGE))
  if have("man") then
    local out
    local manpath = helper.shquote(prefix .. "/share/man")
    out, err, code = helper.run(("man -M %s -w netlab"):format(manpath))
    lu.assertEquals({out, code}, {installed .. "\n", 0}, err)
    out, err, code = helper.run(("env MANWIDTH=80 man -M %s netlab | col -b"):format(manpath))
    lu.assertEquals(code, 0, err)
    lu.assertStrContains(out, "netlab - a scriptable network lab in Lua")
  end
  helper.run("rm -rf " .. helper.shquote(prefix))
end
