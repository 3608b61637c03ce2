#!/bin/sh
# web_stream.sh - does streaming 10,000 packets/s to lab:web's page slow
# the lab's own sockets? bench/web_stream.lua (netlab on CPU 0, the page:
# curl reading the event stream on CPU 1) times a UDP ping-pong between
# two lab hosts, WEB_COUNT round trips, with no page and then with a page
# receiving every packet of another link carrying WEB_RATE packets/s, in
# WEB_ROUNDS alternating rounds. The peer is the same lab without the
# page, in the same run. Goal: with the page, the ping-pong keeps >= 0.90x
# its rate (median of the per-round ratios). Prints RESULTS.md table rows
# (lines starting with |) and notes (lines starting with -).
. "$(dirname "$0")/lib.sh"

COUNT=${WEB_COUNT:-20000}
RATE=${WEB_RATE:-10000}
ROUNDS=${WEB_ROUNDS:-7}

say "web stream: $ROUNDS rounds of $COUNT round trips, page streaming $RATE packets/s"
timeout 300 taskset -c 0 "$NETLAB" "$BENCH/web_stream.lua" "$ROUNDS" "$COUNT" "$RATE" >"$WORK/web.out" \
	|| die "bench/web_stream.lua failed"
cat "$WORK/web.out" >&2
offs=$(awk '{ print $4 }' "$WORK/web.out")
ons=$(awk '{ print $6 }' "$WORK/web.out")
ratios=$(awk '{ printf "%.2f ", $6 / $4 }' "$WORK/web.out")
streamed=$(awk '{ printf "%.0f ", $8 }' "$WORK/web.out")
cpu=$(awk '{ printf "%.1f%% ", $12 * 100 }' "$WORK/web.out")
dropped=$(awk '{ s += $10 } END { print s }' "$WORK/web.out")
ratio=$(median $ratios)
best=$(calc "$(printf '%s\n' $ons | sort -g | tail -n1) / $(printf '%s\n' $offs | sort -g | tail -n1)")
krt() { for v in "$@"; do printf '%.0fk ' "$(calc "$v / 1000")"; done | sed 's/ $//'; }

printf '| UDP ping-pong between two lab hosts while a page streams %s packets/s of another link (lab:web, curl on the event stream), %sk round trips, median of %s per-round ratios (all) | %.0f rt/s (%s) | %.0f rt/s (%s), the same lab, no page | %.2fx (%s) | >= 0.90x | %s |\n' \
	"$RATE" "$((COUNT / 1000))" "$ROUNDS" "$(median $ons)" "$(krt $ons)" "$(median $offs)" "$(krt $offs)" \
	"$ratio" "$(echo $ratios)" "$(verdict "$ratio" '>=' 0.90)"
printf -- '- Web stream: packets the page received per second, each round: %s(%s dropped in all); the stream task'"'"'s own share of netlab'"'"'s time: %s; best-of ratio (fastest with page / fastest without): %.2fx.\n' \
	"$streamed" "$dropped" "$(echo $cpu)" "$best"
