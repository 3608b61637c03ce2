#!/bin/sh
# lab_scale_ip.sh N [FAN] - the peer of lab_scale.lua: the same lab made
# with iproute2 as a course's shell script would (each switch a bridge
# in a namespace of its own, joined to a core bridge by a veth; each
# host's eth0 with addrgenmode none, an address, up), then torn down.
# Namespaces are named nlsc-$NLSC_TAG-... so the caller (lab_scale.sh)
# can remove any an interrupted or cut-short run left.
set -e
t0=$(date +%s.%N)
N=${1:-100}
FAN=${2:-100}
p=nlsc-${NLSC_TAG:-$$}-$$
cleanup() {
	ip netns list | awk -v p="$p-" 'index($1, p) == 1 { print $1 }' |
		while read -r ns; do ip netns del "$ns"; done
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# bridge NS: a namespace holding bridge br0, up.
bridge() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link add br0 type bridge
	ip -n "$1" link set br0 up
}
[ "$N" -gt "$FAN" ] && bridge $p-core
i=1
while [ "$i" -le "$N" ]; do
	if [ $(((i - 1) % FAN)) -eq 0 ]; then
		e=$(((i - 1) / FAN + 1))
		sw=$p-sw$e
		bridge $sw
		if [ "$N" -gt "$FAN" ]; then
			ip -n $sw link add up$e type veth peer name dn$e netns $p-core
			ip -n $sw link set up$e master br0 up
			ip -n $p-core link set dn$e master br0 up
		fi
	fi
	h=$p-h$i
	ip netns add $h
	ip -n $h link set lo up
	ip -n $h link add eth0 type veth peer name p$i netns $sw
	ip -n $sw link set p$i master br0 up
	ip -n $h link set eth0 addrgenmode none
	ip -n $h addr add 10.$((i / 65536)).$((i / 256 % 256)).$((i % 256))/8 dev eth0
	ip -n $h link set eth0 up
	i=$((i + 1))
done
echo "setup $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
