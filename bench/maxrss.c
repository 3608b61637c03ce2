/* maxrss.c - peak resident set size of a command, from wait4's rusage.
 *
 *   maxrss RUNS COMMAND [ARGS...]
 * Runs COMMAND RUNS times (stdout and stderr to /dev/null) and prints
 * "maxrss_kib MAX" and "minrss_kib MIN" over the runs (ru_maxrss, KiB).
 * Exits non-zero if a run fails. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs ARGV once; returns its ru_maxrss in KiB, or -1 if it failed. */
static long run_once(char **argv)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	if (argc < 3 || atoi(argv[1]) < 1) {
		fprintf(stderr, "usage: %s RUNS COMMAND [ARGS...]\n", argv[0]);
		return 2;
	}
	long max = 0, min = -1;
	for (int i = atoi(argv[1]); i > 0; i--) {
		long kib = run_once(argv + 2);
		if (kib < 0) {
			fprintf(stderr, "maxrss: %s failed\n", argv[2]);
			return 1;
		}
		if (kib > max)
			max = kib;
		if (min < 0 || kib < min)
			min = kib;
	}
	printf("maxrss_kib %ld\nminrss_kib %ld\n", max, min);
	return 0;
}
