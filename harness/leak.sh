# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The host state nsconform must leave as it found it, one line per object:
# names, mounts, netns files, links, SysV IPC, POSIX queues, cgroups and the
# sysctls tests touch. Sourced by run_tests.sh (--leak-check) and by the
# self-tests, which compare a snapshot from before them with one from after.

leak_snapshot() {	# $1 file
	{
		echo "hostname $(cat /proc/sys/kernel/hostname)"
		echo "domainname $(cat /proc/sys/kernel/domainname)"
		awk '{ for (i = 7; $i != "-"; i++); print "mount " $5 " " $(i+1) " " $(i+2) " " $4 }' /proc/self/mountinfo | sort
		for f in /run/netns/*; do echo "netns ${f##*/}"; done
		for f in /sys/class/net/*; do echo "link ${f##*/}"; done
		for t in msg sem shm; do
			[ -r /proc/sysvipc/$t ] && awk -v t=$t 'NR > 1 { print "sysv-" t " key=" $1 " id=" $2 }' /proc/sysvipc/$t
		done
		if [ "$(id -u)" = 0 ]; then
			unshare -m sh -c 'mount --make-rprivate / && mount -t mqueue none /dev/mqueue 2>/dev/null && ls -1 /dev/mqueue' 2>/dev/null | sed 's/^/mqueue /'
		fi
		for d in /sys/fs/cgroup/*/ /sys/fs/cgroup/unified/*/; do
			find "$d" -mindepth 1 -maxdepth 2 -type d 2>/dev/null | sed 's/^/cgroup /'
		done | sort -u
		for f in kernel/hostname kernel/domainname kernel/pid_max net/ipv4/ip_forward net/core/devconf_inherit_init_net \
			net/ipv4/ping_group_range user/max_user_namespaces user/max_net_namespaces user/max_uts_namespaces \
			user/max_ipc_namespaces user/max_mnt_namespaces user/max_pid_namespaces user/max_cgroup_namespaces \
			user/max_time_namespaces kernel/msgmni kernel/msgmax kernel/msgmnb kernel/sem kernel/shmmax kernel/shmall \
			kernel/shmmni kernel/shm_rmid_forced fs/mqueue/queues_max fs/mqueue/msg_max fs/mqueue/msgsize_max; do
			[ -r /proc/sys/$f ] && echo "sysctl $f $(tr '\t\n' '  ' < /proc/sys/$f)"
		done
	} > "$1" 2>/dev/null
}

# Processes of one session (default: the caller's) other than the caller,
# "PID COMM" per line. Kernel threads (PF_KTHREAD) are never ours: a runner
# started without setsid by an init that never made one (CI agents in micro
# VMs) shares session 0 with every kernel thread, and one starting mid-run
# (ext4lazyinit after a mount) is not a process the suite left behind.
leak_processes() {	# [$1 session id]
	local self=$$ sid=${1:-} p pid st
	[ -n "$sid" ] || { st=$(cat /proc/$self/stat); st=${st##*) }; set -- $st; sid=$4; }
	for p in /proc/[0-9]*; do
		pid=${p##*/}
		st=$(cat "$p/stat" 2>/dev/null) || continue
		st=${st##*) }
		set -- $st
		[ "${4:-}" = "$sid" ] || continue
		[ "$pid" = "$self" ] && continue
		(( ${7:-0} & 0x200000 )) && continue
		echo "$pid $(tr -d '\n' < "$p/comm" 2>/dev/null)"
	done
}
