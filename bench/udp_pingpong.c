/* udp_pingpong.c - the C peer of bench/udp_pingpong.lua: 32-byte UDP
 * ping-pong over 127.0.0.1 with plain blocking sockets.
 *
 *   udp_pingpong server PORTFILE TOTAL   bind 127.0.0.1:0, write the port
 *                                        to PORTFILE, echo TOTAL datagrams
 *   udp_pingpong client PORT WARMUP COUNT
 *                                        WARMUP untimed round trips, then
 *                                        COUNT timed; prints
 *                                        "roundtrips_per_sec N"
 * Every receive has a timeout (SO_RCVTIMEO), so nothing can hang. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG_SIZE 32
#define TIMEOUT_S 5

/* Prints a message with errno's text and exits. */
static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Opens a UDP socket whose receives give up after TIMEOUT_S seconds. */
static int open_udp(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	struct timeval tv = {.tv_sec = TIMEOUT_S};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
		die("setsockopt");
	return fd;
}

/* Fills SA with 127.0.0.1:PORT. */
static void loopback(struct sockaddr_in *sa, int port)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((unsigned short)port);
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* Echoes TOTAL datagrams back to whoever sent them. */
static int server(const char *portfile, long total)
{
	int fd = open_udp();
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	loopback(&sa, 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die("bind");
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		die("getsockname");
	FILE *f = fopen(portfile, "w");
	if (f == NULL || fprintf(f, "%d\n", ntohs(sa.sin_port)) < 0 || fclose(f) != 0)
		die(portfile);
	char buf[2048];
	for (long i = 0; i < total; i++) {
		struct sockaddr_in from;
		socklen_t flen = sizeof from;
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
		if (n < 0)
			die("server recvfrom");
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, flen) < 0)
			die("server sendto");
	}
	return 0;
}

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Makes COUNT round trips of a MSG_SIZE datagram with the server at TO. */
static void pingpong(int fd, const struct sockaddr_in *to, long count)
{
	char msg[MSG_SIZE], buf[2048];
	memset(msg, 'x', sizeof msg);
	for (long i = 0; i < count; i++) {
		if (sendto(fd, msg, sizeof msg, 0, (const struct sockaddr *)to, sizeof *to) < 0)
			die("client sendto");
		ssize_t n = recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
		if (n < 0)
			die("client recvfrom");
		if (n != MSG_SIZE) {
			fprintf(stderr, "client: got %zd bytes, want %d\n", n, MSG_SIZE);
			exit(1);
		}
	}
}

static int client(int port, long warmup, long count)
{
	int fd = open_udp();
	struct sockaddr_in to;
	loopback(&to, port);
	pingpong(fd, &to, warmup);
	double t0 = now();
	pingpong(fd, &to, count);
	double dt = now() - t0;
	printf("roundtrips_per_sec %.0f\nseconds %.6f\n", (double)count / dt, dt);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "server") == 0)
		return server(argv[2], atol(argv[3]));
	if (argc == 5 && strcmp(argv[1], "client") == 0)
		return client(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: %s server PORTFILE TOTAL | client PORT WARMUP COUNT\n", argv[0]);
	return 2;
}
