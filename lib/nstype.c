// SPDX-License-Identifier: GPL-2.0
/* The namespace type table every suite iterates over. */
#include <string.h>

#include "nsc.h"

const struct nsc_nstype nsc_nstypes[NSC_NS_COUNT] = {
	[NSC_NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP, "CONFIG_CGROUPS",
			    "/proc/sys/user/max_cgroup_namespaces", false, false,
			    PIDFD_GET_CGROUP_NAMESPACE, 0xEFFFFFFBUL },
	[NSC_NS_IPC] = { "ipc", CLONE_NEWIPC, "CONFIG_IPC_NS",
			 "/proc/sys/user/max_ipc_namespaces", false, false,
			 PIDFD_GET_IPC_NAMESPACE, 0xEFFFFFFFUL },
	[NSC_NS_MNT] = { "mnt", CLONE_NEWNS, "CONFIG_NAMESPACES",
			 "/proc/sys/user/max_mnt_namespaces", false, false,
			 PIDFD_GET_MNT_NAMESPACE, 0xEFFFFFF8UL },
	[NSC_NS_NET] = { "net", CLONE_NEWNET, "CONFIG_NET_NS",
			 "/proc/sys/user/max_net_namespaces", false, false,
			 PIDFD_GET_NET_NAMESPACE, 0xEFFFFFF9UL },
	[NSC_NS_PID] = { "pid", CLONE_NEWPID, "CONFIG_PID_NS",
			 "/proc/sys/user/max_pid_namespaces", true, true,
			 PIDFD_GET_PID_NAMESPACE, 0xEFFFFFFCUL },
	[NSC_NS_TIME] = { "time", CLONE_NEWTIME, "CONFIG_TIME_NS",
			  "/proc/sys/user/max_time_namespaces", false, true,
			  PIDFD_GET_TIME_NAMESPACE, 0xEFFFFFFAUL },
	[NSC_NS_USER] = { "user", CLONE_NEWUSER, "CONFIG_USER_NS",
			  "/proc/sys/user/max_user_namespaces", true, false,
			  PIDFD_GET_USER_NAMESPACE, 0xEFFFFFFDUL },
	[NSC_NS_UTS] = { "uts", CLONE_NEWUTS, "CONFIG_UTS_NS",
			 "/proc/sys/user/max_uts_namespaces", false, false,
			 PIDFD_GET_UTS_NAMESPACE, 0xEFFFFFFEUL },
};

const char *const nsc_nslinks[NSC_NSLINK_COUNT] = {
	"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
	"time", "time_for_children", "user", "uts",
};

const struct nsc_nstype *nsc_nstype_by_name(const char *name)
{
	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (!strcmp(nsc_nstypes[i].name, name))
			return &nsc_nstypes[i];
	return NULL;
}

const struct nsc_nstype *nsc_nstype_by_flag(int flag)
{
	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (nsc_nstypes[i].flag == flag)
			return &nsc_nstypes[i];
	return NULL;
}

int nsc_nslink_index(const char *link)
{
	for (int i = 0; i < NSC_NSLINK_COUNT; i++)
		if (!strcmp(nsc_nslinks[i], link))
			return i;
	return -1;
}
