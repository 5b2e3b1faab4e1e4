/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the time-namespace suite (candidates for lib/).
 */
#ifndef NSC_TIME_UTIL_H
#define NSC_TIME_UTIL_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "nsc.h"

/* The fixed inode of the initial time namespace (PROC_TIME_INIT_INO). */
#define NSC_TIME_INIT_INO 4026531834UL

#ifndef CLOCK_BOOTTIME_ALARM
#define CLOCK_BOOTTIME_ALARM 9
#endif

struct timens_off {
	long long mono_s, boot_s;
	long mono_ns, boot_ns;
};

/* Parses /proc/PID/timens_offsets (pid 0 = self). */
int timens_offsets_read(pid_t pid, struct timens_off *o);

/* One write(2) to /proc/self/timens_offsets. */
int timens_offsets_write(const char *text);

/* unshare(CLONE_NEWTIME) (EEXIST: time_for_children did not change) and set
 * the new ns's offsets in seconds. */
int timens_new(long long mono_s, long long boot_s);

/* A time in seconds; clock_sec reads CLK (-1 on error). */
double ts_sec(const struct timespec *t);
double clock_sec(clockid_t clk);

/* Records the caller's time ns in *cur, then timens_new(mono_s, boot_s)
 * and records the pending ns (time_for_children) in *pending: -1 with
 * errno on failure, EEXIST when the pending ns is the current one. */
int timens_new_pending(long long mono_s, long long boot_s,
		       ino_t *cur, ino_t *pending);

#endif /* NSC_TIME_UTIL_H */
