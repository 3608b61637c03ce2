-- netlab.programs: the programs labs run besides netlab, and the Debian
-- package each comes with, so that a lab on a machine that lacks one says
-- which and what to install instead of showing an empty line and a failed
-- claim. The packages are the Makefile's DEB_LABS (make demo installs
-- them); spec/labs_spec.lua checks the two agree.
local M = {}

-- Program -> the Debian package that ships it.
M.package = {
  ip = "iproute2", ss = "iproute2", tc = "iproute2",
  sysctl = "procps", ps = "procps",
  netstat = "net-tools", route = "net-tools", arp = "net-tools",
  lsof = "lsof",
  python3 = "python3",
  nc = "netcat-openbsd",
}

-- Directories that hold programs for root but are not on every user's
-- PATH (Debian leaves them out of an ordinary user's).
local SBIN = {"/usr/local/sbin", "/usr/sbin", "/sbin"}

-- True if an executable file NAME is in directory DIR.
local function in_dir(dir, name)
  local f = io.open(dir .. "/" .. name)
  if f then f:close() end
  return f ~= nil
end

-- programs.find(name) -> true if program NAME is on PATH (as host:sh and
-- netlab.sh run it); else false and the sbin directory holding it, if one does.
function M.find(name)
  for dir in (os.getenv("PATH") or ""):gmatch("[^:]+") do
    if in_dir(dir, name) then return true end
  end
  for _, dir in ipairs(SBIN) do
    if in_dir(dir, name) then return false, dir end
  end
  return false
end

-- "ss (Debian's iproute2)", or where it is when only PATH lacks it.
local function describe(name)
  local _, sbin = M.find(name)
  if sbin then return ("%s (in %s, which is not on PATH)"):format(name, sbin) end
  return ("%s (Debian's %s)"):format(name, M.package[name] or name)
end

-- programs.missing(names) -> nil if every program of the list NAMES is on
-- PATH; else one line naming the missing ones and what to install.
function M.missing(names)
  local gone, pkgs, seen = {}, {}, {}
  for _, name in ipairs(names) do
    if not M.find(name) then
      gone[#gone + 1] = describe(name)
      local pkg = M.package[name] or name
      if not seen[pkg] and not select(2, M.find(name)) then
        seen[pkg] = true
        pkgs[#pkgs + 1] = pkg
      end
    end
  end
  if #gone == 0 then return nil end
  local line = "this lab runs programs that are not installed here: " .. table.concat(gone, ", ")
  if #pkgs > 0 then line = line .. "; install them:  sudo apt-get install -y " .. table.concat(pkgs, " ") end
  return line
end

return M
