#!/bin/sh
# deps.sh PKG... - install the Debian packages netlab needs that are missing.
# As root it runs apt-get; as anyone else it prints the one line to run.
missing=""
for pkg in "$@"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "netlab: missing Debian packages; run:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "netlab: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >&2
