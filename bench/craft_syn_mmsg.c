/* craft_syn_mmsg.c - the C peer of bench/craft_syn.lua's netlab loop: the
 * same 54-byte TCP SYNs (Ethernet, IPv4, TCP, source port changing, both
 * checksums computed for each frame) sent on a packet socket by
 * sendmmsg, BATCH frames a call.
 *
 *   craft_syn_mmsg COUNT IFACE SRC_MAC DST_MAC SRC_IP DST_IP
 *       prints "pps N" and "sent N" */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define FRAME 54
#define BATCH 64

/* Prints a message with errno's text and exits. */
static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Reads a MAC address "aa:bb:..." into OUT. */
static void mac(const char *text, unsigned char *out)
{
	unsigned v[6];
	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) {
		fprintf(stderr, "bad MAC %s\n", text);
		exit(2);
	}
	for (int i = 0; i < 6; i++)
		out[i] = (unsigned char)v[i];
}

/* The internet checksum of LEN bytes at P, starting from SUM. */
static uint16_t cksum(const unsigned char *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Fills F with a SYN from SPORT: both checksums worked out anew. */
static void craft(unsigned char *f, const unsigned char *dst_mac, const unsigned char *src_mac,
		  const struct in_addr *src, const struct in_addr *dst, unsigned sport)
{
	memset(f, 0, FRAME);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	f[12] = 0x08;
	unsigned char *ip = f + 14, *tcp = f + 34;
	ip[0] = 0x45;
	ip[3] = 40;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	uint16_t c = cksum(ip, 20, 0);
	ip[10] = (unsigned char)(c >> 8), ip[11] = (unsigned char)c;
	tcp[0] = (unsigned char)(sport >> 8), tcp[1] = (unsigned char)sport;
	tcp[3] = 80;
	tcp[12] = 0x50;
	tcp[13] = 0x02;
	tcp[14] = 0x20; /* window 8192, as netlab's default */
	uint32_t pseudo = 6 + 20;
	for (int i = 12; i < 20; i += 2)
		pseudo += (uint32_t)ip[i] << 8 | ip[i + 1];
	c = cksum(tcp, 20, pseudo);
	tcp[16] = (unsigned char)(c >> 8), tcp[17] = (unsigned char)c;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: %s COUNT IFACE SRC_MAC DST_MAC SRC_IP DST_IP\n", argv[0]);
		return 2;
	}
	long count = atol(argv[1]);
	unsigned char src_mac[6], dst_mac[6];
	mac(argv[3], src_mac);
	mac(argv[4], dst_mac);
	struct in_addr src, dst;
	if (inet_pton(AF_INET, argv[5], &src) != 1 || inet_pton(AF_INET, argv[6], &dst) != 1)
		die("inet_pton");
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	struct sockaddr_ll ll = {.sll_family = AF_PACKET, .sll_ifindex = (int)if_nametoindex(argv[2]), .sll_halen = 6};
	memcpy(ll.sll_addr, dst_mac, 6);
	if (ll.sll_ifindex == 0)
		die(argv[2]);
	static unsigned char frames[BATCH][FRAME];
	struct iovec iov[BATCH];
	struct mmsghdr msgs[BATCH];
	for (int i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){frames[i], FRAME};
		msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &ll, .msg_namelen = sizeof ll, .msg_iov = &iov[i], .msg_iovlen = 1}};
	}
	long sent = 0;
	double t0 = now();
	while (sent < count) {
		int n = count - sent < BATCH ? (int)(count - sent) : BATCH;
		for (int i = 0; i < n; i++)
			craft(frames[i], dst_mac, src_mac, &src, &dst, 1024 + (unsigned)((sent + i + 1) % 64000));
		int done = sendmmsg(fd, msgs, (unsigned)n, 0);
		if (done < 0)
			die("sendmmsg");
		sent += done;
	}
	double dt = now() - t0;
	printf("pps %.0f\nsent %ld\n", (double)sent / dt, sent);
	return 0;
}
