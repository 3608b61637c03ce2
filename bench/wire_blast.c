/* wire_blast.c - sends 64-byte Ethernet frames out of one interface at a
 * set rate, for bench/wire.sh (run inside a lab host):
 *
 *   wire_blast IFACE DST_MAC RATE SECONDS [COUNT]
 *
 * The frames carry EtherType 0x88b5 (IEEE local experimental), so the
 * far host's kernel drops each one as soon as it has counted it: the
 * benchmark measures the link, not a receiving program. Batches of 32
 * frames go by sendmmsg, paced against CLOCK_MONOTONIC, until SECONDS
 * have passed or COUNT frames are sent (bench/capture_flood.sh). Prints
 * "sent N". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME 64
#define BATCH 32

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleeps until time T on CLOCK_MONOTONIC. */
static void sleep_until(double t)
{
	struct timespec ts = {(time_t)t, (long)((t - (double)(time_t)t) * 1e9)};
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

int main(int argc, char **argv)
{
	unsigned char dst[6];
	if ((argc != 5 && argc != 6) || sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dst[0], &dst[1],
				&dst[2], &dst[3], &dst[4], &dst[5]) != 6) {
		fprintf(stderr, "usage: wire_blast IFACE DST_MAC RATE SECONDS [COUNT]\n");
		return 2;
	}
	double rate = atof(argv[3]), secs = atof(argv[4]);
	unsigned long count = argc == 6 ? strtoul(argv[5], NULL, 10) : 0;
	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_ifindex = (int)if_nametoindex(argv[1])};
	if (fd < 0 || sll.sll_ifindex == 0 || rate <= 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		perror("wire_blast");
		return 1;
	}
	unsigned char frame[FRAME] = {0};
	memcpy(frame, dst, 6);
	memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
	frame[12] = 0x88, frame[13] = 0xb5;
	struct iovec iov = {frame, FRAME};
	struct mmsghdr msgs[BATCH];
	for (int i = 0; i < BATCH; i++)
		msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov, .msg_iovlen = 1}};
	double t0 = now(), end = t0 + secs;
	unsigned long sent = 0;
	while (now() < end && (count == 0 || sent < count)) {
		unsigned batch = BATCH;
		if (count && count - sent < batch)
			batch = (unsigned)(count - sent);
		int r = sendmmsg(fd, msgs, batch, 0);
		if (r > 0)
			sent += (unsigned long)r;
		sleep_until(t0 + (double)sent / rate);
	}
	printf("sent %lu\n", sent);
	return 0;
}
