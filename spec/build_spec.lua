-- spec/build_spec.lua: the set-up a user meets before any lab: missing
-- packages explained in one line, and `make install` giving a netlab that
-- finds its Lua modules and labs away from the source tree.
local lu = require "luaunit"
local helper = require "helper"

TestBuild = {}

function TestBuild:test_a_missing_package_gives_the_apt_get_line_to_run()
  -- as an ordinary user mk/deps.sh installs nothing: it says what to run
  local out, err, code = helper.run(helper.as_nobody("sh mk/deps.sh netlab-no-such-package-xyz 2>&1"))
  lu.assertEquals(code, 1, out .. err)
  lu.assertStrContains(out, "sudo apt-get install -y netlab-no-such-package-xyz")
  lu.assertEquals(select(2, out:gsub("\n", "")), 1, "one line: " .. out)
end

function TestBuild:test_nothing_is_said_when_all_packages_are_there()
  local out, err, code = helper.run("sh mk/deps.sh dpkg 2>&1")
  lu.assertEquals({out, code}, {"", 0}, err)
end

function TestBuild:test_make_install_gives_a_netlab_that_finds_its_modules_and_labs()
  local prefix = helper.tmpname("-prefix")
  local _, err, code = helper.run(("make -s install PREFIX=%s >/dev/null 2>&1"):format(prefix), 120)
  lu.assertEquals(code, 0, err)
  local bin = prefix .. "/bin/netlab"
  local out
  out, err, code = helper.run(("env -C / %s -e 'print(require(\"socket\")._VERSION, netlab.tcp() ~= nil)'"):format(bin))
  lu.assertEquals({out, code}, {"LuaSocket 3.0.0 (netlab)\ttrue\n", 0}, err)
  out, err, code = helper.run(("env -C / %s --labs"):format(bin))
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "http_fd8")
  out, err, code = helper.run(("env -C / %s --lab udp_chat"):format(bin), 60)
  lu.assertEquals(code, 0, out .. err)
  helper.run("rm -rf " .. helper.shquote(prefix))
end

-- The documents the man page's FILES section names under share/doc/netlab.
local function documents_the_man_page_names()
  local f = assert(io.open("docs/netlab.1"))
  local page = f:read("a")
  f:close()
  local entry = page:match("\n%.I PREFIX/share/doc/netlab/\n(.-\n)%.[TPS][PH]%s")
  lu.assertNotNil(entry, "docs/netlab.1's FILES has an entry for PREFIX/share/doc/netlab/")
  local docs = {}
  for name in entry:gmatch("[%w_/]+%.md") do docs[#docs + 1] = name end
  lu.assertTrue(#docs >= 3, entry)
  return docs
end

-- Every regular file under DIR, sorted, one per line.
local function files_under(dir)
  return (helper.run("cd " .. helper.shquote(dir) .. " && find . -type f | sort"))
end

function TestBuild:test_make_install_with_DESTDIR_stages_the_docs_the_man_page_names()
  local stage, prefix = helper.tmpname("-stage"), helper.tmpname("-prefix")
  local make = ("make -s %%s DESTDIR=%s PREFIX=%s >/dev/null 2>&1"):format(helper.shquote(stage), helper.shquote(prefix))
  local _, err, code = helper.run(make:format("install"), 120)
  lu.assertEquals(code, 0, err)
  local docdir = stage .. prefix .. "/share/doc/netlab/"
  for _, name in ipairs(documents_the_man_page_names()) do
    local f = io.open(docdir .. name)
    lu.assertNotNil(f, "make install puts " .. name .. " in share/doc/netlab")
    local got = f:read("a")
    f:close()
    local src = assert(io.open(name))
    lu.assertEquals(got, src:read("a"), name)
    src:close()
  end
  local example = io.open(docdir .. "examples/vpn.lua")
  lu.assertNotNil(example, "make install puts examples/vpn.lua in share/doc/netlab")
  example:close()
  lu.assertEquals(files_under(prefix), "", "DESTDIR: nothing lands in PREFIX itself")
  _, err, code = helper.run(make:format("uninstall"), 60)
  lu.assertEquals(code, 0, err)
  lu.assertEquals(files_under(stage), "", "make uninstall leaves no file behind")
  helper.run("rm -rf " .. helper.shquote(stage) .. " " .. helper.shquote(prefix))
end

function TestBuild:test_a_staged_install_names_its_modules_where_they_are_installed()
  -- a package builds in DESTDIR, then its files move to PREFIX: the
  -- bytecode's chunk names must be PREFIX's, not the staging directory's
  local stage, prefix = helper.tmpname("-stage"), helper.tmpname("-prefix")
  local _, err, code = helper.run(("make -s install DESTDIR=%s PREFIX=%s >/dev/null 2>&1 && mv %s %s")
    :format(helper.shquote(stage), helper.shquote(prefix), helper.shquote(stage .. prefix), helper.shquote(prefix)), 120)
  lu.assertEquals(code, 0, err)
  local out
  out, err, code = helper.run(("env -C / %s -e 'print(debug.getinfo(require(\"netlab.lesson\").new, \"S\").source)'")
    :format(prefix .. "/bin/netlab"))
  lu.assertEquals({out, code}, {"@" .. prefix .. "/share/netlab/lua/netlab/lesson.lua\n", 0}, err)
  helper.run("rm -rf " .. helper.shquote(stage) .. " " .. helper.shquote(prefix))
end

function TestBuild:test_an_installed_netlab_serves_its_page_files()
  -- lab:web's page ships in share/netlab/lua/netlab/web (no CDN, no source tree)
  local stage, prefix = helper.tmpname("-stage"), helper.tmpname("-prefix")
  local _, err, code = helper.run(("make -s install DESTDIR=%s PREFIX=%s >/dev/null 2>&1 && mv %s %s")
    :format(helper.shquote(stage), helper.shquote(prefix), helper.shquote(stage .. prefix), helper.shquote(prefix)), 120)
  lu.assertEquals(code, 0, err)
  local fetch = [[local w = assert(netlab.lab():web{port = 0})
    for _, f in ipairs{"/", "/app.js", "/app.css"} do
      local c = netlab.tcp(); assert(c:connect("127.0.0.1", w.port))
      c:send("GET " .. f .. "?t=" .. w.token .. " HTTP/1.0\r\n\r\n"); print(f, c:receive("*l")); c:close()
    end]]
  local out
  out, err, code = helper.run(("env -C / %s -e %s"):format(prefix .. "/bin/netlab", helper.shquote(fetch)))
  lu.assertEquals({out, code}, {"/\tHTTP/1.1 200 OK\n/app.js\tHTTP/1.1 200 OK\n/app.css\tHTTP/1.1 200 OK\n", 0}, err)
  helper.run("rm -rf " .. helper.shquote(stage) .. " " .. helper.shquote(prefix))
end

-- The suite's programs ----------------------------------------------------

-- Programs of a minimal Debian 12 (its essential and required packages:
-- coreutils, bash, dash, findutils, grep, sed, mawk, libc-bin, util-linux,
-- bsdutils) and shell words: never listed.
local ESSENTIAL = {}
for w in ([[sh bash cat cd chmod echo env exec find grep head id kill ls mkdir mktemp
    pwd readlink rm sleep sort sed awk timeout touch tr true wc getent unshare nsenter setpriv
    mount umount rmdir script command printf test nproc]]):gmatch("%S+") do ESSENTIAL[w] = true end

-- Words the patterns below catch that are not programs the suite runs (a
-- missing one on purpose, a path, netlab itself, LuaUnit's -u...).
local NOT_PROGRAMS = {s = true, u = true, full = true, nonexistent = true, netlab = true,
  ["no-such-command-netlab"] = true,
  labs = true} -- run("labs/NAME.lua"): a lab run by netlab

-- The programs the suite runs besides the labs' (netlab.programs) and the
-- Debian package of each.
local TEST_PACKAGE = {tcpdump = "tcpdump", tshark = "tshark", curl = "curl", man = "man-db",
  groff = "groff-base", ping = "iputils-ping", traceroute = "traceroute", make = "make",
  xmllint = "libxml2-utils", dot = "graphviz", python3 = "python3", chromium = "chromium",
  chromedriver = "chromium-driver", bridge = "iproute2"}

-- Program -> a spec file that runs it: the first word of every literal
-- command in spec/ (netlab.sh, host:sh, helper.run, io.popen, as_nobody,
-- `command -v X`, `env VAR=... X`).
local function suite_programs()
  local found = {}
  local ls = assert(io.popen("ls spec/*.lua spec/*.py"))
  for file in ls:lines() do
    local f = assert(io.open(file))
    local src = f:read("a")
    f:close()
    for _, pat in ipairs{'sh%(%(?%[?%[?"([%a][%w_%-%.]*)', 'run%(%(?%[?%[?"([%a][%w_%-%.]*)',
        'command %-v ([%a][%w_%-%.]*)', 'as_nobody%(%(?%[?%[?"([%a][%w_%-%.]*)',
        'popen%(%(?"([%a][%w_%-%.]*)'} do
      for word in src:gmatch(pat) do
        if word:match("^%l") and not NOT_PROGRAMS[word] then found[word] = file end
      end
    end
    for args in src:gmatch('"env ([^"]*)') do -- the word after env's options and VAR=values
      for w in args:gmatch("%S+") do
        if not (w:find("=", 1, true) or w:match("^%-")) then
          if w:match("^%l[%w_%-%.]*$") and not NOT_PROGRAMS[w] then found[w] = file end
          break
        end
      end
    end
  end
  ls:close()
  return found
end

-- The packages of the Makefile's list NAME ("DEB_TEST"), $(VAR)s expanded.
local function make_list(name)
  local f = assert(io.open("Makefile"))
  local text = f:read("a"):gsub("\\\n", " ")
  f:close()
  local function expand(var)
    local value = text:match("\n" .. var .. "%s*=%s*([^\n]+)")
    lu.assertNotNil(value, "the Makefile has no " .. var)
    return (value:gsub("%$%(([%w_]+)%)", expand))
  end
  local set = {}
  for pkg in expand(name):gmatch("%S+") do set[pkg] = true end
  return set
end

function TestBuild:test_make_test_installs_every_program_the_suite_runs()
  local deb = make_list("DEB_TEST")
  for pkg in pairs(make_list("DEB_BUILD")) do deb[pkg] = true end -- test-deps: the build's too
  local labs = require("netlab.programs").package
  local found = suite_programs()
  lu.assertNotNil(found.tcpdump, "the scan finds the programs the specs run")
  for prog, file in pairs(found) do
    if not ESSENTIAL[prog] then
      local pkg = labs[prog] or TEST_PACKAGE[prog]
      lu.assertNotNil(pkg, ("%s runs %s: add it to build_spec's TEST_PACKAGE with its Debian package"):format(file, prog))
      lu.assertTrue(deb[pkg], ("%s runs %s, whose package %s is not in the Makefile's DEB_TEST"):format(file, prog, pkg))
    end
  end
end
