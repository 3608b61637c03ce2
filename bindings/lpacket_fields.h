/* lpacket_fields.h - inside the packet userdata (l_packet.c) and the
 * fields of its layers (l_packet_fields.c). */
#ifndef LPACKET_FIELDS_H
#define LPACKET_FIELDS_H

#include "decode.h"
#include "lpacket.h"

/* The packet userdata. Its user value I holds the view of its I-th
 * layer once made: at most 4 layers (link, VLAN tag, network, transport). */
enum { LPACKET_NUV = 4 };

/* The user value of a reused packet (nlab_lpacket_push_cap) that holds
 * its source, for its settle function. */
enum { LPACKET_SOURCE = LPACKET_NUV + 1 };

typedef struct lpacket lpacket;

/* Fills in the TCP bases of packet P (at stack index IDX) that its
 * source left to be noted when first needed (a reused packet). */
typedef void (*lpacket_settle)(lua_State *L, int idx, lpacket *p);

struct lpacket {
	nlab_pkthdr h;
	nlab_tcprel rel;
	lpacket_settle settle; /* non-NULL: rel is not noted yet */
	int decoded; /* d is filled */
	uint32_t cap; /* room in data: h.caplen, more for a reused packet */
	nlab_decoded d;
	uint8_t data[]; /* h.caplen bytes */
};

/* A layer view: which layer of which packet (its user value 1). */
typedef struct lview {
	lpacket *p;
	int layer;
} lview;

/* Every field and method name, as a small number (the FIELDS table). */
enum field {
	F_NONE,
	F_TIME,
	F_LEN,
	F_CAPLEN,
	F_LINKTYPE,
	F_PAYLOAD,
	F_TRUNCATED,
	F_INVALID,
	F_LAYERS,
	F_HEX,
	F_BYTES,
	F_OFFSETS,
	F_LAYER0, /* F_LAYER0 + layer: p.eth ... p.icmp6 */
	F_SRC = F_LAYER0 + NLAB_L_COUNT,
	F_DST,
	F_TYPE,
	F_ID,
	F_PRIO,
	F_DEI,
	F_OP,
	F_SHA,
	F_SPA,
	F_THA,
	F_TPA,
	F_HRD,
	F_PRO,
	F_TTL,
	F_PROTO,
	F_FLAGS,
	F_FRAG,
	F_TOS,
	F_HL,
	F_CHECKSUM,
	F_HLIM,
	F_NEXT,
	F_PLEN,
	F_FLOW,
	F_TC,
	F_SPORT,
	F_DPORT,
	F_SEQ,
	F_ACK,
	F_WIN,
	F_URG,
	F_OPTIONS,
	F_CODE,
	F_QUOTED,
	F_TARGET,
	F_MTU,
	F_GATEWAY,
	F_GROUP,
	F_MAXDELAY,
	F_TLL,
	F_HATYPE,
	F_ADDR,
	F_IFINDEX,
	F_FAMILY,
	F_RECORDS,
	F_COUNT,
	F_SLL = F_LAYER0 +
		NLAB_L_SLL /* ICMPv6's "sll" is the name of a layer too */
};

/* The upvalues of the metamethods: the field ids by name, the two
 * metatables, the texts of the TCP flags (by flags byte + 1), and the
 * iterator of pairs(view). */
enum {
	UV_FIELDS = 1,
	UV_PACKET,
	UV_LAYER,
	UV_FLAGS,
	UV_NEXT,
	UV_COUNT = UV_NEXT
};

/* Each field's name, by id. */
extern const char *const nlab_lpacket_field_names[F_COUNT];

/* The name of field ID. */
static inline const char *nlab_lpacket_field_name(int id)
{
	if (id >= F_LAYER0 && id < F_LAYER0 + NLAB_L_COUNT)
		return nlab_layer_name(id - F_LAYER0);
	return id > 0 && id < F_COUNT ? nlab_lpacket_field_names[id] : NULL;
}

/* The fields of each layer, 0-terminated, for pairs() and tostring(). */
extern const uint8_t nlab_lpacket_layer_fields[NLAB_L_COUNT][16];

/* The packet's bytes as a view. */
static inline nlab_view pview(const lpacket *p)
{
	nlab_view v = {p->data, p->h.caplen};
	return v;
}

/* Decodes the packet the first time a field needs it. */
static inline const nlab_decoded *decoded(lpacket *p)
{
	if (!p->decoded) {
		nlab_decode(&p->h, p->data, &p->d);
		p->decoded = 1;
	}
	return &p->d;
}

/* Pushes field ID of layer L of packet P (nil when it has none); P is
 * the userdata at index 1's packet. Returns 1. */
int nlab_lpacket_push_field(lua_State *L, lpacket *p, int l, int id);

#endif
