/* print_forces.h - what ForCES's two files share (print_forces.c: the
 * message, its top-level TLVs and LFB selectors; print_forces_pd.c: the
 * operation TLVs and the path data inside them). */
#ifndef NLAB_PRINT_FORCES_H
#define NLAB_PRINT_FORCES_H

#include "print_priv.h"

/* A message being walked: V holds its bytes from its first on, up to
 * the end of the capture (tcpdump reads past a TLV's end where the
 * capture goes on, and gives up only where it ends). */
typedef struct nlab_fwalk {
	nlab_pctx *c;
	nlab_view v;
} nlab_fwalk;

/* What a step returns besides 0 (done) and a count of bytes: FC_ERR
 * when it found the message malformed (tcpdump's -1: the message's hex
 * follows), FC_CUT when it read past the capture (tcpdump's longjmp:
 * the line ends " [|forces]"). */
enum { FC_ERR = -1, FC_CUT = -2 };

/* TLV and ILV headers' lengths and the padding that rounds to 4. */
enum { FC_TLV_HDR = 4, FC_ILV_HDR = 8 };
static inline uint32_t nlab_fc_align(uint32_t n)
{
	return (n + 3) & ~3u;
}

/* 1 when the N bytes at OFF were not captured (tcpdump would longjmp). */
static inline int nlab_fc_cut(const nlab_fwalk *w, size_t off, size_t n)
{
	return !nlab_view_has(w->v, off, n);
}

/* Appends N spaces (at most 255: tcpdump's indent_pr). */
void nlab_fc_indent(nlab_fwalk *w, int n);

/* tcpdump's hex_print: the N bytes at OFF after IDENT each line;
 * FC_CUT when they were not all captured. */
int nlab_fc_hex(nlab_fwalk *w, size_t off, uint32_t n, const char *ident);

/* tcpdump's tlv_valid: why a TLV of length TLVL with RLEN bytes left is
 * bad (1..4), or 0; and that reason's text (ForCES_TLV_err). */
uint32_t nlab_fc_tlv_bad(uint32_t tlvl, uint32_t rlen);
const char *nlab_fc_bad_name(uint32_t why);

/* ForCES_TLV's name of TLV type T ("#T" for one it lacks). */
const char *nlab_fc_tlv_name(uint16_t t, char buf[16]);

/* The top-level TLV types a message may carry (ttlv_valid). */
int nlab_fc_ttlv_valid(uint16_t t);

/* An operation TLV at OFF (its length already checked) of an LFB
 * selector at INDENT (otlv_print). */
int nlab_fc_oper(nlab_fwalk *w, size_t off, int indent);

#endif
