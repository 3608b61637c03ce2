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
-- PATH (Debian leaves them out of an ordinary user's): the commands
-- netlab runs get them appended to their PATH (core/host/spawn.c).
local SBIN = {"/usr/local/sbin", "/usr/sbin", "/sbin"}

-- True if an executable file NAME is in directory DIR.
local function in_dir(dir, name)
  local f = io.open(dir .. "/" .. name)
  if f then f:close() end
  return f ~= nil
end

-- programs.find(name) -> true if program NAME is where the commands
-- netlab runs (host:sh, host:start, netlab.sh) look: on PATH or in an
-- sbin directory; else false.
function M.find(name)
  for dir in (os.getenv("PATH") or ""):gmatch("[^:]+") do
    if in_dir(dir, name) then return true end
  end
  for _, dir in ipairs(SBIN) do
    if in_dir(dir, name) then return true end
  end
  return false
end

-- programs.missing(names) -> nil if every program of the list NAMES is on
-- PATH; else one line naming the missing ones and what to install.
function M.missing(names)
  local gone, pkgs, seen = {}, {}, {}
  for _, name in ipairs(names) do
    if not M.find(name) then
      local pkg = M.package[name] or name
      gone[#gone + 1] = ("%s (Debian's %s)"):format(name, pkg)
      if not seen[pkg] then
        seen[pkg] = true
        pkgs[#pkgs + 1] = pkg
      end
    end
  end
  if #gone == 0 then return nil end
  return ("this lab runs programs that are not installed here: %s; install them:  sudo apt-get install -y %s")
    :format(table.concat(gone, ", "), table.concat(pkgs, " "))
end

return M
