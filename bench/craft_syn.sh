#!/bin/sh
# craft_syn.sh - crafting and sending minimum-size TCP SYNs with a
# changing source port between two lab hosts (bench/craft_syn.lua):
# netlab's Lua loop (a template, syn.tcp.sport = n; a:sendp(syn, "eth0");
# the same loop queueing into a host:batch of 64, q:add(syn)) against a C
# sendmmsg loop sending the same SYNs (bench/craft_syn_mmsg.c),
# `hping3 --flood` and Scapy's sendp (bench/craft_syn.py), all in
# one lab, all pinned to CPU 0 (taskset -c 0), counted by the receiving
# host's rx counter. The SYNs go to an address b receives but does not
# answer for (the figures measure the senders); the same rounds also send
# to b's own address, where b's kernel answers each with a RST (context).
# Each round runs every tool; rates are medians of SYN_ROUNDS, ratios the
# median of each round's ratio (the load of a shared machine drifts
# between rounds, less within one). Goals: netlab >= 200,000 packets/s,
# the batch loop >= 0.8x the C sendmmsg loop, netlab >= 1.4x hping3, >= 60x Scapy, every packet received. Prints RESULTS.md
# table rows (lines starting with |) and notes (lines starting with -).
. "$(dirname "$0")/lib.sh"

COUNT=${SYN_COUNT:-300000}
HPING_SECONDS=${SYN_HPING_SECONDS:-2}
SCAPY_COUNT=${SYN_SCAPY_COUNT:-20000}
ROUNDS=${SYN_ROUNDS:-3}
LIMIT=600 # seconds one round may run
CPU=0

command -v hping3 >/dev/null || die "hping3 is not installed (apt-get install hping3)"
/usr/bin/python3 -c 'import scapy' 2>/dev/null || die "Scapy is not installed (apt-get install python3-scapy)"

cc_bench craft_syn_mmsg
mm_all="" r_mm_all="" bt_all="" r_bt_all=""
nl_all="" hp_all="" sc_all="" nlr_all="" hpr_all="" r_hp_all="" r_sc_all="" r_rst_all="" lost=""
for round in $(seq "$ROUNDS"); do
	say "craft syn: round $round/$ROUNDS"
	out="$WORK/round$round"
	timeout $LIMIT taskset -c $CPU "$NETLAB" "$BENCH/craft_syn.lua" "$COUNT" "$HPING_SECONDS" \
		"$SCAPY_COUNT" "$WORK/craft_syn_mmsg" >"$out" || die "craft_syn.lua failed"
	mm=$(field mmsg_pps "$out")
	bt=$(field batch_pps "$out")
	mm_all="$mm_all $mm" r_mm_all="$r_mm_all $(calc "$(field netlab_pps "$out") / $mm")"
	bt_all="$bt_all $bt" r_bt_all="$r_bt_all $(calc "$bt / $mm")"
	nl=$(field netlab_pps "$out") hp=$(field hping3_pps "$out") sc=$(field scapy_pps "$out")
	nlr=$(field netlab_rst_pps "$out") hpr=$(field hping3_rst_pps "$out")
	say "craft syn: netlab $nl/s, batch $bt/s, C sendmmsg $mm/s, hping3 $hp/s, scapy $sc/s; answered: netlab $nlr/s, hping3 $hpr/s"
	nl_all="$nl_all $nl" hp_all="$hp_all $hp" sc_all="$sc_all $sc" nlr_all="$nlr_all $nlr" hpr_all="$hpr_all $hpr"
	r_hp_all="$r_hp_all $(calc "$nl / $hp")" r_sc_all="$r_sc_all $(calc "$nl / $sc")"
	r_rst_all="$r_rst_all $(calc "$nlr / $hpr")"
	for tool in netlab batch mmsg hping3 scapy netlab_rst hping3_rst; do
		sent=$(field ${tool}_sent "$out") got=$(field ${tool}_received "$out")
		[ "$sent" -gt 0 ] && [ "$got" -ge "$sent" ] || lost="$lost $tool:$got/$sent"
	done
done
nl=$(median $nl_all) hp=$(median $hp_all) sc=$(median $sc_all) nlr=$(median $nlr_all) hpr=$(median $hpr_all)
mm=$(median $mm_all) r_mm=$(median $r_mm_all) bt=$(median $bt_all) r_bt=$(median $r_bt_all)
r_hp=$(median $r_hp_all) r_sc=$(median $r_sc_all) r_rst=$(median $r_rst_all)
kpps() { for v in "$@"; do printf '%.0fk ' "$(calc "$v / 1000")"; done | sed 's/ $//'; }
ratios() { for v in "$@"; do printf '%.2f ' "$v"; done | sed 's/ $//'; }
received=PASS
[ -z "$lost" ] || received="FAIL (received/sent:$lost)"

printf '| Crafting + sending 54-byte TCP SYNs (source port changing) from a Lua loop to a host that receives them, %sk, CPU %s, median of %s (all) | %.0f pkt/s (%s) | - | - | >= 200,000 pkt/s | %s |\n' \
	"$((COUNT / 1000))" $CPU "$ROUNDS" "$nl" "$(kpps $nl_all)" "$(verdict "$nl" '>=' 200000)"
printf '| ... the same Lua loop queueing each SYN in a host:batch of 64 (q:add(syn), one sendmmsg per 64) against a C sendmmsg loop sending the same SYNs (bench/craft_syn_mmsg.c: both checksums per frame, 64 a call), median of per-round ratios (all) | %.0f pkt/s (%s) | %.0f pkt/s (%s) | %.2fx (%s) | >= 0.8x | %s |\n' \
	"$bt" "$(kpps $bt_all)" "$mm" "$(kpps $mm_all)" "$r_bt" "$(ratios $r_bt_all)" "$(verdict "$r_bt" '>=' 0.8)"
printf '| ... against hping3 --flood (its rate over a %s s window), median of per-round ratios (all) | %.0f pkt/s | %.0f pkt/s (%s) | %.2fx (%s) | >= 1.4x | %s |\n' \
	"$HPING_SECONDS" "$nl" "$hp" "$(kpps $hp_all)" "$r_hp" "$(ratios $r_hp_all)" "$(verdict "$r_hp" '>=' 1.4)"
printf '| ... against Scapy sendp (%sk SYNs, crafted as sent) | %.0f pkt/s | %.0f pkt/s (%s) | %.0fx | >= 60x | %s |\n' \
	"$((SCAPY_COUNT / 1000))" "$nl" "$sc" "$(kpps $sc_all)" "$r_sc" "$(verdict "$r_sc" '>=' 60)"
printf -- '- Context, no goal: the a:sendp loop (one send a SYN) against the C sendmmsg loop, per round: %.2fx (%s).\n' \
	"$r_mm" "$(ratios $r_mm_all)"
printf -- '- Every packet received on the other side (b'"'"'s eth0 rx counter >= packets sent, each tool, each round): %s.\n' "$received"
printf -- '- Context, no goal: SYNs to b'"'"'s own address, each answered by a RST that b'"'"'s kernel sends within the sender'"'"'s system call: netlab %.0f pkt/s (%s), hping3 %.0f pkt/s (%s), %.2fx (%s).\n' \
	"$nlr" "$(kpps $nlr_all)" "$hpr" "$(kpps $hpr_all)" "$r_rst" "$(ratios $r_rst_all)"
