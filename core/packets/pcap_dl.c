/* pcap_dl.c - libpcap, loaded the first time a capture or a pcap file
 * is opened rather than when netlab starts.
 *
 * Debian's libpcap brings libdbus, libsystemd and their compression and
 * crypto libraries: loaded at start-up they cost every script, even
 * `netlab -e ''`, about 1.4 MiB and half a millisecond. netlab is
 * therefore not linked with libpcap; this file defines the libpcap
 * functions netlab calls, each forwarding to the real one, which a
 * dlopen() finds on first use (once, thread-safe: captures are opened
 * on short-lived threads when rootless). */
#include <dlfcn.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdio.h>

/* The functions forwarded: X(return type, name, parameters, arguments). */
#define NLAB_PCAP_FUNCS(X)                                                   \
	X(pcap_t *, pcap_create, (const char *s, char *e), (s, e))           \
	X(int, pcap_set_snaplen, (pcap_t *p, int n), (p, n))                 \
	X(int, pcap_set_promisc, (pcap_t *p, int n), (p, n))                 \
	X(int, pcap_set_immediate_mode, (pcap_t *p, int n), (p, n))          \
	X(int, pcap_set_timeout, (pcap_t *p, int n), (p, n))                 \
	X(int, pcap_set_buffer_size, (pcap_t *p, int n), (p, n))             \
	X(int, pcap_set_tstamp_precision, (pcap_t *p, int n), (p, n))        \
	X(int, pcap_get_tstamp_precision, (pcap_t *p), (p))                  \
	X(int, pcap_activate, (pcap_t *p), (p))                              \
	X(pcap_t *, pcap_open_offline_with_tstamp_precision,                 \
	  (const char *f, u_int n, char *e), (f, n, e))                      \
	X(pcap_t *, pcap_fopen_offline_with_tstamp_precision,                \
	  (FILE *f, u_int n, char *e), (f, n, e))                            \
	X(pcap_t *, pcap_open_dead_with_tstamp_precision,                    \
	  (int l, int s, u_int n), (l, s, n))                                \
	X(int, pcap_next_ex,                                                 \
	  (pcap_t *p, struct pcap_pkthdr **h, const u_char **d), (p, h, d))  \
	X(char *, pcap_geterr, (pcap_t *p), (p))                             \
	X(int, pcap_datalink, (pcap_t *p), (p))                              \
	X(int, pcap_set_datalink, (pcap_t *p, int l), (p, l))                \
	X(int, pcap_stats, (pcap_t *p, struct pcap_stat *s), (p, s))         \
	X(int, pcap_snapshot, (pcap_t *p), (p))                              \
	X(int, pcap_setnonblock, (pcap_t *p, int n, char *e), (p, n, e))     \
	X(int, pcap_setfilter, (pcap_t *p, struct bpf_program *b), (p, b))   \
	X(int, pcap_get_selectable_fd, (pcap_t *p), (p))                     \
	X(int, pcap_offline_filter,                                          \
	  (const struct bpf_program *b, const struct pcap_pkthdr *h,         \
	   const u_char *d),                                                 \
	  (b, h, d))                                                         \
	X(int, pcap_compile,                                                 \
	  (pcap_t *p, struct bpf_program *b, const char *s, int o,           \
	   bpf_u_int32 m),                                                   \
	  (p, b, s, o, m))                                                   \
	X(pcap_dumper_t *, pcap_dump_fopen, (pcap_t *p, FILE *f), (p, f))    \
	X(int, pcap_dump_flush, (pcap_dumper_t *d), (d))                     \
	X(FILE *, pcap_dump_file, (pcap_dumper_t *d), (d))                   \
	X(const char *, pcap_datalink_val_to_name, (int l), (l))             \
	X(const char *, pcap_statustostr, (int e), (e))                      \
	X(const char *, pcap_lib_version, (void), ())

/* Those that return nothing. */
#define NLAB_PCAP_VOID_FUNCS(X)                                              \
	X(pcap_close, (pcap_t *p), (p))                                      \
	X(pcap_freecode, (struct bpf_program *b), (b))                       \
	X(pcap_dump_close, (pcap_dumper_t *d), (d))                          \
	X(pcap_dump, (u_char *u, const struct pcap_pkthdr *h,                \
		      const u_char *d), (u, h, d))

/* The real functions, once found. */
static struct {
#define FIELD(ret, name, params, args) ret(*name) params;
#define VOID_FIELD(name, params, args) void(*name) params;
	NLAB_PCAP_FUNCS(FIELD)
	NLAB_PCAP_VOID_FUNCS(VOID_FIELD)
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char why[160]; /* why loading failed, "" when it did not */

/* The names libpcap's shared object has had. */
static const char *const sonames[] = {"libpcap.so.0.8", "libpcap.so.1",
				      "libpcap.so"};

/* Finds every function of the first libpcap that has them all. */
static void load(void)
{
	for (size_t i = 0; i < sizeof sonames / sizeof *sonames; i++) {
		void *lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
		if (!lib)
			continue;
		int ok = 1;
#define FIND(ret, name, params, args)                                        \
	ok = ok && (*(void **)&real.name = dlsym(lib, #name)) != NULL;
#define VOID_FIND(name, params, args) FIND(void, name, params, args)
		NLAB_PCAP_FUNCS(FIND)
		NLAB_PCAP_VOID_FUNCS(VOID_FIND)
		if (ok)
			return;
		dlclose(lib);
	}
	snprintf(why, sizeof why, "cannot load libpcap (%s): is libpcap0.8 installed?",
		 sonames[0]);
}

/* Loads libpcap on first use; 0 (and ERR filled, if given) when it cannot. */
static int ready(char *err)
{
	pthread_once(&once, load);
	if (why[0] == '\0')
		return 1;
	if (err)
		snprintf(err, PCAP_ERRBUF_SIZE, "%s", why);
	return 0;
}

/* The functions that come first (they make a pcap_t or need none) check
 * that libpcap loaded; the others are reached only through a pcap_t. */
pcap_t *pcap_create(const char *s, char *e)
{
	return ready(e) ? real.pcap_create(s, e) : NULL;
}

pcap_t *pcap_open_offline_with_tstamp_precision(const char *f, u_int n, char *e)
{
	return ready(e) ? real.pcap_open_offline_with_tstamp_precision(f, n, e)
			: NULL;
}

pcap_t *pcap_fopen_offline_with_tstamp_precision(FILE *f, u_int n, char *e)
{
	return ready(e) ? real.pcap_fopen_offline_with_tstamp_precision(f, n, e)
			: NULL;
}

pcap_t *pcap_open_dead_with_tstamp_precision(int l, int s, u_int n)
{
	return ready(NULL) ? real.pcap_open_dead_with_tstamp_precision(l, s, n)
			   : NULL;
}

const char *pcap_datalink_val_to_name(int l)
{
	return ready(NULL) ? real.pcap_datalink_val_to_name(l) : NULL;
}

const char *pcap_statustostr(int e)
{
	return ready(NULL) ? real.pcap_statustostr(e) : why;
}

const char *pcap_lib_version(void)
{
	return ready(NULL) ? real.pcap_lib_version() : why;
}

/* libpcap's own version line, or why it cannot be loaded. */
const char *nlab_capture_libversion(void) { return pcap_lib_version(); }

/* The rest forward at once. */
#define FORWARD(ret, name, params, args)                                     \
	ret name params { return real.name args; }
#define VOID_FORWARD(name, params, args)                                     \
	void name params { real.name args; }
FORWARD(int, pcap_set_snaplen, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_set_promisc, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_set_immediate_mode, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_set_timeout, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_set_buffer_size, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_set_tstamp_precision, (pcap_t *p, int n), (p, n))
FORWARD(int, pcap_get_tstamp_precision, (pcap_t *p), (p))
FORWARD(int, pcap_activate, (pcap_t *p), (p))
FORWARD(int, pcap_next_ex,
	(pcap_t *p, struct pcap_pkthdr **h, const u_char **d), (p, h, d))
FORWARD(char *, pcap_geterr, (pcap_t *p), (p))
FORWARD(int, pcap_datalink, (pcap_t *p), (p))
FORWARD(int, pcap_set_datalink, (pcap_t *p, int l), (p, l))
FORWARD(int, pcap_stats, (pcap_t *p, struct pcap_stat *s), (p, s))
FORWARD(int, pcap_snapshot, (pcap_t *p), (p))
FORWARD(int, pcap_setnonblock, (pcap_t *p, int n, char *e), (p, n, e))
FORWARD(int, pcap_setfilter, (pcap_t *p, struct bpf_program *b), (p, b))
FORWARD(int, pcap_get_selectable_fd, (pcap_t *p), (p))
FORWARD(int, pcap_offline_filter,
	(const struct bpf_program *b, const struct pcap_pkthdr *h,
	 const u_char *d),
	(b, h, d))
FORWARD(int, pcap_compile,
	(pcap_t *p, struct bpf_program *b, const char *s, int o, bpf_u_int32 m),
	(p, b, s, o, m))
FORWARD(pcap_dumper_t *, pcap_dump_fopen, (pcap_t *p, FILE *f), (p, f))
FORWARD(int, pcap_dump_flush, (pcap_dumper_t *d), (d))
FORWARD(FILE *, pcap_dump_file, (pcap_dumper_t *d), (d))
NLAB_PCAP_VOID_FUNCS(VOID_FORWARD)
