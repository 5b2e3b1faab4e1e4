// SPDX-License-Identifier: GPL-2.0
/* The helpers ipc_util.h declares, compiled once for the suite's programs. */
#include "ipc_util.h"

const char *const ipc_kind_name[IPC_KIND_COUNT] = { "msg", "shm", "sem" };

int ipc_get(enum ipc_kind k, key_t key, int flags)
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

int ipc_stat(enum ipc_kind k, int id)
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

int ipc_rmid(enum ipc_kind k, int id)
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

int ipc_proc_count(enum ipc_kind k)
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

key_t ipc_key(int n)
{
	return (key_t)(0x4e534300 | (n & 0xff));
}
