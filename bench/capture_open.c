/* capture_open.c - opening and closing a libpcap capture from C, the
 * peer of bench/capture_open.lua (run inside a lab host):
 *
 *   capture_open IFACE N
 *
 * Opens a capture on IFACE as netlab does (pcap_create, snapshot 262144,
 * a 2 MiB buffer, immediate mode, pcap_activate, non-blocking) and
 * closes it (pcap_close), N times. Prints "open_ms" and "close_ms"
 * lines, each with the N times in milliseconds. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Opens a capture on IFACE; exits on failure. */
static pcap_t *open_one(const char *iface)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_create(iface, err);
	if (!p || pcap_set_snaplen(p, 262144) || pcap_set_buffer_size(p, 2 << 20) ||
	    pcap_set_immediate_mode(p, 1) || pcap_activate(p) < 0 ||
	    pcap_setnonblock(p, 1, err)) {
		fprintf(stderr, "capture_open: %s\n", p ? pcap_geterr(p) : err);
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	int n = argc == 3 ? atoi(argv[2]) : 0;
	if (n <= 0 || n > 10000) {
		fprintf(stderr, "usage: capture_open IFACE N\n");
		return 2;
	}
	double *open_ms = calloc((size_t)n, sizeof *open_ms);
	double *close_ms = calloc((size_t)n, sizeof *close_ms);
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		pcap_t *p = open_one(argv[1]);
		double t1 = now_ms();
		pcap_close(p);
		close_ms[i] = now_ms() - t1;
		open_ms[i] = t1 - t0;
	}
	printf("open_ms");
	for (int i = 0; i < n; i++)
		printf(" %.3f", open_ms[i]);
	printf("\nclose_ms");
	for (int i = 0; i < n; i++)
		printf(" %.3f", close_ms[i]);
	printf("\n");
	free(open_ms);
	free(close_ms);
	return 0;
}
