// SPDX-License-Identifier: GPL-2.0
/*
 * Prints "EUID EGID CAPEFF" (CapEff as hex, all 64 bits) and exits 0.
 * Built -static so it runs from a copy on a tmpfs; uses no libcap.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

int main(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { 0 };
	unsigned long long eff;

	if (syscall(SYS_capget, &h, d)) {
		perror("capget");
		return 1;
	}
	eff = ((unsigned long long)d[1].effective << 32) | d[0].effective;
	printf("%u %u %llx\n", (unsigned int)geteuid(), (unsigned int)getegid(),
	       eff);
	return 0;
}
