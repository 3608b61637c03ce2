# pcap_fields.py FILE [LIMIT]: Scapy's side of bench/pcap_fields.lua:
# counts SYNs per destination over the packets of FILE, printing the
# same lines. Run with Debian's python3 (python3-scapy).
import sys
import time

from scapy.all import IP, TCP, IPv6, PcapReader

path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
syns, n = {}, 0
started = time.monotonic()
with PcapReader(path) as packets:
    for p in packets:
        n += 1
        if TCP in p and p[TCP].flags == "S":
            ip = p[IP] if IP in p else p[IPv6]
            syns[ip.dst] = syns.get(ip.dst, 0) + 1
        if limit is not None and n >= limit:
            break
elapsed = time.monotonic() - started
print("packets %d" % n)
print("packets_per_sec %.0f" % (n / elapsed))
for dst in sorted(syns):
    print("syn %s %d" % (dst, syns[dst]))
