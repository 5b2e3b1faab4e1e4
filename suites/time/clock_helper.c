// SPDX-License-Identifier: GPL-2.0
/*
 * Prints "TIMEINO MONO_VDSO MONO_SYSCALL BOOT_VDSO" and exits 0: the inode
 * of its time namespace and its clocks, read once through libc (the vDSO)
 * and once by the raw system call. Built -static (glibc still uses the
 * vDSO on x86_64).
 */
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double sec(const struct timespec *t)
{
	return (double)t->tv_sec + t->tv_nsec / 1e9;
}

int main(void)
{
	struct timespec mv, ms, bv;
	struct stat st;

	if (stat("/proc/self/ns/time", &st)) {
		perror("stat /proc/self/ns/time");
		return 1;
	}
	if (clock_gettime(CLOCK_MONOTONIC, &mv) ||
	    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ms) ||
	    clock_gettime(CLOCK_BOOTTIME, &bv)) {
		perror("clock_gettime");
		return 1;
	}
	printf("%lu %.6f %.6f %.6f\n", (unsigned long)st.st_ino, sec(&mv),
	       sec(&ms), sec(&bv));
	return 0;
}
