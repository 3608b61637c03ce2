# craft_syn.py - Scapy's side of bench/craft_syn.lua: sendp of COUNT
# TCP SYNs whose source port runs from 1024 up, crafted by Scapy as it
# sends them, out of IFACE to DST (next hop MAC). Prints "pps N" (import
# time excluded).
#   /usr/bin/python3 bench/craft_syn.py COUNT IFACE DST MAC
import sys
import time

from scapy.all import IP, TCP, Ether, conf, sendp

count, iface, dst, mac = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
conf.verb = 0
syns = Ether(dst=mac) / IP(dst=dst) / TCP(sport=(1024, 1024 + count - 1), dport=80, flags="S")
start = time.perf_counter()
sendp(syns, iface=iface, verbose=0)
print("pps %.1f" % (count / (time.perf_counter() - start)))
