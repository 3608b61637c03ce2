/* tcpinfo.h - the kernel's view of one TCP connection: TCP_INFO, the
 * bytes in its queues (SIOCOUTQ, SIOCOUTQNSD, SIOCINQ), its memory
 * (SO_MEMINFO, ss -m's skmem) and its congestion control's own numbers
 * (TCP_CC_INFO). The same records come from sock_diag for a host's rows
 * (diag.c), so both read the kernel's bytes through this one layout. */
#ifndef NLAB_TCPINFO_H
#define NLAB_TCPINFO_H

#include <linux/inet_diag.h>
#include <stddef.h>
#include <stdint.h>

/* struct tcp_info as Linux 6.7 lays it out (uapi linux/tcp.h), which is
 * newer than the installed headers. A kernel gives as much as it has: an
 * older one a shorter prefix, a newer one more (cut here). Each field is
 * read only where the length the kernel gave covers it (NLAB_TCPI_HAS). */
typedef struct nlab_tcp_info {
	uint8_t tcpi_state, tcpi_ca_state, tcpi_retransmits, tcpi_probes;
	uint8_t tcpi_backoff, tcpi_options;
	uint8_t tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4;
	uint8_t tcpi_delivery_rate_app_limited : 1,
	    tcpi_fastopen_client_fail : 2;
	uint32_t tcpi_rto, tcpi_ato, tcpi_snd_mss, tcpi_rcv_mss;
	uint32_t tcpi_unacked, tcpi_sacked, tcpi_lost, tcpi_retrans;
	uint32_t tcpi_fackets;
	uint32_t tcpi_last_data_sent, tcpi_last_ack_sent;
	uint32_t tcpi_last_data_recv, tcpi_last_ack_recv;
	uint32_t tcpi_pmtu, tcpi_rcv_ssthresh, tcpi_rtt, tcpi_rttvar;
	uint32_t tcpi_snd_ssthresh, tcpi_snd_cwnd, tcpi_advmss;
	uint32_t tcpi_reordering, tcpi_rcv_rtt, tcpi_rcv_space;
	uint32_t tcpi_total_retrans;
	uint64_t tcpi_pacing_rate, tcpi_max_pacing_rate;
	uint64_t tcpi_bytes_acked, tcpi_bytes_received;
	uint32_t tcpi_segs_out, tcpi_segs_in;
	uint32_t tcpi_notsent_bytes, tcpi_min_rtt;
	uint32_t tcpi_data_segs_in, tcpi_data_segs_out;
	uint64_t tcpi_delivery_rate;
	uint64_t tcpi_busy_time, tcpi_rwnd_limited, tcpi_sndbuf_limited;
	uint32_t tcpi_delivered, tcpi_delivered_ce;
	uint64_t tcpi_bytes_sent, tcpi_bytes_retrans;
	uint32_t tcpi_dsack_dups, tcpi_reord_seen;
	uint32_t tcpi_rcv_ooopack;
	uint32_t tcpi_snd_wnd, tcpi_rcv_wnd;
	uint32_t tcpi_rehash;
	uint16_t tcpi_total_rto, tcpi_total_rto_recoveries;
	uint32_t tcpi_total_rto_time;
} nlab_tcp_info;

/* Whether LEN bytes of tcp_info (what the kernel gave) hold FIELD. */
#define NLAB_TCPI_HAS(len, field)                                              \
	(offsetof(nlab_tcp_info, field) +                                      \
	     sizeof(((nlab_tcp_info *)0)->field) <=                            \
	 (len))

/* The fields of the first 8 bytes are bit fields: present whenever the
 * kernel gave anything past them. */
#define NLAB_TCPI_HEAD 8

/* ss -m's skmem: SO_MEMINFO's and INET_DIAG_SKMEMINFO's counters
 * (SK_MEMINFO_*), N of them given (older kernels: 7 or 8). */
typedef struct nlab_skmem {
	uint32_t v[9];
	size_t n;
} nlab_skmem;

/* A congestion control's own numbers (TCP_CC_INFO, INET_DIAG_VEGASINFO,
 * _DCTCPINFO, _BBRINFO): which one KIND names (INET_DIAG_*, 0 none). */
typedef struct nlab_ccinfo {
	int kind;
	union tcp_cc_info u;
	size_t len;
} nlab_ccinfo;

/* Reads TCP_INFO of socket FD into TI (zeroed past what the kernel gave);
 * *LEN is how many bytes it gave. */
int nlab_tcpinfo_read(int fd, nlab_tcp_info *ti, size_t *len);

/* Copies LEN bytes of a tcp_info record RAW (INET_DIAG_INFO's payload)
 * into TI, zeroing the rest; returns the bytes kept. */
size_t nlab_tcpinfo_copy(nlab_tcp_info *ti, const void *raw, size_t len);

/* Copies an skmem record (LEN bytes) into M. */
void nlab_skmem_copy(nlab_skmem *m, const void *raw, size_t len);

/* Reads socket FD's memory counters (SO_MEMINFO). */
int nlab_skmem_read(int fd, nlab_skmem *m);

/* Reads socket FD's congestion control name (TCP_CONGESTION). */
int nlab_tcpinfo_cong(int fd, char *name, size_t size);

/* Reads the congestion control's own numbers (TCP_CC_INFO); KIND 0
 * when it has none (cubic, reno). */
int nlab_ccinfo_read(int fd, nlab_ccinfo *cc);

/* The bytes queued on socket FD: SEND, not yet acknowledged (SIOCOUTQ,
 * ss's Send-Q); UNSENT, of those not yet sent (SIOCOUTQNSD, TCP only:
 * -1 otherwise); RECV, received but not yet read (SIOCINQ, Recv-Q). */
typedef struct nlab_queues {
	int send, unsent, recv;
} nlab_queues;
int nlab_tcpinfo_queues(int fd, nlab_queues *q);

#endif
