#!/bin/sh
# lab_two_hosts_ip.sh - the peer of lab_two_hosts.lua: the same topology
# made with iproute2 as a course's shell script would, then torn down.
set -e
a=nlbench-a-$$ b=nlbench-b-$$
trap 'ip netns del $a 2>/dev/null; ip netns del $b 2>/dev/null; true' EXIT
ip netns add $a
ip netns add $b
ip -n $a link set lo up
ip -n $b link set lo up
ip -n $a link add eth0 type veth peer name eth0 netns $b
ip -n $a addr add 10.0.0.1/24 dev eth0
ip -n $b addr add 10.0.0.2/24 dev eth0
ip -n $a link set eth0 up
ip -n $b link set eth0 up
