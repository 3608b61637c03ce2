/* print_vqp.c - Cisco's VLAN Query Protocol (UDP 1589), as tcpdump's
 * print-vqp.c writes it: "VQPv1 Request, Join Port Message, error-code
 * No error (0), length 60"; -v: the sequence number, the item count and
 * each object a line (client address, port, VLAN and domain names,
 * MAC addresses, the others in hex but under -vv). */
#include "print_priv.h"

static void msg_type(nlab_pctx *c, uint8_t t)
{
	static const char *const names[] = {NULL, "Request, Join Port", "Response, VLAN",
					    "Request, Reconfirm", "Response, Reconfirm"};
	if (t >= 1 && t <= 4)
		nlab_p_puts(c, names[t]);
	else
		nlab_strbuf_printf(c->out, "unknown (%u)", t);
}

static const char *error_name(uint8_t e)
{
	switch (e) {
	case 0: return "No error";
	case 3: return "Access denied";
	case 4: return "Shutdown port";
	case 5: return "Wrong VTP domain";
	default: return "unknown";
	}
}

static const char *obj_name(uint32_t t)
{
	static const char *const names[] = {NULL,        "Client IP Address", "Port Name",
					    "VLAN Name", "VTP Domain",        "Ethernet Packet",
					    "MAC Null",  NULL,                "MAC Address"};
	if (t >= 0x0c01 && t <= 0x0c08 && names[t - 0x0c00])
		return names[t - 0x0c00];
	return "Unknown";
}

static int invalid(nlab_pctx *c)
{
	nlab_p_puts(c, " (invalid)");
	return NLAB_P_OK;
}

/* -v: each of the N objects of the LEFT bytes from OFF. */
static int objects(nlab_pctx *c, nlab_view v, size_t off, uint32_t left, uint8_t n)
{
	while (n != 0 && left != 0) {
		if (!nlab_view_has(v, off, 6))
			return NLAB_P_TRUNC;
		if (left < 6)
			return invalid(c);
		uint32_t type = nlab_get32(v, off);
		uint16_t olen = nlab_get16(v, off + 4);
		off += 6, left -= 6;
		nlab_strbuf_printf(c->out, "\n\t  %s Object (0x%08x), length %u, value: ",
				   obj_name(type), type, olen);
		if (type == 0 || olen == 0)
			return NLAB_P_OK;
		if (!nlab_view_has(v, off, olen))
			return NLAB_P_TRUNC;
		if (olen > left)
			return invalid(c);
		switch (type) {
		case 0x0c01:
			if (olen != 4)
				return invalid(c);
			nlab_p_ip4(c, v, off);
			nlab_strbuf_printf(c->out, " (0x%08x)", nlab_get32(v, off));
			break;
		case 0x0c02: case 0x0c03: case 0x0c04: case 0x0c05:
			nlab_p_printjnp(c, v, off, olen);
			break;
		case 0x0c06: case 0x0c08:
			if (olen != 6)
				return invalid(c);
			nlab_p_mac(c, v, off, 6);
			break;
		default:
			if (c->o->v <= 1)
				nlab_p_hexdump(c, v, off, olen, "\n\t    ");
		}
		off += olen, left -= olen, n--;
	}
	return NLAB_P_OK;
}

int nlab_p_vqp(nlab_pctx *c, nlab_view v, uint32_t len)
{
	c->proto = "vqp";
	if (!nlab_view_has(v, 0, 8))
		return NLAB_P_TRUNC;
	if (len < 8)
		return invalid(c);
	uint8_t ver = nlab_get8(v, 0), err = nlab_get8(v, 2);
	if (ver != 1) {
		nlab_strbuf_printf(c->out, "VQP version %u packet not supported", ver);
		return NLAB_P_OK;
	}
	if (!c->o->v) {
		nlab_strbuf_printf(c->out, "VQPv%u ", ver);
		msg_type(c, nlab_get8(v, 1));
		nlab_strbuf_printf(c->out, " Message, error-code %s (%u), length %u",
				   error_name(err), err, len);
		return NLAB_P_OK;
	}
	nlab_strbuf_printf(c->out, "\n\tVQPv%u, ", ver);
	msg_type(c, nlab_get8(v, 1));
	nlab_strbuf_printf(c->out, " Message, error-code %s (%u), seq 0x%08x, items %u, length %u",
			   error_name(err), err, nlab_get32(v, 4), nlab_get8(v, 3), len);
	return objects(c, v, 8, len - 8, nlab_get8(v, 3));
}
