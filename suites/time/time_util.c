// SPDX-License-Identifier: GPL-2.0
/* The helpers time_util.h declares, compiled once for the suite's programs. */
#include "time_util.h"

int timens_offsets_read(pid_t pid, struct timens_off *o)
{
	char path[64], buf[256], name[32], *line;
	long long s;
	long ns;
	int seen = 0;

	nsc_proc_path(path, sizeof(path), pid, "timens_offsets");
	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (sscanf(line, "%31s %lld %ld", name, &s, &ns) != 3)
			continue;
		if (!strcmp(name, "monotonic")) {
			o->mono_s = s;
			o->mono_ns = ns;
			seen |= 1;
		} else if (!strcmp(name, "boottime")) {
			o->boot_s = s;
			o->boot_ns = ns;
			seen |= 2;
		}
	}
	if (seen != 3) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int timens_offsets_write(const char *text)
{
	return nsc_write_file("/proc/self/timens_offsets", text);
}

int timens_new(long long mono_s, long long boot_s)
{
	char buf[96];

	if (nsc_unshare_checked(CLONE_NEWTIME))
		return -1;
	snprintf(buf, sizeof(buf), "monotonic %lld 0\nboottime %lld 0\n",
		 mono_s, boot_s);
	return timens_offsets_write(buf);
}

double ts_sec(const struct timespec *t)
{
	return (double)t->tv_sec + t->tv_nsec / 1e9;
}

double clock_sec(clockid_t clk)
{
	struct timespec t;

	if (clock_gettime(clk, &t))
		return -1;
	return ts_sec(&t);
}

int timens_new_pending(long long mono_s, long long boot_s,
		       ino_t *cur, ino_t *pending)
{
	*cur = nsc_ns_ino(0, "time");
	if (!*cur || timens_new(mono_s, boot_s))
		return -1;
	*pending = nsc_ns_ino(0, "time_for_children");
	if (!*pending)
		return -1;
	if (*pending == *cur) {
		errno = EEXIST;
		return -1;
	}
	return 0;
}
