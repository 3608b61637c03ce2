/* print_priv.h - what the protocol printers (print_*.c) share.
 *
 * Each printer appends to the line and returns NLAB_P_OK, or
 * NLAB_P_TRUNC when the capture ends inside what it must read (the
 * caller then ends the line with " [|proto]" as tcpdump's longjmp does),
 * or NLAB_P_STOP when it has ended the line itself. NLAB_P_ETRUNC is a
 * truncation tcpdump finds with an explicit check (ND_TCHECK) rather than
 * its longjmp: the line ends the same, but -X still skips the link header. */
#ifndef NLAB_PRINT_PRIV_H
#define NLAB_PRINT_PRIV_H

#include "print.h"

#include <string.h>

enum { NLAB_P_OK = 0, NLAB_P_TRUNC = 1, NLAB_P_STOP = 2, NLAB_P_ETRUNC = 3 };

/* What Rx's printer remembers of the last calls seen, so that a reply
 * names its procedure (tcpdump's rx_cache: 64 calls, reused in turn). */
enum { NLAB_RXCACHE = 64 };
typedef struct nlab_rxcall {
	uint32_t callnum, client, server, opcode;
	uint16_t dport, service;
} nlab_rxcall;
typedef struct nlab_rxcache {
	nlab_rxcall e[NLAB_RXCACHE];
	uint32_t next, hint;
} nlab_rxcache;

/* What ISAKMP's printer remembers of the IKEv1 initiators seen, to tell
 * an initiator's message from a responder's (tcpdump's cookiecache: 20
 * initiator cookies with the two addresses, reused in turn). */
enum { NLAB_IKECACHE = 20 };
typedef struct nlab_ikecache {
	struct {
		uint8_t cookie[8], version, iaddr[16], raddr[16];
	} e[NLAB_IKECACHE];
	uint32_t next;
} nlab_ikecache;

/* What SLIP's printer remembers between packets, as tcpdump's statics
 * in print-sl.c: the last connection and each one's data length by
 * direction (print_sl.c). */
typedef struct nlab_slip {
	uint32_t lastlen[2][256];
	uint32_t lastconn;
} nlab_slip;

/* One packet being printed. */
typedef struct nlab_pctx {
	nlab_strbuf *out;
	const nlab_print_opts *o;
	const nlab_tcprel *rel;
	const char *proto; /* protocol named by " [|proto]" */
	const char *ifname; /* SLL2: its interface's name where captured, */
			    /* "" to look it up here */
	nlab_rxcache *rx;   /* the printer's Rx calls (NULL: none kept) */
	nlab_ikecache *ike; /* its ISAKMP initiators (NULL: none kept) */
	nlab_slip *sl;      /* SLIP's lengths (NULL: none kept) */
} nlab_pctx;

/* What the time stamps keep between packets (print_time.c). */
typedef struct nlab_clock {
	int64_t tz_lo;    /* first second of the slot the offset is for */
	long tz_off;      /* UTC offset (seconds) during that slot */
	int tz_valid;
	int64_t ref_sec;  /* reference time stamp (-ttt: the previous, */
	int64_t ref_frac; /* -ttttt: the first), 0.0 before: tv_ref */
} nlab_clock;

/* Appends the time stamp of H (and its space) as the -t options ask. */
void nlab_p_time(nlab_clock *k, nlab_pctx *c, const nlab_pkthdr *h);

/* The one's complement sum of N bytes at OFF of V added to SUM, folded
 * to 16 bits (bytes read big-endian: the host-order value). */
uint32_t nlab_p_sum(nlab_view v, size_t off, size_t n, uint32_t sum);

/* The complement of SUM folded: 0 when a checksummed span is sound. */
uint16_t nlab_p_cksum(uint32_t sum);

/* What the checksum FIELD should have been, given COMPUTED over the span
 * with FIELD in it (tcpdump's in_cksum_shouldbe). */
uint16_t nlab_p_shouldbe(uint16_t field, uint16_t computed);

/* The checksum of the LEN bytes of segment SEG of protocol PROTO with
 * IP header IP's pseudo-header (v4 or v6): 0 when sound. */
uint16_t nlab_p_l4_cksum(nlab_view ip, nlab_view seg, uint32_t len, uint8_t proto);

/* The same over the first COV bytes of the segment only (DCCP's
 * checksum coverage), the pseudo-header still saying LEN. */
uint16_t nlab_p_l4_cksum_cov(nlab_view ip, nlab_view seg, uint32_t len, uint32_t cov,
			     uint8_t proto);

/* The name of IP protocol P in tcpdump's ipproto_values, or NULL. */
const char *nlab_p_ipproto_name(uint8_t p);

/* IPv4's -v text: "(tos 0x0, ttl 64, ..., length 84) " after "IP ", of
 * header V (HLEN bytes); returns NLAB_P_OK, NLAB_P_TRUNC, or NLAB_P_STOP
 * when a cut option ended the line. */
int nlab_p_ip4_verbose(nlab_pctx *c, nlab_view v, uint32_t hlen);

/* Appends text. */
static inline void nlab_p_puts(nlab_pctx *c, const char *s)
{
	nlab_strbuf_add(c->out, s, strlen(s));
}

/* Appends an unsigned decimal number (faster than printf). */
void nlab_p_u(nlab_pctx *c, uint32_t v);

/* Appends the IPv4 address at OFF of V (dotted quad). */
void nlab_p_ip4(nlab_pctx *c, nlab_view v, size_t off);

/* Appends the IPv6 address at OFF of V (RFC 5952 text). */
void nlab_p_ip6addr(nlab_pctx *c, nlab_view v, size_t off);

/* Appends N bytes at OFF as "aa:bb:cc" (tcpdump's linkaddr string). */
void nlab_p_mac(nlab_pctx *c, nlab_view v, size_t off, size_t n);

/* Appends byte CH as tcpdump's fn_print_char ("M-x", "^A"). */
void nlab_p_char(nlab_pctx *c, uint8_t ch);

/* Appends N bytes at OFF of V as nd_printn does; 1 if V ends first. */
int nlab_p_printn(nlab_pctx *c, nlab_view v, size_t off, size_t n);

/* Appends the NUL-ended text of at most N bytes at OFF of V as
 * nd_printztn does: the bytes it took with the NUL, or 0 when V or the
 * N bytes end before a NUL. */
size_t nlab_p_printztn(nlab_pctx *c, nlab_view v, size_t off, size_t n);

/* Appends up to N bytes at OFF of V, to a NUL, as nd_printjnp does:
 * NLAB_P_TRUNC when V ends first, else NLAB_P_OK. */
int nlab_p_printjnp(nlab_pctx *c, nlab_view v, size_t off, size_t n);

/* Appends the N bytes at OFF of V that were captured as hex lines, each
 * after IDENT (tcpdump's print_unknown_data). */
void nlab_p_hexdump(nlab_pctx *c, nlab_view v, size_t off, size_t n, const char *ident);

/* Appends the first N bytes of V (no more than were captured) as
 * hex_and_ascii_print's lines, each after IDENT (up to 16 characters). */
void nlab_p_hexascii(nlab_pctx *c, nlab_view v, size_t n, const char *ident);

/* A bit and its name, for nlab_p_bits (tcpdump's struct tok). */
typedef struct nlab_bitname {
	uint32_t bit;
	const char *name;
} nlab_bitname;

/* Appends the names of T's bits set in V, SEP between them, or NONE when
 * none is (tcpdump's bittok2str with ", ", bittok2str_nosep with ""). */
void nlab_p_bits(nlab_pctx *c, const nlab_bitname *t, uint32_t v, const char *sep,
		 const char *none);

/* Appends SECS as tcpdump's unsigned_relts_print: 90 -> "1m30s". */
void nlab_p_relts(nlab_pctx *c, uint32_t secs);

/* PGM (IP protocol 113) of LEN bytes; IP is the IP header (v4 or v6). */
int nlab_p_pgm(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);

/* PIM (IP protocol 103) of LEN bytes; IP is the IP header (v4 or v6). */
int nlab_p_pim(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);
/* PIM version 1 inside IGMP (type 0x14), after "igmp pimv1". */
int nlab_p_pimv1(nlab_pctx *c, nlab_view v, uint32_t len);

/* Appends " [|proto]" (nd_print_trunc). */
void nlab_p_trunc(nlab_pctx *c);

/* tcpdump's default print of bytes it has no printer for: hex and ASCII
 * lines (not with -X, which shows them anyway, nor -q). */
void nlab_p_default(nlab_pctx *c, nlab_view v);

/* The same whatever the options (ND_DEFAULTPRINT where tcpdump does not
 * check ndo_suppress_default_print first, as ARP's printer). */
void nlab_p_raw(nlab_pctx *c, nlab_view v);

/* Appends up to LEN bytes of V as hex lines (print_unknown_data). */
void nlab_p_unknown(nlab_pctx *c, nlab_view v, uint32_t len);
/* print_unknown_data of N bytes at OFF of V after IDENT, its
 * "Dissector error" when OFF is past the capture's end: 1 when the
 * bytes were printed, 0 after the error. */
int nlab_p_unknown_data(nlab_pctx *c, nlab_view v, size_t off, size_t n, const char *ident);

/* An OUI's name in tcpdump's oui_values (print_lldp.c), or NULL. */
const char *nlab_p_oui_name(uint32_t o);

/* GMPLS switching capability S and LSP encoding E by name, or
 * "Unknown" (print_gmpls.c). */
const char *nlab_p_gmpls_switch_cap(uint8_t s);
const char *nlab_p_gmpls_encoding(uint8_t e);
/* A G-PID's name (gmpls_payload_values), "Unknown" when it has none. */
const char *nlab_p_gmpls_payload(uint16_t g);

/* An ethertype's name in tcpdump's ethertype_values, or NULL. */
const char *nlab_p_ethertype_name(uint16_t t);

/* The link-layer printers: return the link header length (for -X). */
int nlab_p_ether(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* A switch tag's printer (the tag's bytes in TAG), and an Ethernet frame
 * with such a tag of TAGLEN bytes between its addresses and its type
 * (tcpdump's ether_switch_tag_print); c->proto names it for cuts. */
typedef void nlab_switch_tag_fn(nlab_pctx *c, nlab_view tag);
int nlab_p_ether_tagged(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen,
			size_t taglen, nlab_switch_tag_fn *tag);
/* Broadcom's switch tags: in the frame (DLT_DSA_TAG_BRCM) and before it
 * (DLT_DSA_TAG_BRCM_PREPEND) (print_brcmtag.c). */
int nlab_p_brcm_tag(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_brcm_tag_prepend(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* Arista's EtherType 0xd28b after its type field (print_arista.c):
 * prints the subtype and time stamp; *USED is the bytes taken before
 * the original EtherType, 0 when the subtype or format is unknown. */
int nlab_p_arista(nlab_pctx *c, nlab_view v, size_t *used);
/* MACsec's SecTAG at *OFF of FRAME (*REST bytes on the wire), after
 * its EtherType (print_macsec.c): -1 when the payload is
 * in clear, *OFF past the tag, *REST and *CAP (the frame's captured
 * end) without the ICV; NLAB_P_STOP after " (invalid)"; NLAB_P_OK when
 * it printed an encrypted payload; NLAB_P_ETRUNC when short. */
int nlab_p_macsec(nlab_pctx *c, nlab_view frame, size_t *off, uint32_t *rest, size_t *cap);
/* Marvell DSA and EDSA (DLT 284 and 285, print_dsa.c). */
int nlab_p_dsa(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_edsa(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);

/* An 802.2 LLC frame of LEN bytes at V (FRAME: the Ethernet header
 * whose addresses tcpdump prints without -e, or empty): sets *HL to
 * the LLC (and SNAP) header's length, negative when the caller must
 * dump the frame's bytes from V on as tcpdump's default print does. */
int nlab_p_llc(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view frame, int *hl);
/* A SNAP header and what it carries, LEN bytes at V, after Frame
 * Relay's NLPID (tcpdump's snap_print, no padding before a bridged
 * frame): *KNOWN 0 when nothing of it was printed. */
int nlab_p_snap(nlab_pctx *c, nlab_view v, uint32_t len, int *known);

/* The OSI network layer after LLC's SAP 0xfe (osi/print_isoclns.c):
 * IS-IS, ES-IS, CLNP by their NLPID; *KNOWN 0 for one not printed. */
int nlab_p_isoclns(nlab_pctx *c, nlab_view v, uint32_t len, int *known);
/* The slow protocols (EtherType 0x8809: LACP, marker, OAM) of LEN bytes
 * (print_slow.c); OAM's PDU after its subtype byte, of LEN bytes, under
 * -v (print_slow_oam.c). */
int nlab_p_slow(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_slow_oam(nlab_pctx *c, nlab_view v, uint32_t len);
/* Cisco's UDLD (SNAP 0x00000c/0x0111) of LEN bytes (print_udld.c). */
int nlab_p_udld(nlab_pctx *c, nlab_view v, uint32_t len);
/* Cisco's DTP (SNAP 0x00000c/0x2004) of LEN bytes (print_dtp.c). */
int nlab_p_dtp(nlab_pctx *c, nlab_view v, uint32_t len);
/* Cisco's CDP (SNAP 0x00000c/0x2000) of LEN bytes (print_cdp.c). */
int nlab_p_cdp(nlab_pctx *c, nlab_view v, uint32_t len);
/* Cisco's VTP (SNAP 0x00000c/0x2003) of LEN bytes (print_vtp.c). */
int nlab_p_vtp(nlab_pctx *c, nlab_view v, uint32_t len);
/* The same after EtherType 0xfefe, whose first byte tcpdump skips. */
int nlab_p_isoclns_ether(nlab_pctx *c, nlab_view v, uint32_t len, int *known);

/* The vsock monitor's frames (DLT_VSOCK 271; print_vsock.c). */
int nlab_p_vsock(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);

/* Solaris's ipnet headers (DLT_IPNET 226; print_ipnet.c). */
int nlab_p_ipnet(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);

/* TIPC (EtherType 0x88ca; print_tipc.c). */
int nlab_p_tipc(nlab_pctx *c, nlab_view v);

/* Ethernet's loopback protocol (EtherType 0x9000; print_loopback.c). */
int nlab_p_loopback(nlab_pctx *c, nlab_view v, uint32_t len);

/* Linux netfilter log messages (DLT_NFLOG 239; print_nflog.c); where
 * the payload of one starts (*LEN: its bytes on the wire, from the
 * bytes after the header), or -1 when its TLVs are cut or bad; *AT is
 * where the TLV walk stopped either way. */
int nlab_p_nflog(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
long nlab_p_nflog_payload(nlab_view v, uint32_t *len, size_t *at);

/* Microsoft's NLB heartbeat (EtherType 0x886f; print_msnlb.c). */
int nlab_p_msnlb(nlab_pctx *c, nlab_view v);

/* Novell's IPX of LEN bytes (print_ipx.c). */
int nlab_p_ipx(nlab_pctx *c, nlab_view v, uint32_t len);

/* A spanning tree BPDU of LEN bytes (print_stp.c); an MSTP BPDU after
 * its type, SPB's (802.1aq) when SPB (print_stp_mstp.c). */
int nlab_p_stp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_mstp(nlab_pctx *c, nlab_view v, uint32_t len, int spb);
int nlab_p_sll(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_sll2(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_null(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* Cisco HDLC (DLT_C_HDLC) and the SLARP messages it carries (print_chdlc.c). */
int nlab_p_chdlc(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* IP over InfiniBand (DLT_IPOIB): its header, then by EtherType (print_ipoib.c). */
int nlab_p_ipoib(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* ARCNET, BSD's header (DLT_ARCNET) and Linux's (DLT_ARCNET_LINUX), then
 * what its type carries (print_arcnet.c). */
int nlab_p_arcnet(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_arcnet_linux(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* SLIP (DLT_SLIP) and BSD/OS SLIP (DLT_SLIP_BSDOS) (print_sl.c). */
int nlab_p_slip(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_slip_bsdos(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* Linux's Classical IP over ATM (DLT_ATM_CLIP): LLC/SNAP or IPv4 (print_cip.c). */
int nlab_p_cip(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* PPP (print_ppp.c): DLT_PPP and DLT_PPP_PPPD captures; DLT_PPP_SERIAL
 * (PPP in HDLC-like framing, or Cisco HDLC); a PPP frame of LEN bytes
 * inside another protocol (PPPoE, GRE, Frame Relay, EtherType 0x880b:
 * tcpdump's ppp_print, *HDRLEN its header's bytes); the packet of PPP
 * protocol P at OFF of F, LEN bytes (handle_ppp); P's name or NULL. */
int nlab_p_ppp(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_ppp_serial(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_ppp_frame(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_ppp_proto(nlab_pctx *c, uint16_t p, nlab_view f, size_t off, uint32_t len);
const char *nlab_p_ppp_name(uint16_t p);
/* PPP's control protocols (LCP, IPCP, IP6CP, CCP, BACP, OSICP, MPLSCP)
 * from OFF of F, the protocol field right before it; CHAP, PAP and
 * multilink PPP's header (print_ppp_cp.c). */
int nlab_p_ppp_cp(nlab_pctx *c, uint16_t proto, nlab_view f, size_t off, uint32_t len);
int nlab_p_chap(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_pap(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_mlppp(nlab_pctx *c, nlab_view v, uint32_t len);
/* PPPoE (EtherType 0x8863, 0x8864, 0x3c12, 0x3c13) of LEN bytes, and
 * DLT_PPP_ETHER captures (print_pppoe.c). */
int nlab_p_pppoe(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_ppp_ether(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* IEEE 802.11 (core/print/wifi/): a frame (DLT_IEEE802_11) and one
 * after its radiotap header (DLT_IEEE802_11_RADIO). */
int nlab_p_80211(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_radiotap(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* One after a Prism header (DLT_PRISM_HEADER) or an AVS one (163). */
int nlab_p_prism(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_avs(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
/* Where the IPv4 or IPv6 datagram a data frame at OFF of V carries in
 * LLC/SNAP starts (PAD: its body 4-aligned), or -1 (flows.c); the same
 * after a radiotap header. */
long nlab_p_80211_ip_at(nlab_view v, size_t off, int pad);
long nlab_p_radiotap_ip_at(nlab_view v);
/* Frame Relay (print_fr.c): a capture (DLT_FRELAY), a frame inside
 * another (tcpdump's fr_print), the B, E and C bits of FRF.15 and
 * FRF.16 headers; its Q.933 signalling (print_q933.c); Multilink Frame
 * Relay, FRF.16 (DLT_MFR, print_mfr.c). */
int nlab_p_fr(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_fr_frame(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
extern const nlab_bitname nlab_p_frf_flags[];
int nlab_p_mfr(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen);
int nlab_p_q933(nlab_pctx *c, nlab_view v, uint32_t len);

/* Network layer by ethertype; returns -1 in *KNOWN when not printed. */
int nlab_p_ethertype(nlab_pctx *c, uint16_t type, nlab_view v, uint32_t len,
		     int *known);
int nlab_p_arp(nlab_pctx *c, nlab_view v, uint32_t len);
/* AppleTalk's ARP (EtherType 0x80f3; print_aarp.c). */
int nlab_p_aarp(nlab_pctx *c, nlab_view v, uint32_t len);
/* ATM ARP (hardware type 19), which nlab_p_arp hands over. */
int nlab_p_atmarp(nlab_pctx *c, nlab_view v, uint32_t len);
/* An ARP operation's name in tcpdump's arpop_values, or NULL. */
const char *nlab_p_arp_op(uint16_t op);
int nlab_p_ip(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_ip6(nlab_pctx *c, nlab_view v, uint32_t len);

/* IPv6's routing header (print_ip6ext.c): "RT6 (len=.., ...) ", its
 * length, -1 when cut, -3 when it ended the line "(invalid)". */
long nlab_p_rt6(nlab_pctx *c, nlab_view v);
/* IPv6's mobility header: "mobility: BU seq#=..", the line's end. */
int nlab_p_mobility(nlab_pctx *c, nlab_view v);
/* Where IPv6 datagram IP's final destination is (its routing header's
 * last address, or 24), the address checksums are made to. */
size_t nlab_p_ip6_final_dst(nlab_view ip);

/* Transport layer: V starts at its header; IP is the IP header (v4 or v6)
 * for addresses, LEN the bytes the IP header says follow. */
int nlab_p_tcp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip,
	       int fragmented);
int nlab_p_udp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip,
	       int fragmented);
int nlab_p_icmp(nlab_pctx *c, nlab_view v, uint32_t len, int fragmented);
int nlab_p_igmp(nlab_pctx *c, nlab_view v, uint32_t len);
/* What IGMPv3 and MLDv2 print alike (print_mcast.c), for addresses of W
 * bytes (4 or 16): a query's sources (their count at OFF of V, LEN
 * bytes long) as " [invalid number of sources]", -vv " { A B }" or
 * ", N source(s)", then "]"; a report's ", N group record(s)" and, under
 * -v, each record " [gaddr A is_ex, N source(s)]" (-vv: its sources). */
int nlab_p_mcast_sources(nlab_pctx *c, nlab_view v, uint32_t len, size_t off, size_t w);
int nlab_p_mcast_records(nlab_pctx *c, nlab_view v, uint32_t len, size_t w);
/* SCTP and DCCP print the addresses themselves (src.port > dst.port). */
int nlab_p_sctp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);
/* M3UA (SCTP payload protocol 3) under -vv: the SIZE bytes of a DATA
 * chunk's payload at V, which runs on to the capture's end (print_m3ua.c). */
int nlab_p_m3ua(nlab_pctx *c, nlab_view v, uint32_t size);
/* A ForCES message of LEN bytes, an SCTP DATA chunk's payload (V: its
 * bytes to the capture's end; print_forces.c): NLAB_P_TRUNC when it
 * read past the capture, else NLAB_P_OK. */
int nlab_p_forces(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_dccp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);
/* ICMPv6 node information (139, 140: print_icmp6ni.c) and router
 * renumbering (138: print_icmp6rr.c) after the type's name. */
/* -v: the RFC 4884 multi-part extension of an ICMP error V (LEN bytes,
 * more than 136) after its quoted datagram (print_icmpext.c). */
int nlab_p_dhcp6(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_icmp_ext(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_icmp6_ni(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_icmp6_rr(nlab_pctx *c, nlab_view v);
int nlab_p_icmp6(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip,
		 int fragmented);

/* What -v adds to the neighbour discovery message TYPE (print_icmp6nd.c):
 * V is the ICMPv6 message, LEN its length. */
int nlab_p_icmp6_nd(nlab_pctx *c, nlab_view v, uint8_t type, uint32_t len);

/* The neighbour discovery options from OFF of the ICMPv6 message V (LEN
 * bytes long) as -v lists them, a line each. */
int nlab_p_icmp6_opts(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);

/* The MPTCP option (kind 30) of LEN bytes whose data (from the subtype
 * byte on) is D, in a segment with TCP FLAGS: 0 when it is malformed
 * (tcpdump's "[bad opt]"). */
int nlab_p_mptcp(nlab_pctx *c, nlab_view d, uint32_t len, uint8_t flags);

/* OSPFv2 (IP protocol 89 over IPv4) of LEN bytes (print_ospf.c), and
 * the TLVs of a traffic engineering LSA's LEFT bytes at OFF of the
 * message V (print_ospf_te.c): NLAB_P_OK, NLAB_P_TRUNC, or -1 when it
 * stops quietly. OSPFv3 (over IPv6) of LEN bytes (print_ospf6.c). */
int nlab_p_ospf(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_ospf_te(nlab_pctx *c, nlab_view v, size_t off, uint32_t left);
/* A graceful restart LSA's TLVs (LEN bytes at OFF of V): 0, or -1 when
 * they stop short (bogus or cut) as tcpdump's ospf_grace_lsa_print. */
int nlab_p_ospf_grace(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
int nlab_p_ospf6(nlab_pctx *c, nlab_view v, uint32_t len);

/* Cisco's IGRP (IP protocol 9) of LEN bytes (print_igrp.c); DVMRP (IGMP
 * type 0x13) of LEN bytes, at least 8, after "igmp dvmrp" (print_dvmrp.c). */
int nlab_p_dvmrp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_igrp(nlab_pctx *c, nlab_view v, uint32_t len);

/* RSVP (IP protocol 46, over IPv4 and IPv6) of LEN bytes (print_rsvp.c). */
int nlab_p_rsvp(nlab_pctx *c, nlab_view v, uint32_t len);

/* EIGRP (IP protocol 88, v4 and v6) of LEN bytes (print_eigrp.c). */
int nlab_p_eigrp(nlab_pctx *c, nlab_view v, uint32_t len);

/* BGP (TCP port 179): ": BGP" and under -v each message of the LEN
 * bytes at V (print_bgp.c); an UPDATE message of LEN bytes at V, from
 * its marker (print_bgp_update.c): NLAB_P_ETRUNC when it prints its
 * own " [|bgp]" and the segment's walk goes on, NLAB_P_TRUNC when the
 * walk ends. */
int nlab_p_bgp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_bgp_update(nlab_pctx *c, nlab_view v, uint32_t len);
/* Whether the LEN bytes of prefixes at OFF of V carry add-path IDs,
 * guessed as tcpdump's check_add_path does (MAX: the longest prefix's
 * bits), for UPDATE's and the MP attributes' prefixes alike. */
int nlab_p_bgp_add_path(nlab_view v, size_t off, uint32_t len, uint32_t max);
/* BGP's multiprotocol reach (TYPE 14) and unreach (15) attributes and
 * its extended communities: LEN bytes at OFF of the message V
 * (print_bgp_mp.c); NLAB_P_ETRUNC/NLAB_P_TRUNC as nlab_p_bgp_update. */
/* The names tcpdump gives an AFI and a SAFI, UNKNOWN for one it has no
 * name for (print_bgp.c). */
const char *nlab_p_bgp_af_name(uint16_t af, const char *unknown);
const char *nlab_p_bgp_safi_name(uint8_t s, const char *unknown);
int nlab_p_bgp_mp(nlab_pctx *c, nlab_view v, size_t off, uint32_t len, uint8_t type);
int nlab_p_bgp_extcomm(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
/* A route distinguisher, 8 bytes at OFF of V (bgp_vpn_rd_print). */
void nlab_p_bgp_rd(nlab_pctx *c, nlab_view v, size_t off);

/* LLDP (EtherType 0x88cc) of LEN bytes (print_lldp.c); the IEEE 802.1
 * and 802.3 organization TLVs of LEN bytes at OFF of V, from their OUI
 * (print_lldp_org.c): 1 when the TLV's bytes are to be dumped too. */
int nlab_p_lldp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_lldp_8021(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
int nlab_p_lldp_8023(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
/* LLDP-MED (ANSI/TIA-1057) organization TLVs (print_lldp_tia.c), likewise. */
int nlab_p_lldp_tia(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
/* DCBX organization TLVs (print_lldp_dcbx.c), likewise. */
int nlab_p_lldp_dcbx(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);

/* GeoNetworking (EtherType 0x8947, 0x0707) and CALM FAST (TYPE 0x1111)
 * of LEN bytes (print_geonet.c); SRC: the sender's MAC address when an
 * Ethernet header named it, else empty. */
int nlab_p_its(nlab_pctx *c, uint16_t type, nlab_view v, uint32_t len, nlab_view src);

/* Tunnels: GRE (IP protocol 47); VXLAN (UDP 4789) and GENEVE (UDP 6081)
 * of LEN bytes, with the packet each carries. */
int nlab_p_gre(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_vxlan(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_otv(nlab_pctx *c, nlab_view v, uint32_t len);
/* What tcpdump's UDP port table sends a datagram from port SP to DP
 * with payload V to: 'V' VXLAN or OTV, 'G' GENEVE, 'B' Broadcom's
 * lawful intercept shim, 0 anything else
 * (flows.c follows TCP through these tunnels). */
int nlab_p_udp_tunnel(int sp, int dp, nlab_view v);
int nlab_p_geneve(nlab_pctx *c, nlab_view v, uint32_t len);
/* An Ethernet frame inside a tunnel (tcpdump's ether_print): LEN bytes
 * of which V holds what was captured. */
int nlab_p_inner_ether(nlab_pctx *c, nlab_view v, uint32_t len);
/* Broadcom's lawful intercept shim (UDP from 49152) of LEN bytes, and
 * under -v the packet it carries (print_bcm_li.c). */
int nlab_p_bcm_li(nlab_pctx *c, nlab_view v, uint32_t len);

/* LWAPP (UDP 12222 and 12223; print_lwapp.c) of LEN bytes: KIND 'd'
 * data, 'i' control with the AP's identity first (to 12223), 'c'
 * control without it (from 12223). */
int nlab_p_lwapp(nlab_pctx *c, nlab_view v, uint32_t len, int kind);

/* BOOTP and DHCP (UDP 67 and 68) of LEN bytes. */
int nlab_p_bootp(nlab_pctx *c, nlab_view v, uint32_t len);

/* NTP (UDP 123) of LEN bytes; the NTP time stamp at OFF of V as
 * p_ntp_time writes it ("3913056000.500000000 (2024-01-01T00:00:00Z)"). */
int nlab_p_ntp(nlab_pctx *c, nlab_view v, uint32_t len);
void nlab_p_ntp_time(nlab_pctx *c, nlab_view v, size_t off);

/* TFTP (UDP 69) and syslog (UDP 514) of LEN bytes. */
int nlab_p_tftp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_syslog(nlab_pctx *c, nlab_view v, uint32_t len);

/* VRRP (IP protocol 112) of LEN bytes; IP is the IP header (v4 or v6). */
int nlab_p_vrrp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);

/* ATA over Ethernet (EtherType 0x88a2) of LEN bytes (print_aoe.c). */
int nlab_p_aoe(nlab_pctx *c, nlab_view v, uint32_t len);
/* EAPOL (EtherType 0x888e) and the EAP packet it carries (print_eap.c). */
int nlab_p_eapol(nlab_pctx *c, nlab_view v, uint32_t len);
/* An EAP packet at OFF of V, LENGTH bytes as its carrier says (tcpdump's
 * eap_print, also for RADIUS's EAP-Message): NLAB_P_ETRUNC when the
 * packet's bytes were not all captured. */
int nlab_p_eap(nlab_pctx *c, nlab_view v, size_t off, uint16_t length);

/* DECnet Phase IV (EtherType 0x6003) of LEN bytes (print_decnet.c); the
 * NSP message a data packet carries, LEN bytes at OFF of V
 * (print_decnet_nsp.c): NLAB_P_OK, NLAB_P_TRUNC, or -1 when invalid;
 * a DECnet address as "area.node". */
int nlab_p_decnet(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_nsp(nlab_pctx *c, nlab_view v, size_t off, uint32_t len);
void nlab_p_dnaddr(nlab_pctx *c, uint16_t a);

/* PTP (UDP 319 and 320, EtherType 0x88f7) of LEN bytes. */
int nlab_p_ptp(nlab_pctx *c, nlab_view v, uint32_t len);

/* An MPLS label stack and what it carries, LEN bytes (print_mpls.c). */
int nlab_p_mpls(nlab_pctx *c, nlab_view v, uint32_t len);
/* LDP (TCP and UDP 646) of LEN bytes (print_ldp.c). */
int nlab_p_ldp(nlab_pctx *c, nlab_view v, uint32_t len);
/* LISP control messages (UDP 4342) of LEN bytes (print_lisp.c). */
int nlab_p_lisp(nlab_pctx *c, nlab_view v, uint32_t len);
/* RADIUS (UDP 1645, 1646, 1812, 1813, 1700, 3799) of LEN bytes
 * (print_radius.c); an SMI enterprise number's name in tcpdump's
 * smi_values, or NULL (print_radius_tab.c). */
int nlab_p_radius(nlab_pctx *c, nlab_view v, uint32_t len);
const char *nlab_p_smi_name(uint32_t id);
/* L2TP (UDP 1701) of LEN bytes (print_l2tp.c). */
int nlab_p_l2tp(nlab_pctx *c, nlab_view v, uint32_t len);
/* PPTP's control messages (TCP 1723): ": pptp" and the first message
 * of the segment V (print_pptp.c). */
int nlab_p_pptp(nlab_pctx *c, nlab_view v);
/* LSP ping (UDP 3503) of LEN bytes (print_lspping.c). */
int nlab_p_lspping(nlab_pctx *c, nlab_view v, uint32_t len);

/* Babel (UDP 6696 and 6697) of LEN bytes. */
int nlab_p_babel(nlab_pctx *c, nlab_view v, uint32_t len);

/* AHCP (UDP 5359) of LEN bytes. */
int nlab_p_ahcp(nlab_pctx *c, nlab_view v, uint32_t len);

/* Cisco's auto-RP (UDP 496) of LEN bytes. */
int nlab_p_autorp(nlab_pctx *c, nlab_view v, uint32_t len);

/* Kerberos (UDP 88 and 750) at V (tcpdump reads no length). */
int nlab_p_krb(nlab_pctx *c, nlab_view v);

/* timed's TSP (UDP 525) at V (tcpdump reads no length; print_timed.c). */
int nlab_p_timed(nlab_pctx *c, nlab_view v);

/* BIND's lightweight resolver (UDP 921) of LEN bytes (print_lwres.c). */
int nlab_p_lwres(nlab_pctx *c, nlab_view v, uint32_t len);
/* A DNS type's name in tcpdump's ns_type2str ("AAAA"), or NULL. */
const char *nlab_p_dns_type_name(uint16_t t);

/* Zephyr (UDP 2103 and 2104), RIPng (UDP 521), Cisco's VQP (UDP 1589)
 * and the LBL whiteboard (UDP to 4567) of LEN bytes (print_zephyr.c,
 * print_ripng.c, print_vqp.c, print_wb.c). */
int nlab_p_zephyr(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_ripng(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_vqp(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_wb(nlab_pctx *c, nlab_view v, uint32_t len);

/* BFD (UDP 3784, 4784, 6784 and 3785) of LEN bytes sent to PORT. */
int nlab_p_bfd(nlab_pctx *c, nlab_view v, uint32_t len, int port);

/* Rx and the AFS services over it (UDP 7000-7009) of LEN bytes from
 * port SP to DP; IP is the IP header (print_rx.c). */
int nlab_p_rx(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t sp, uint16_t dp, nlab_view ip);

/* SOME/IP (UDP 30490) of LEN bytes (print_someip.c). */
int nlab_p_someip(nlab_pctx *c, nlab_view v, uint32_t len);

/* sFlow version 5 (UDP 6343) of LEN bytes (print_sflow.c). */
int nlab_p_sflow(nlab_pctx *c, nlab_view v, uint32_t len);

/* ISAKMP and IKE (UDP 500, 7500, 8500, and 4500 after the non-ESP
 * marker) of LEN bytes; IP is the IP header (print_isakmp.c). */
int nlab_p_isakmp(nlab_pctx *c, nlab_view v, uint32_t len, nlab_view ip);

/* HSRP (UDP 1985) of LEN bytes. */
int nlab_p_hsrp(nlab_pctx *c, nlab_view v, uint32_t len);

/* IPsec (print_ipsec.c): ESP's header line of the LEN bytes at V; AH's
 * "AH(...): ", its length (the next header's offset), or -1 when cut. */
int nlab_p_esp(nlab_pctx *c, nlab_view v, uint32_t len);
long nlab_p_ah(nlab_pctx *c, nlab_view v);

/* AODV (UDP 654) of LEN bytes, IP6 when over IPv6 (print_aodv.c). */
int nlab_p_aodv(nlab_pctx *c, nlab_view v, uint32_t len, int ip6);

/* RIP (UDP 520) of LEN bytes. */
int nlab_p_rip(nlab_pctx *c, nlab_view v, uint32_t len);

/* The text protocols after ": " (HTTP on 80 and 8080, RTSP on 554 and
 * 8554, SMTP 25, FTP 21, WHOIS 43), by the well-known PORT. */
int nlab_p_txt(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t port);

/* A DNS message (port 53) of LEN bytes; multicast DNS's (UDP 5353),
 * whose classes carry QU and cache flush bits. */
int nlab_p_dns(nlab_pctx *c, nlab_view v, uint32_t len);
int nlab_p_mdns(nlab_pctx *c, nlab_view v, uint32_t len);

/* The domain name at OFF of M (where its pointers point back to) as
 * tcpdump's fqdn_print writes it: the offset after it, or -1 when it
 * gives up (cut, a bad pointer or label). */
long nlab_p_dns_name(nlab_pctx *c, nlab_view m, size_t off);

/* The EDNS option at OFF of DNS message M (print_edns.c): "COOKIE
 * 0102...", the offset after it, or -1 when it is cut. */
long nlab_p_edns_opt(nlab_pctx *c, nlab_view m, size_t off);

/* Redis's RESP (port 6379): ": RESP" and each value of the LEN bytes. */
int nlab_p_resp(nlab_pctx *c, nlab_view v, uint32_t len);

/* Telnet (port 23): " [telnet WILL ECHO, ...]" of the commands the
 * segment's LEN bytes start with. */
int nlab_p_telnet(nlab_pctx *c, nlab_view v, uint32_t len);

/* OpenFlow (TCP 6633 and 6653): ": OpenFlow" and a line per message of
 * the LEN bytes at V, each message's body under -v (print_openflow.c). */
int nlab_p_openflow(nlab_pctx *c, nlab_view v, uint32_t len);

/* The SSH version banner (": SSH: SSH-2.0-..."), if the payload is one. */
int nlab_p_ssh(nlab_pctx *c, nlab_view v, uint32_t len);

#endif
