/* print_afs.c - the arguments of AFS's remote procedures over Rx, as
 * tcpdump's print-rx.c writes them: each procedure's arguments are
 * described by a format (print_afs_ops.c) that this file reads the
 * packet by, and the calls and replies of every service are printed
 * from those tables. */
#include "print_afs.h"

#include <stdio.h>
#include <time.h>

/* The next 32-bit word, or AFS_RX when it was not captured (GET_BE_U_4). */
static int word(afs_rd *r, uint32_t *w)
{
	if (!nlab_view_has(r->v, r->at, 4))
		return AFS_RX;
	*w = nlab_get32(r->v, r->at);
	r->at += 4;
	return AFS_OK;
}

/* " 1999/11/11 21:46:24": the next word as a local time (DATEOUT). */
static int date(afs_rd *r)
{
	uint32_t w;
	if (word(r, &w))
		return AFS_RX;
	time_t t = (time_t)(int32_t)w;
	struct tm tm;
	char s[64];
	if (!localtime_r(&t, &tm) ||
	    !strftime(s, sizeof s, "%Y/%m/%d %H:%M:%S", &tm))
		s[0] = '\0';
	nlab_strbuf_printf(r->c->out, " %s", s);
	return AFS_OK;
}

/* " fid 1/2/3", or AFS_SVC when its 12 bytes were not captured. */
static int fid(afs_rd *r)
{
	if (!nlab_view_has(r->v, r->at, 12))
		return AFS_SVC;
	nlab_strbuf_printf(r->c->out, " fid %u/%u/%u", nlab_get32(r->v, r->at),
			   nlab_get32(r->v, r->at + 4),
			   nlab_get32(r->v, r->at + 8));
	r->at += 12;
	return AFS_OK;
}

/* A counted string padded to a word, ' "name"' (STROUT). */
static int str(afs_rd *r)
{
	uint32_t n;
	if (word(r, &n))
		return AFS_RX;
	if (n > r->namemax)
		return AFS_SVC;
	nlab_p_puts(r->c, " \"");
	if (nlab_p_printn(r->c, r->v, r->at, n))
		return AFS_SVC;
	nlab_p_puts(r->c, "\"");
	r->at += (n + 3) / 4 * 4;
	return AFS_OK;
}

/* A name sent a character per word, MAX of them, ' "name"' (VECOUT). */
static int vec(afs_rd *r, unsigned max)
{
	if (!nlab_view_has(r->v, r->at, (size_t)max * 4))
		return AFS_SVC;
	nlab_p_puts(r->c, " \"");
	int ended = 0;
	for (unsigned k = 0; k < max; k++, r->at += 4) {
		uint8_t ch = nlab_get8(r->v, r->at + 3);
		ended |= ch == 0;
		if (!ended)
			nlab_p_char(r->c, ch);
	}
	nlab_p_puts(r->c, "\"");
	return AFS_OK;
}

/* A file's new status (STOREATTROUT): " StoreStatus date ... mode 755". */
static int storeattr(afs_rd *r)
{
	if (!nlab_view_has(r->v, r->at, 24))
		return AFS_SVC;
	nlab_pctx *c = r->c;
	uint32_t mask = nlab_get32(r->v, r->at);
	r->at += 4;
	if (mask)
		nlab_p_puts(c, " StoreStatus");
	if (mask & 1) {
		nlab_p_puts(c, " date");
		date(r);
	} else {
		r->at += 4;
	}
	static const char *const fmts[] = {" owner %u", " group %u", " mode %o",
					   " segsize %u"};
	for (unsigned i = 0; i < 4; i++, r->at += 4) {
		uint32_t w = nlab_get32(r->v, r->at);
		if (mask & 2u << i)
			nlab_strbuf_printf(c->out, fmts[i],
					   i == 2 ? w & 07777 : w);
	}
	if (mask & 1024)
		nlab_p_puts(c, " fsync");
	return AFS_OK;
}

/* An AFS UUID of 11 words, " 0123456789abcdef..." (AFSUUIDOUT). */
static int uuid(afs_rd *r)
{
	if (!nlab_view_has(r->v, r->at, 44))
		return AFS_SVC;
	nlab_strbuf_printf(r->c->out, " %08x%04x%04x", nlab_get32(r->v, r->at),
			   nlab_get32(r->v, r->at + 4),
			   nlab_get32(r->v, r->at + 8));
	for (size_t i = 0; i < 8; i++)
		nlab_strbuf_printf(r->c->out, "%02x",
				   nlab_get8(r->v, r->at + 12 + 4 * i + 3));
	r->at += 44;
	return AFS_OK;
}

/* N words printed with FMT (two: " %u.%u" Ubik's versions, three:
 * " server %u:%u:%u"), or AFS_SVC when they were not all captured. */
static int words(afs_rd *r, unsigned n, const char *fmt)
{
	if (!nlab_view_has(r->v, r->at, 4 * (size_t)n))
		return AFS_SVC;
	uint32_t a = nlab_get32(r->v, r->at), b = nlab_get32(r->v, r->at + 4);
	uint32_t d = n > 2 ? nlab_get32(r->v, r->at + 8) : 0;
	nlab_strbuf_printf(r->c->out, fmt, a, b, d);
	r->at += 4 * (size_t)n;
	return AFS_OK;
}

/* " +{user rl}" for each of the N entries of the ACL text at *S. */
static int acl_entries(nlab_pctx *c, const char **s, const char *end, int n,
		       const char *sign)
{
	static const struct {
		int bit;
		char ch;
	} order[] = {{1, 'r'}, {8, 'l'},  {4, 'i'}, {16, 'd'},
		     {2, 'w'}, {32, 'k'}, {64, 'a'}};
	char user[1025];
	for (int i = 0; i < n; i++) {
		int bits, used = 0;
		if (sscanf(*s, "%1024s %d\n%n", user, &bits, &used) != 2)
			return -1;
		*s += used;
		nlab_p_puts(c, sign);
		for (const char *u = user; *u; u++)
			nlab_p_char(c, (uint8_t)*u);
		nlab_p_puts(c, " ");
		for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
			if (bits & order[k].bit)
				nlab_strbuf_add(c->out, &order[k].ch, 1);
		nlab_p_puts(c, "}");
		if (*s > end)
			return -1;
	}
	return 0;
}

/* An ACL sent as counted text "2 0\nuser 127\n..." (acl_print). */
static int acl(afs_rd *r)
{
	uint32_t n;
	if (word(r, &n))
		return AFS_RX;
	if (!nlab_view_has(r->v, r->at, n))
		return AFS_SVC;
	char a[1025];
	n = n < 1024 ? n : 1024;
	size_t k = 0;
	for (; k < n && r->v.base[r->at + k]; k++) /* as strncpy: up to a NUL */
		a[k] = (char)r->v.base[r->at + k];
	a[k] = '\0';
	const char *s = a, *end = a + n;
	int pos, neg, used = 0;
	if (sscanf(s, "%d %d\n%n", &pos, &neg, &used) != 2)
		return AFS_OK;
	s += used;
	if (s > end || acl_entries(r->c, &s, end, pos, " +{") < 0)
		return AFS_OK;
	acl_entries(r->c, &s, end, neg, " -{");
	return AFS_OK;
}

/* The servers of N (NSERV of them, as addresses or UUIDS) and their
 * partitions in a volume location entry, from " servers" on. */
static int servers(afs_rd *r, uint32_t n, unsigned nserv, int uuids)
{
	nlab_pctx *c = r->c;
	nlab_p_puts(c, " servers");
	for (unsigned i = 0; i < nserv; i++) {
		if (uuids && i < n) {
			nlab_p_puts(c, " afsuuid");
			if (uuid(r))
				return AFS_SVC;
			continue;
		}
		if (!nlab_view_has(r->v, r->at, uuids ? 44 : 4))
			return AFS_SVC;
		if (i < n) {
			nlab_p_puts(c, " ");
			nlab_p_ip4(c, r->v, r->at);
		}
		r->at += uuids ? 44 : 4;
	}
	if (uuids && !nlab_view_has(r->v, r->at, 4 * (size_t)nserv))
		return AFS_SVC;
	r->at += uuids ? 4 * (size_t)nserv : 0;
	nlab_p_puts(c, " partitions");
	for (unsigned i = 0; i < nserv; i++) {
		uint32_t j;
		if (word(r, &j))
			return AFS_RX;
		if (i < n && j <= 26)
			nlab_strbuf_printf(c->out, " %c", (char)('a' + j));
		else if (i < n)
			nlab_strbuf_printf(c->out, " %u", j);
	}
	if (!nlab_view_has(r->v, r->at, 4 * (size_t)nserv))
		return AFS_SVC;
	r->at += 4 * (size_t)nserv;
	return nlab_afs_run(r, " rwvol%u rovol%u backup%u");
}

/* A volume location entry (vldbentry: KIND 'R'; nvldbentry 'Q'; its
 * UUID form 'W'), from its name to its backup volume's id. */
static int vlentry(afs_rd *r, char kind)
{
	int e = vec(r, r->vecmax);
	if (e)
		return e;
	if (kind == 'R') {
		if (!nlab_view_has(r->v, r->at, 4))
			return AFS_SVC;
		r->at += 4;
	}
	nlab_p_puts(r->c, " numservers");
	uint32_t n;
	if (word(r, &n))
		return AFS_RX;
	nlab_strbuf_printf(r->c->out, " %u", n);
	return servers(r, n, kind == 'R' ? 8 : 13, kind == 'W');
}

/* A counted list: MODE 'c' a comma between items and " <none!>" for
 * none, 'n' " <none!>" only, ';' a ";" before any; each item read by
 * the format from BODY to END. */
static int list(afs_rd *r, char mode, const char *body, size_t blen)
{
	uint32_t n;
	if (word(r, &n))
		return AFS_RX;
	if (mode == ';' && n)
		nlab_p_puts(r->c, ";");
	char item[64];
	if (blen >= sizeof item)
		return AFS_OK;
	memcpy(item, body, blen);
	item[blen] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		size_t was = r->at;
		int e = nlab_afs_run(r, item);
		if (e)
			return e;
		if (mode == 'c' && i != n - 1)
			nlab_p_puts(r->c, ",");
		if (r->at == was)
			break; /* an item reads at least a word: never reached
				*/
	}
	if (n == 0 && mode != ';')
		nlab_p_puts(r->c, " <none!>");
	return AFS_OK;
}

/* One word of a format (after its '%'): AFS_OK, AFS_SVC or AFS_RX. */
static int field(afs_rd *r, char f)
{
	static const char *const voltype[] = {"read-write", "read-only",
					      "backup"};
	uint32_t w;
	switch (f) {
	case 'F':
		return fid(r);
	case 's':
		return str(r);
	case 'v':
		return vec(r, r->vecmax);
	case 'D':
		return date(r);
	case 'A':
		return storeattr(r);
	case 'U':
		return uuid(r);
	case 'V':
		return words(r, 2, " %u.%u");
	case 'E':
		return words(r, 3, " server %u:%u:%u");
	case 'a':
		return acl(r);
	case 'R':
	case 'Q':
	case 'W':
		return vlentry(r, f);
	case 'l':
		if (!nlab_view_has(r->v, r->at, 8))
			return AFS_RX;
		nlab_strbuf_printf(r->c->out, " %llu",
				   (unsigned long long)nlab_get32(r->v, r->at)
					   << 32 |
				       nlab_get32(r->v, r->at + 4));
		r->at += 8;
		return AFS_OK;
	case 'k':
		r->at += 84;
		return AFS_OK; /* skipped unread */
	}
	if (word(r, &w))
		return AFS_RX;
	switch (f) {
	case 'd':
		nlab_strbuf_printf(r->c->out, " %d", (int32_t)w);
		break;
	case 'u':
		nlab_strbuf_printf(r->c->out, " %u", w);
		break;
	case 'y':
		nlab_p_puts(r->c, w ? " syncsite yes" : " syncsite no");
		break;
	case 'T':
		if (w <= 2)
			nlab_strbuf_printf(r->c->out, " type %s", voltype[w]);
		break;
	case 'O':
		if (!nlab_view_has(r->v, r->at, w))
			return AFS_SVC;
		r->at += w;
		break;
	default:
		break; /* 'x': a word read and not printed */
	}
	return AFS_OK;
}

/* Prints the arguments FMT describes: its text as it is, and for each
 * "%X" a field: F a file id, s a counted string, v a name of a character
 * per word, d u l signed, unsigned and 64-bit numbers, D a date, A a
 * store status, U a UUID, V a Ubik version, E a destination server, a
 * an ACL, T a volume type, y Ubik's sync site, R Q W volume entries, O an
 * opaque skipped, x a word skipped, k 21 words skipped; "%[m...%]" a counted
 * list of what is between (m: see list()). */
int nlab_afs_run(afs_rd *r, const char *fmt)
{
	while (*fmt) {
		const char *p = strchr(fmt, '%');
		size_t n = p ? (size_t)(p - fmt) : strlen(fmt);
		nlab_strbuf_add(r->c->out, fmt, n);
		if (!p || !p[1])
			return AFS_OK;
		int e;
		if (p[1] == '[') {
			const char *end = strstr(p, "%]");
			if (!end || !p[2])
				return AFS_OK;
			e = list(r, p[2], p + 3, (size_t)(end - p - 3));
			fmt = end + 2;
		} else {
			e = field(r, p[1]);
			fmt = p + 2;
		}
		if (e)
			return e;
	}
	return AFS_OK;
}
