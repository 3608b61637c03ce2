/* quickcap.c - a capture's first packet socket, opened at once (see
 * quickcap.h). What it hands out follows libpcap 1.10's pcap-linux.c
 * (pcap_handle_packet_mmap): the filter runs on the packet as the kernel
 * gives it, then a VLAN tag the kernel took off is put back after the
 * Ethernet addresses, and the capture length is cut to the snapshot. The
 * filter runs in the kernel, as libpcap sets it (fix_program). */
#include "quickcap.h"

#include "error.h"
#include "fdinfo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	QUICK_DLT_EN10MB = 1,
	QUICK_DLT_SLL2 = 276,
	QUICK_SLL2_LEN = 20, /* DLT_LINUX_SLL2's header */
	QUICK_VLAN_LEN = 4,
	QUICK_VLAN_AT = 12,	   /* where an Ethernet frame's tag goes */
	QUICK_MAXLEN = 262144,	   /* libpcap's largest snapshot */
	QUICK_SKIPS = 1 << 20,	   /* packets left out in one call, at most */
	QUICK_ETH_P_ALL = 0x0003,  /* every protocol */
	QUICK_ETH_P_8021Q = 0x8100 /* a tag's type when the kernel says none */
};

struct nlab_quickcap {
	int fd;
	int cooked;   /* "any": SOCK_DGRAM, an SLL2 header made here */
	int lo_index; /* lo's outgoing copies are left out (as libpcap) */
	int group;    /* the fanout group's id */
	int snaplen;
	int have_prog;
	struct bpf_program prog; /* the filter, compiled for the link type */
	uint8_t *buf;		 /* room for the longest packet and a header */
	uint64_t taken, dropped;
};

/* The sockets keeping the kernel's time stamps on, and since when. */
static struct {
	pthread_mutex_t lock;
	int live;
	struct timespec since;
} warm = {PTHREAD_MUTEX_INITIALIZER, 0, {0, 0}};

int nlab_quickcap_warm(int fd)
{
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) < 0)
		return nlab_errno();
	pthread_mutex_lock(&warm.lock);
	if (warm.live++ == 0)
		clock_gettime(CLOCK_MONOTONIC, &warm.since);
	pthread_mutex_unlock(&warm.lock);
	return 0;
}

void nlab_quickcap_cool(void)
{
	pthread_mutex_lock(&warm.lock);
	if (warm.live > 0)
		warm.live--;
	pthread_mutex_unlock(&warm.lock);
}

int nlab_quickcap_warmed(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&warm.lock);
	/* the kernel turns them on from a work queue: give it 5 ms */
	long left = 5000000L - ((now.tv_sec - warm.since.tv_sec) * 1000000000L +
				(now.tv_nsec - warm.since.tv_nsec));
	int live = warm.live > 0;
	pthread_mutex_unlock(&warm.lock);
	if (live && left > 0) { /* less than libpcap's open would cost */
		struct timespec rest = {0, left};
		while (nanosleep(&rest, &rest) < 0 && errno == EINTR)
			;
	}
	return live;
}

int nlab_fanout_steer(int fd, unsigned member)
{
	struct sock_filter ret = BPF_STMT(BPF_RET | BPF_K, member);
	struct sock_fprog prog = {.len = 1, .filter = &ret};
	return setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &prog,
			  sizeof prog) < 0
		   ? nlab_errno()
		   : 0;
}

/* 1 if WORD occurs in TEXT (a filter libpcap compiles differently when
 * live: its VLAN tests read the kernel's tag, not the packet's bytes). */
static int mentions(const char *text, const char *word)
{
	return text && strstr(text, word) != NULL;
}

/* Compiles Q's filter F for LINKTYPE as libpcap would; -EAGAIN if it
 * does not compile so (libpcap's own open then says why, or does). */
static int compile(nlab_quickcap *q, const char *f, int linktype)
{
	if (!f || !*f)
		return 0;
	if (mentions(f, "vlan"))
		return -EAGAIN;
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(
	    linktype, q->snaplen, PCAP_TSTAMP_PRECISION_NANO);
	if (!dead)
		return -EAGAIN;
	int rc = pcap_compile(dead, &q->prog, f, 1, PCAP_NETMASK_UNKNOWN);
	pcap_close(dead);
	if (rc != 0)
		return -EAGAIN;
	q->have_prog = 1;
	return 0;
}

/* Turns the program F (N instructions, compiled for SLL2: "any") into
 * the one the kernel runs on a cooked socket, whose packets start at the
 * network header, as libpcap's fix_program does: loads past the header
 * move back by its length, those of its protocol, interface and packet
 * type fields become the kernel's ancillary loads. -1 if a load reads
 * another field of it (the filter then runs here). */
static int cook(struct bpf_insn *f, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct bpf_insn *p = &f[i];
		unsigned cls = BPF_CLASS(p->code), mode = BPF_MODE(p->code);
		if ((cls != BPF_LD && cls != BPF_LDX) ||
		    (mode != BPF_ABS && mode != BPF_IND && mode != BPF_MSH) ||
		    (int32_t)p->k < 0) /* the kernel's own offsets */
			continue;
		if (p->k >= QUICK_SLL2_LEN)
			p->k -= QUICK_SLL2_LEN;
		else if (p->k == 0)
			p->k = (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL);
		else if (p->k == 4)
			p->k = (uint32_t)(SKF_AD_OFF + SKF_AD_IFINDEX);
		else if (p->k == 10)
			p->k = (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE);
		else
			return -1;
	}
	return 0;
}

enum { QUICK_LO_SKIP = 5 }; /* the instructions of lo_skip */

/* Writes into F the instructions that refuse lo's outgoing copies (each
 * packet on lo comes in again): libpcap leaves them out as it reads,
 * the kernel here, so they take no room and count as no drop. */
static void lo_skip(struct sock_filter *f, int lo_index)
{
	struct sock_filter skip[QUICK_LO_SKIP] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_IFINDEX),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)lo_index, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, 0)};
	memcpy(f, skip, sizeof skip);
}

/* Gives the kernel a filter for Q bound to interface INDEX (0: all): lo's
 * outgoing copies refused, then Q's filter as libpcap sets it (cooked
 * for "any"), so that the packets it refuses take no room in the buffer
 * and count as no drop; a filter the kernel cannot run stays here. */
static void attach(nlab_quickcap *q, int index)
{
	int lo = q->lo_index > 0 && (index == 0 || index == q->lo_index);
	unsigned skip = lo ? QUICK_LO_SKIP : 0;
	unsigned n = q->have_prog ? q->prog.bf_len : 1;
	struct sock_filter *f = calloc(skip + n, sizeof *f);
	if (!f)
		return;
	if (lo)
		lo_skip(f, q->lo_index);
	int mine = q->have_prog; /* the filter goes to the kernel */
	if (mine) {
		memcpy(f + skip, q->prog.bf_insns, n * sizeof *f);
		mine =
		    !q->cooked || cook((struct bpf_insn *)(f + skip), n) == 0;
	}
	if (!mine) /* everything else, as the capture has no filter */
		f[skip] =
		    (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffffffffu);
	struct sock_fprog k = {.len = (unsigned short)(skip + (mine ? n : 1)),
			       .filter = f};
	int set =
	    (lo || mine) &&
	    setsockopt(q->fd, SOL_SOCKET, SO_ATTACH_FILTER, &k, sizeof k) == 0;
	if (set && mine) {
		pcap_freecode(&q->prog);
		q->have_prog = 0;
	}
	free(f);
}

/* The interface index and ARPHRD type of NAME (through Q's socket). */
static int iface_info(nlab_quickcap *q, const char *name, int *index, int *type)
{
	struct ifreq r;
	memset(&r, 0, sizeof r);
	snprintf(r.ifr_name, sizeof r.ifr_name, "%s", name);
	if (ioctl(q->fd, SIOCGIFINDEX, &r) < 0)
		return nlab_errno();
	*index = r.ifr_ifindex;
	if (ioctl(q->fd, SIOCGIFHWADDR, &r) < 0)
		return nlab_errno();
	*type = r.ifr_hwaddr.sa_family;
	return 0;
}

/* Sets Q's socket options (time stamps, VLAN tags, buffer, promisc). */
static int set_options(nlab_quickcap *q, const nlab_quickcap_opts *o, int index)
{
	int one = 1, size = o->buffer;
	if (setsockopt(q->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) <
		0 ||
	    setsockopt(q->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0)
		return nlab_errno();
	if (setsockopt(q->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) <
	    0)
		setsockopt(q->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	if (o->promisc && !q->cooked) {
		struct packet_mreq m = {.mr_ifindex = index,
					.mr_type = PACKET_MR_PROMISC};
		if (setsockopt(q->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &m,
			       sizeof m) < 0)
			return nlab_errno();
	}
	return 0;
}

/* Binds Q to interface INDEX (0: all) and, if GROUP, makes it a fanout
 * group of its own, every packet steered to it. */
static int bind_group(nlab_quickcap *q, int index, int group)
{
	struct sockaddr_ll ll = {.sll_family = AF_PACKET,
				 .sll_protocol = htons(QUICK_ETH_P_ALL),
				 .sll_ifindex = index};
	if (bind(q->fd, (struct sockaddr *)&ll, sizeof ll) < 0)
		return nlab_errno();
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err)
		return -EAGAIN; /* down: libpcap's open says so */
	if (!group)
		return 0;
	int arg = (PACKET_FANOUT_CBPF | PACKET_FANOUT_FLAG_UNIQUEID) << 16;
	len = sizeof arg;
	if (setsockopt(q->fd, SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) <
		0 ||
	    getsockopt(q->fd, SOL_PACKET, PACKET_FANOUT, &arg, &len) < 0)
		return -EAGAIN; /* a kernel without CBPF fanout (< 4.3) */
	q->group = arg & 0xffff;
	return nlab_fanout_steer(q->fd, 0);
}

/* Makes Q's socket for O, here. */
static int quick_setup(nlab_quickcap *q, const nlab_quickcap_opts *o,
		       int *linktype)
{
	q->cooked = strcmp(o->iface, "any") == 0;
	q->fd = nlab_fd_high(socket(AF_PACKET,
				    (q->cooked ? SOCK_DGRAM : SOCK_RAW) |
					SOCK_NONBLOCK | SOCK_CLOEXEC,
				    0));
	if (q->fd < 0)
		return -EAGAIN; /* no privilege: libpcap's open says so */
	int index = 0, type = 0;
	if (!q->cooked) {
		if (iface_info(q, o->iface, &index, &type) != 0 ||
		    (type != ARPHRD_ETHER && type != ARPHRD_LOOPBACK))
			return -EAGAIN;
	}
	q->lo_index = (int)if_nametoindex("lo");
	if (!q->cooked && type == ARPHRD_LOOPBACK)
		q->lo_index = index; /* (the same, unless lo is not "lo") */
	*linktype = q->cooked ? QUICK_DLT_SLL2 : QUICK_DLT_EN10MB;
	int rc = compile(q, o->filter, *linktype);
	if (rc == 0) {
		attach(q, index);
		rc = set_options(q, o, index);
	}
	return rc != 0 ? rc : bind_group(q, index, o->group);
}

int nlab_quickcap_open(const nlab_quickcap_opts *o, nlab_quickcap **q,
		       int *linktype)
{
	*q = NULL;
	nlab_quickcap *n = calloc(1, sizeof *n);
	if (!n)
		return -ENOMEM;
	n->fd = -1;
	n->snaplen = o->snaplen > 0 && o->snaplen <= QUICK_MAXLEN
			 ? o->snaplen
			 : QUICK_MAXLEN;
	n->buf = malloc(QUICK_MAXLEN + QUICK_SLL2_LEN + QUICK_VLAN_LEN);
	int rc = n->buf ? quick_setup(n, o, linktype) : -ENOMEM;
	if (rc != 0) {
		nlab_quickcap_free(n);
		return rc;
	}
	*q = n;
	return 0;
}

int nlab_quickcap_fd(const nlab_quickcap *q)
{
	return q->fd;
}

int nlab_quickcap_group(const nlab_quickcap *q)
{
	return q->group;
}

/* What one recvmsg gave besides the bytes. */
typedef struct quick_msg {
	struct sockaddr_ll from;
	struct tpacket_auxdata aux;
	struct timespec ts;
	int have_aux, have_ts;
} quick_msg;

/* Reads the control messages of M into QM. */
static void read_cmsgs(struct msghdr *m, quick_msg *qm)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == SOL_PACKET &&
		    c->cmsg_type == PACKET_AUXDATA &&
		    c->cmsg_len >= CMSG_LEN(sizeof qm->aux)) {
			memcpy(&qm->aux, CMSG_DATA(c), sizeof qm->aux);
			qm->have_aux = 1;
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SCM_TIMESTAMPNS &&
			   c->cmsg_len >= CMSG_LEN(sizeof qm->ts)) {
			memcpy(&qm->ts, CMSG_DATA(c), sizeof qm->ts);
			qm->have_ts = 1;
		}
	}
}

/* Receives one packet at AT (ROOM bytes); its length, or an error. */
static ssize_t receive(nlab_quickcap *q, uint8_t *at, size_t room,
		       quick_msg *qm)
{
	union {
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata)) +
		       CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = {.iov_base = at, .iov_len = room};
	struct msghdr m = {.msg_name = &qm->from,
			   .msg_namelen = sizeof qm->from,
			   .msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = ctl.b,
			   .msg_controllen = sizeof ctl.b};
	ssize_t n;
	do
		n = recvmsg(q->fd, &m, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : nlab_errno();
	memset(&qm->aux, 0, sizeof qm->aux);
	qm->have_aux = qm->have_ts = 0;
	read_cmsgs(&m, qm);
	return n;
}

/* Writes "any"'s SLL2 header for QM at P (as libpcap builds it). */
static void put_sll2(uint8_t *p, const quick_msg *qm)
{
	const struct sockaddr_ll *s = &qm->from;
	uint32_t index = htonl((uint32_t)s->sll_ifindex);
	uint16_t hatype = htons(s->sll_hatype);
	memcpy(p, &s->sll_protocol, 2);
	memset(p + 2, 0, 2);
	memcpy(p + 4, &index, 4);
	memcpy(p + 8, &hatype, 2);
	p[10] = s->sll_pkttype;
	p[11] = s->sll_halen;
	memcpy(p + 12, s->sll_addr, 8);
}

/* Puts back the VLAN tag the kernel took off the frame at *P (grown
 * forwards into the room before it). */
static void put_vlan(uint8_t **p, nlab_pkthdr *h, const quick_msg *qm)
{
	uint16_t tpid = htons(qm->aux.tp_status & TP_STATUS_VLAN_TPID_VALID
				  ? qm->aux.tp_vlan_tpid
				  : QUICK_ETH_P_8021Q);
	uint16_t tci = htons(qm->aux.tp_vlan_tci);
	*p -= QUICK_VLAN_LEN;
	memmove(*p, *p + QUICK_VLAN_LEN, QUICK_VLAN_AT);
	memcpy(*p + QUICK_VLAN_AT, &tpid, 2);
	memcpy(*p + QUICK_VLAN_AT + 2, &tci, 2);
	h->caplen += QUICK_VLAN_LEN;
	h->len += QUICK_VLAN_LEN;
}

/* 1 if the packet at P (H's lengths) passes Q's filter and direction. */
static int wanted(nlab_quickcap *q, const uint8_t *p, const nlab_pkthdr *h,
		  const quick_msg *qm)
{
	if (qm->from.sll_pkttype == PACKET_OUTGOING &&
	    qm->from.sll_ifindex == q->lo_index)
		return 0; /* lo: the same packet comes in again */
	if (!q->have_prog)
		return 1;
	struct pcap_pkthdr ph = {.caplen = h->caplen, .len = h->len};
	return pcap_offline_filter(&q->prog, &ph, p) != 0;
}

/* Turns the packet received at the head room's end into H and *DATA;
 * 1, or 0 when it is left out. */
static int make(nlab_quickcap *q, size_t n, const quick_msg *qm, nlab_pkthdr *h,
		const uint8_t **data)
{
	size_t head = q->cooked ? QUICK_SLL2_LEN : QUICK_VLAN_LEN;
	uint8_t *p = q->buf + head;
	h->caplen = (uint32_t)n;
	h->len = qm->have_aux ? qm->aux.tp_len : (uint32_t)n;
	if (q->cooked) {
		p -= QUICK_SLL2_LEN;
		put_sll2(p, qm);
		h->caplen += QUICK_SLL2_LEN;
		h->len += QUICK_SLL2_LEN;
	}
	if (!wanted(q, p, h, qm))
		return 0;
	if (!q->cooked && n >= QUICK_VLAN_AT &&
	    (qm->aux.tp_vlan_tci != 0 ||
	     (qm->aux.tp_status & TP_STATUS_VLAN_VALID)))
		put_vlan(&p, h, qm);
	if (h->caplen > (uint32_t)q->snaplen)
		h->caplen = (uint32_t)q->snaplen;
	struct timespec ts = qm->ts;
	if (!qm->have_ts)
		clock_gettime(CLOCK_REALTIME, &ts);
	h->sec = ts.tv_sec;
	h->nsec = ts.tv_nsec;
	*data = p;
	return 1;
}

int nlab_quickcap_next(nlab_quickcap *q, nlab_pkthdr *h, const uint8_t **data)
{
	size_t head = q->cooked ? QUICK_SLL2_LEN : QUICK_VLAN_LEN;
	for (int i = 0; i < QUICK_SKIPS; i++) {
		quick_msg qm;
		ssize_t n = receive(q, q->buf + head, QUICK_MAXLEN, &qm);
		if (n < 0)
			return (int)n;
		if (make(q, (size_t)n, &qm, h, data)) {
			q->taken++;
			return 1;
		}
	}
	return -EAGAIN;
}

void nlab_quickcap_counts(nlab_quickcap *q, uint64_t *taken, uint64_t *dropped)
{
	struct tpacket_stats st;
	socklen_t len = sizeof st;
	if (getsockopt(q->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
		q->dropped += st.tp_drops; /* the kernel counts from 0 again */
	*taken = q->taken;
	*dropped = q->dropped;
}

void nlab_quickcap_free(nlab_quickcap *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	if (q->have_prog)
		pcap_freecode(&q->prog);
	free(q->buf);
	free(q);
}
