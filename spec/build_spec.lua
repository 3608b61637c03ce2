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
