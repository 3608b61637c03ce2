/* print_vsock.c - the Linux vsock monitor's frames (DLT_VSOCK 271), as
 * tcpdump's print-vsock.c writes them: "VIRTIO 3.1024 > 2.1234 CONNECT,
 * length 76", -v the virtio transport header, -vv a payload in hex. */
#include "print_priv.h"

enum { HDR = 32, VIRTIO = 44 }; /* af_vsockmon_hdr, virtio_vsock_hdr */

/* The little-endian 32- and 64-bit numbers at OFF of V. */
static uint32_t le32(nlab_view v, size_t off)
{
	return (uint32_t)nlab_get16le(v, off) |
	       (uint32_t)nlab_get16le(v, off + 2) << 16;
}

static unsigned long long le64(nlab_view v, size_t off)
{
	return (unsigned long long)le32(v, off) |
	       (unsigned long long)le32(v, off + 4) << 32;
}

/* -v: " (len 6, type STREAM, op RW, ...)" of the virtio header at HDR. */
static void virtio(nlab_pctx *c, nlab_view v)
{
	static const char *const ops[] = {
	    "INVALID",	"REQUEST", "RESPONSE",	    "RST",
	    "SHUTDOWN", "RW",	   "CREDIT UPDATE", "CREDIT REQUEST"};
	uint16_t type = nlab_get16le(v, HDR + 28),
		 op = nlab_get16le(v, HDR + 30);
	nlab_strbuf_printf(c->out, " (len %u", le32(v, HDR + 24));
	if (type == 1)
		nlab_p_puts(c, ", type STREAM");
	else
		nlab_strbuf_printf(c->out, ", type Invalid type (%u)", type);
	if (op < 8)
		nlab_strbuf_printf(c->out, ", op %s", ops[op]);
	else
		nlab_strbuf_printf(c->out, ", op Invalid op (%u)", op);
	nlab_strbuf_printf(c->out, ", flags %x, buf_alloc %u, fwd_cnt %u)",
			   le32(v, HDR + 32), le32(v, HDR + 36),
			   le32(v, HDR + 40));
}

int nlab_p_vsock(nlab_pctx *c, nlab_view v, uint32_t len, size_t *hdrlen)
{
	static const char *const transports[] = {"UNKNOWN", "NO_INFO",
						 "VIRTIO"};
	static const char *const ops[] = {"UNKNOWN", "CONNECT", "DISCONNECT",
					  "CONTROL", "PAYLOAD"};
	(void)len; /* tcpdump prints the captured length */
	c->proto = "vsock";
	uint32_t cap = (uint32_t)v.len;
	if (cap < HDR) {
		*hdrlen = cap;
		return NLAB_P_ETRUNC;
	}
	*hdrlen = HDR;
	uint16_t tr = nlab_get16le(v, 26), op = nlab_get16le(v, 24);
	uint32_t total = tr == 2 ? HDR + VIRTIO : HDR;
	if (tr < 3)
		nlab_p_puts(c, transports[tr]);
	else
		nlab_strbuf_printf(c->out, "Invalid transport (%u)", tr);
	int cut = 0;
	if (!c->o->v)
		nlab_p_puts(c, " ");
	else if (cap < total)
		cut = 1;
	else {
		if (tr == 2)
			virtio(c, v);
		nlab_p_puts(c, "\n\t");
	}
	nlab_strbuf_printf(c->out, "%llu.%u > %llu.%u ", le64(v, 0),
			   le32(v, 16), le64(v, 8), le32(v, 20));
	if (op < 5)
		nlab_p_puts(c, ops[op]);
	else
		nlab_strbuf_printf(c->out, " invalid op (%u)", op);
	nlab_strbuf_printf(c->out, ", length %u", cap);
	if (cut)
		return NLAB_P_ETRUNC;
	if (c->o->v > 1 && op == 4) {
		if (cap <= total)
			return NLAB_P_ETRUNC;
		nlab_p_puts(c, "\n");
		nlab_p_hexdump(c, v, total, cap - total, "\t");
	}
	return NLAB_P_OK;
}
