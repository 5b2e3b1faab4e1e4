/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the IPC suite's files (candidates for lib/).
 * Every test first puts itself in a throwaway IPC namespace
 * (nsc_unshare_checked(CLONE_NEWIPC))
 * so nothing it creates can appear in the host's ipcs(1).
 */
#ifndef NSC_IPC_UTIL_H
#define NSC_IPC_UTIL_H

#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "nsc.h"

/* System V object kinds, so one claim can be checked on all three. */
enum ipc_kind { IPC_MSG, IPC_SHM, IPC_SEM, IPC_KIND_COUNT };

static const char *const ipc_kind_name[IPC_KIND_COUNT] = { "msg", "shm", "sem" };

/* msgget/shmget/semget(key, flags); shm of one page, one semaphore. */
static inline int ipc_get(enum ipc_kind k, key_t key, int flags)
{
	switch (k) {
	case IPC_MSG:
		return msgget(key, flags);
	case IPC_SHM:
		return shmget(key, 4096, flags);
	default:
		return semget(key, 1, flags);
	}
}

/* IPC_STAT by id; 0 or -1 with errno. */
static inline int ipc_stat(enum ipc_kind k, int id)
{
	struct msqid_ds m;
	struct shmid_ds s;
	struct semid_ds sd;

	switch (k) {
	case IPC_MSG:
		return msgctl(id, IPC_STAT, &m);
	case IPC_SHM:
		return shmctl(id, IPC_STAT, &s);
	default:
		return semctl(id, 0, IPC_STAT, &sd);
	}
}

static inline int ipc_rmid(enum ipc_kind k, int id)
{
	switch (k) {
	case IPC_MSG:
		return msgctl(id, IPC_RMID, NULL);
	case IPC_SHM:
		return shmctl(id, IPC_RMID, NULL);
	default:
		return semctl(id, 0, IPC_RMID);
	}
}

/* Objects listed in /proc/sysvipc/<kind> of the reader's ns (header skipped). */
static inline int ipc_proc_count(enum ipc_kind k)
{
	char path[64], buf[16384];
	int lines = 0;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", ipc_kind_name[k]);
	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf; *p; p++)
		lines += *p == '\n';
	return lines - 1;
}

/* Key number n; fixed, since every test works in namespaces of its own. */
static inline key_t ipc_key(int n)
{
	return (key_t)(0x4e534300 | (n & 0xff));
}

#endif /* NSC_IPC_UTIL_H */
