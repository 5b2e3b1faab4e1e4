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

extern const char *const ipc_kind_name[IPC_KIND_COUNT];

/* msgget/shmget/semget(key, flags); shm of one page, one semaphore. */
int ipc_get(enum ipc_kind k, key_t key, int flags);

/* IPC_STAT by id; 0 or -1 with errno. */
int ipc_stat(enum ipc_kind k, int id);

/* IPC_RMID by id; 0 or -1 with errno. */
int ipc_rmid(enum ipc_kind k, int id);

/* Objects listed in /proc/sysvipc/<kind> of the reader's ns (header skipped). */
int ipc_proc_count(enum ipc_kind k);

/* Key number n; fixed, since every test works in namespaces of its own. */
key_t ipc_key(int n);

#endif /* NSC_IPC_UTIL_H */
