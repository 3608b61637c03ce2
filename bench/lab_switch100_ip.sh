#!/bin/sh
# lab_switch100_ip.sh - the peer of lab_switch100.lua: 100 hosts on one
# switch (a bridge in a namespace of its own), each with an address, all
# up, made with iproute2 as a course's shell script would, then torn
# down. Namespaces are named nlsw-$NLSW_TAG-... so the caller
# (lab_switch100.sh) can remove any left by an interrupted run.
set -e
N=100
p=nlsw-${NLSW_TAG:-$$}-$$
sw=$p-sw
cleanup() {
	ip netns del $sw 2>/dev/null || true
	i=1
	while [ $i -le $N ]; do
		ip netns del $p-h$i 2>/dev/null || true
		i=$((i + 1))
	done
}
trap cleanup EXIT
ip netns add $sw
ip -n $sw link set lo up
ip -n $sw link add br0 type bridge
ip -n $sw link set br0 up
i=1
while [ $i -le $N ]; do
	h=$p-h$i
	ip netns add $h
	ip -n $h link set lo up
	ip -n $h link add eth0 type veth peer name p$i netns $sw
	ip -n $sw link set p$i master br0
	ip -n $sw link set p$i up
	ip -n $h addr add 10.0.0.$i/24 dev eth0
	ip -n $h link set eth0 up
	i=$((i + 1))
done
