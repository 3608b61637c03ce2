/* pcap_fields.c - the C peer of bench/pcap_fields.lua: a libpcap loop
 * (pcap_next_ex) over FILE touching the same fields of every packet:
 * Ethernet type, IPv4/IPv6 destination, TCP flags; it counts the SYNs
 * (flags exactly SYN, as tcp.flags == "S") per destination.
 *
 *   pcap_fields FILE      prints "packets N", "packets_per_sec R" and one
 *                         "syn DST N" line per destination, sorted as
 *                         pcap_fields.lua sorts them (by the text) */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DSTS 4096

/* One destination: its address bytes (4 or 16) and its SYN count. */
struct dst {
	int family;
	unsigned char addr[16];
	long syns;
};

static struct dst dsts[MAX_DSTS];
static int ndsts;

/* Counts a SYN to ADDR (LEN bytes). */
static void count(int family, const unsigned char *addr, size_t len)
{
	for (int i = 0; i < ndsts; i++)
		if (dsts[i].family == family && memcmp(dsts[i].addr, addr, len) == 0) {
			dsts[i].syns++;
			return;
		}
	if (ndsts == MAX_DSTS)
		return;
	dsts[ndsts].family = family;
	memcpy(dsts[ndsts].addr, addr, len);
	dsts[ndsts++].syns = 1;
}

/* Looks at one Ethernet frame: a SYN over IPv4 or IPv6 is counted. */
static void packet(const unsigned char *p, size_t caplen)
{
	if (caplen < 14)
		return;
	unsigned type = (unsigned)p[12] << 8 | p[13];
	const unsigned char *ip = p + 14;
	size_t left = caplen - 14;
	if (type == 0x0800 && left >= 20 && ip[9] == 6) {
		size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
		if (left >= ihl + 14 && (ip[13 + ihl] & 0xff) == 0x02)
			count(AF_INET, ip + 16, 4);
	} else if (type == 0x86dd && left >= 40 + 14 && ip[6] == 6) {
		if (ip[40 + 13] == 0x02)
			count(AF_INET6, ip + 24, 16);
	}
}

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The destinations in the order of their text, as the Lua side sorts. */
static int by_text(const void *a, const void *b)
{
	char x[INET6_ADDRSTRLEN], y[INET6_ADDRSTRLEN];
	const struct dst *p = a, *q = b;
	inet_ntop(p->family, p->addr, x, sizeof x);
	inet_ntop(q->family, q->addr, y, sizeof y);
	return strcmp(x, y);
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	pcap_t *pc = pcap_open_offline(argv[1], err);
	if (pc == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (pcap_datalink(pc) != DLT_EN10MB) {
		fprintf(stderr, "%s: not Ethernet\n", argv[1]);
		return 1;
	}
	struct pcap_pkthdr *h;
	const unsigned char *data;
	long n = 0;
	double t0 = now();
	while (pcap_next_ex(pc, &h, &data) == 1) {
		n++;
		packet(data, h->caplen);
	}
	double dt = now() - t0;
	pcap_close(pc);
	printf("packets %ld\npackets_per_sec %.0f\n", n, (double)n / dt);
	qsort(dsts, (size_t)ndsts, sizeof dsts[0], by_text);
	for (int i = 0; i < ndsts; i++) {
		char text[INET6_ADDRSTRLEN];
		inet_ntop(dsts[i].family, dsts[i].addr, text, sizeof text);
		printf("syn %s %ld\n", text, dsts[i].syns);
	}
	return 0;
}
