-- The API documentation cannot drift from the code: every public
-- function has a line in scripts/netlab/doc.lua, and docs/api.md is what
-- mk/apidoc.lua makes of it.
local lu = require "luaunit"
local helper = require "helper"
local doc = require "netlab.doc"

TestDoc = {}

-- Collects "prefix.name" for every function in table T.
local function functions(t, prefix, sep, out)
  for k, v in pairs(t) do
    if type(v) == "function" and type(k) == "string" and k:sub(1, 1) ~= "_" then
      out[#out + 1] = prefix .. sep .. k
    end
  end
  return out
end

function TestDoc:test_every_netlab_function_is_documented()
  local _ = netlab.sh, netlab.fd, netlab.errno -- load the lazy parts
  local names = functions(netlab, "netlab", ".", {})
  functions(netlab.fd, "netlab.fd", ".", names)
  for _, name in ipairs(names) do
    lu.assertNotNil(doc[name], name .. " has no entry in scripts/netlab/doc.lua")
  end
end

function TestDoc:test_every_socket_method_is_documented()
  local s <close> = netlab.tcp()
  for _, name in ipairs(functions(getmetatable(s).__index, "socket", ":", {})) do
    lu.assertNotNil(doc[name], name .. " has no entry in scripts/netlab/doc.lua")
  end
end

function TestDoc:test_every_task_method_is_documented()
  local t = netlab.spawn(function() end)
  t:join()
  for _, name in ipairs(functions(getmetatable(t), "task", ":", {})) do
    lu.assertNotNil(doc[name], name .. " has no entry in scripts/netlab/doc.lua")
  end
end

function TestDoc:test_every_lesson_function_is_documented()
  local lesson = require "netlab.lesson"
  for _, name in ipairs(functions(lesson, "lesson", ".", {})) do
    lu.assertNotNil(doc[name], name .. " has no entry in scripts/netlab/doc.lua")
  end
end

function TestDoc:test_every_lesson_method_is_documented()
  local lab = require("netlab.lesson").new{name = "doc_spec"}
  for _, name in ipairs(functions(getmetatable(lab).__index, "lesson", ":", {})) do
    lu.assertNotNil(doc[name], name .. " has no entry in scripts/netlab/doc.lua")
  end
end

function TestDoc:test_api_md_is_generated_from_doc_lua()
  local out, err, code = helper.netlab("mk/apidoc.lua")
  lu.assertEquals(code, 0, err)
  local f = assert(io.open("docs/api.md"))
  local text = f:read("a")
  f:close()
  lu.assertEquals(text, out, "docs/api.md is stale: run `make docs`")
end
