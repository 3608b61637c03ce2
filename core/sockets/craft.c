/* craft.c - internet checksums and raw sockets for crafted packets. */
#include "craft.h"

#include "error.h"
#include "fdinfo.h"
#include "netns.h"
#include "pkt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

uint32_t nlab_craft_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	nlab_view v = {p, n};
	size_t i;
	for (i = 0; i + 1 < n; i += 2)
		sum += nlab_get16(v, i);
	if (i < n)
		sum += (uint32_t)nlab_get8(v, i) << 8;
	return sum;
}

uint16_t nlab_craft_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Stores 16-bit V big-endian at P. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Where a transport protocol keeps its checksum, -1 if it has none we
 * fill; *PSEUDO says whether the pseudo-header is summed. */
static int csum_at(int proto, int *pseudo)
{
	*pseudo = proto != IPPROTO_ICMP;
	switch (proto) {
	case IPPROTO_TCP: return 16;
	case IPPROTO_UDP: return 6;
	case IPPROTO_ICMP: return 2;
	case IPPROTO_ICMPV6: return 2;
	default: return -1;
	}
}

/* Fills in the checksum of the LEN transport bytes at L4 (protocol
 * PROTO); PSUM is the pseudo-header's sum but for protocol and length. */
static void fix_l4(uint8_t *l4, size_t len, int proto, uint32_t psum)
{
	int pseudo, at = csum_at(proto, &pseudo);
	if (at < 0 || len < (size_t)at + 2 || len > 0xffff)
		return;
	put16(l4 + at, 0);
	uint32_t sum = nlab_craft_sum(l4, len, pseudo ? psum + (uint32_t)proto + (uint32_t)len : 0);
	uint16_t c = nlab_craft_fold(sum);
	if (c == 0 && proto == IPPROTO_UDP)
		c = 0xffff; /* 0 means "no checksum" in UDP over IPv4 */
	put16(l4 + at, c);
}

/* nlab_craft_fix for the IPv4 packet in V (writable at P). */
static void fix_ip4(uint8_t *p, nlab_view v, unsigned flags)
{
	size_t hl = (size_t)(nlab_get8(v, 0) & 0x0f) * 4;
	if (hl < 20 || !nlab_view_has(v, 0, hl))
		return;
	if (flags & NLAB_FIX_IP) {
		put16(p + 10, 0);
		put16(p + 10, nlab_craft_fold(nlab_craft_sum(p, hl, 0)));
	}
	size_t total = nlab_get16(v, 2);
	if (!(flags & NLAB_FIX_L4) || total < hl || total > v.len || (nlab_get16(v, 6) & 0x3fff))
		return; /* truncated, or a fragment: no whole datagram to sum */
	fix_l4(p + hl, total - hl, nlab_get8(v, 9), nlab_craft_sum(p + 12, 8, 0));
}

/* nlab_craft_fix for the IPv6 packet in V (writable at P). */
static void fix_ip6(uint8_t *p, nlab_view v, unsigned flags)
{
	size_t plen = nlab_get16(v, 4);
	if (!(flags & NLAB_FIX_L4) || !nlab_view_has(v, 40, plen))
		return;
	fix_l4(p + 40, plen, nlab_get8(v, 6), nlab_craft_sum(p + 8, 32, 0));
}

void nlab_craft_fix(uint8_t *p, size_t n, size_t l3off, unsigned flags)
{
	if (l3off >= n)
		return;
	nlab_view v = {p + l3off, n - l3off};
	int version = nlab_get8(v, 0) >> 4;
	if (version == 4)
		fix_ip4(p + l3off, v, flags);
	else if (version == 6 && nlab_view_has(v, 0, 40))
		fix_ip6(p + l3off, v, flags);
}

/* A crafting socket to open where the calling thread is. */
typedef struct {
	int kind;
	const char *ifname;
	int fd, ifindex;
} open_job;

/* Binds packet socket FD to interface IFNAME (in the socket's own
 * namespace); sets *IFINDEX. */
static int bind_link(int fd, const char *ifname, int *ifindex)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	if (strlen(ifname) >= sizeof ifr.ifr_name)
		return -ENODEV;
	memcpy(ifr.ifr_name, ifname, strlen(ifname) + 1);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		return nlab_errno();
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_ifindex = ifr.ifr_ifindex};
	*ifindex = ifr.ifr_ifindex;
	return bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0 ? nlab_errno() : 0;
}

/* Opens the socket of open_job *P where the thread is. */
static int open_here(void *p)
{
	open_job *j = p;
	static const int family[] = {AF_INET, AF_INET6, AF_PACKET, AF_PACKET};
	int proto = j->kind == NLAB_CRAFT_SNIFF  ? htons(ETH_P_ALL)
		    : j->kind == NLAB_CRAFT_LINK ? 0
						 : IPPROTO_RAW;
	j->fd = nlab_fd_high(socket(family[j->kind], SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto));
	if (j->fd < 0)
		return nlab_errno();
	return j->kind == NLAB_CRAFT_LINK ? bind_link(j->fd, j->ifname, &j->ifindex) : 0;
}

int nlab_craft_open(int netns, int kind, const char *ifname, int *fd, int *ifindex)
{
	open_job j = {.kind = kind, .ifname = ifname, .fd = -1, .ifindex = 0};
	if (kind < NLAB_CRAFT_IP4 || kind > NLAB_CRAFT_SNIFF)
		return -EINVAL;
	int rc = nlab_netns_call(netns, open_here, &j);
	if (rc != 0 && j.fd >= 0)
		close(j.fd);
	*fd = rc == 0 ? j.fd : -1;
	*ifindex = j.ifindex;
	return rc;
}

/* Sends an IP packet to the destination its header names. */
static long send_ip(int fd, int kind, const uint8_t *p, size_t n)
{
	nlab_view v = {p, n};
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
	struct sockaddr_in sin = {.sin_family = AF_INET};
	if (kind == NLAB_CRAFT_IP4 ? !nlab_view_has(v, 0, 20) : !nlab_view_has(v, 0, 40))
		return -EINVAL;
	if (kind == NLAB_CRAFT_IP4) {
		nlab_getbytes(v, 16, &sin.sin_addr, 4);
		return sendto(fd, p, n, MSG_DONTWAIT, (struct sockaddr *)&sin, sizeof sin);
	}
	nlab_getbytes(v, 24, &sin6.sin6_addr, 16);
	return sendto(fd, p, n, MSG_DONTWAIT, (struct sockaddr *)&sin6, sizeof sin6);
}

long nlab_craft_send(int fd, int kind, const uint8_t *p, size_t n)
{
	long r = kind == NLAB_CRAFT_LINK ? send(fd, p, n, MSG_DONTWAIT) : send_ip(fd, kind, p, n);
	return r < 0 ? (r == -EINVAL ? r : nlab_errno()) : r;
}

long nlab_craft_sendmmsg(int fd, struct mmsghdr *m, unsigned n)
{
	unsigned done = 0;
	while (done < n) {
		int r = sendmmsg(fd, m + done, n - done, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return done > 0 ? (long)done : (r < 0 ? nlab_errno() : -EAGAIN);
		done += (unsigned)r;
	}
	return (long)done;
}

long nlab_craft_recv(int fd, uint8_t *buf, size_t cap, int *outgoing)
{
	struct sockaddr_ll sll;
	socklen_t len = sizeof sll;
	memset(&sll, 0, sizeof sll);
	long r = recvfrom(fd, buf, cap, MSG_DONTWAIT | MSG_TRUNC, (struct sockaddr *)&sll, &len);
	if (r < 0)
		return nlab_errno();
	*outgoing = sll.sll_pkttype == PACKET_OUTGOING;
	return r;
}
