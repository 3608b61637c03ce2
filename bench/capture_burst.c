/* capture_burst.c - the peer of bench/capture_burst.lua: a libpcap
 * capture opened as libpcap opens one by default for a program that
 * reads packets as they come (immediate mode, the 2 MiB buffer, the
 * snapshot length 262144, "any" as Linux cooked v2 as tcpdump asks),
 * not read while a burst arrives:
 *
 *   capture_burst IFACE FILTER SECONDS
 *
 * Opens the capture, prints "ready", sleeps SECONDS without reading (the
 * burst is sent meanwhile), then reads what the kernel kept and prints
 * "got N" and "dropped N" (pcap_stats). Exits 1 on failure. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Opens IFACE with FILTER as described above; NULL on failure. */
static pcap_t *open_capture(const char *iface, const char *filter)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(iface, err);
	if (!p) {
		fprintf(stderr, "pcap_create: %s\n", err);
		return NULL;
	}
	pcap_set_snaplen(p, 262144);
	pcap_set_buffer_size(p, 2 * 1024 * 1024);
	pcap_set_immediate_mode(p, 1);
	struct bpf_program prog;
	int any = strcmp(iface, "any") == 0;
	if (pcap_activate(p) < 0 ||
	    (any && pcap_set_datalink(p, DLT_LINUX_SLL2) != 0) ||
	    pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
	    pcap_setfilter(p, &prog) != 0 || pcap_setnonblock(p, 1, err) != 0) {
		fprintf(stderr, "capture_burst: %s\n", pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	pcap_freecode(&prog);
	return p;
}

/* Counts a packet (pcap_dispatch's callback). */
static void count(u_char *user, const struct pcap_pkthdr *h, const u_char *d)
{
	(void)h;
	(void)d;
	(*(long *)user)++;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: capture_burst IFACE FILTER SECONDS\n");
		return 1;
	}
	pcap_t *p = open_capture(argv[1], argv[2]);
	if (!p)
		return 1;
	printf("ready\n");
	fflush(stdout);
	double secs = atof(argv[3]);
	struct timespec t = {(time_t)secs,
			     (long)((secs - (time_t)secs) * 1e9)};
	nanosleep(&t, NULL);
	long got = 0;
	for (int i = 0; i < 1000000; i++) /* bounded: until none is left */
		if (pcap_dispatch(p, -1, count, (u_char *)&got) <= 0)
			break;
	struct pcap_stat st;
	if (pcap_stats(p, &st) != 0)
		return 1;
	printf("got %ld\ndropped %u\n", got, st.ps_drop);
	pcap_close(p);
	return 0;
}
