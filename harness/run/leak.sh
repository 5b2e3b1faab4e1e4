# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The leak check, all of it (sourced by run_tests.sh for --leak-check, and by
# the self-tests, which compare a snapshot from before them with one from
# after): the host state nsconform must leave as it found it, the processes
# of the runner's session, and the comparison of before and after.

# leak_snapshot FILE: one line per object: names, mounts, netns files,
# links, SysV IPC, POSIX queues, cgroups and the sysctls tests touch
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

leak_session() {	# $1 pid -> SID: its session id, FLAGS: its flags
	local st
	read -r st < "/proc/$1/stat" || return 1
	st=${st##*) }
	set -- $st
	SID=${4:-} FLAGS=${7:-0}
}

# Processes of one session (default: the caller's) other than the caller,
# "PID COMM" per line. Kernel threads (PF_KTHREAD) are never ours: a runner
# started without setsid by an init that never made one (CI agents in micro
# VMs) shares session 0 with every kernel thread, and one starting mid-run
# (ext4lazyinit after a mount) is not a process the suite left behind.
leak_processes() {	# [$1 session id]
	local self=$$ sid=${1:-} p pid SID FLAGS
	[ -n "$sid" ] || { leak_session "$self"; sid=$SID; }
	for p in /proc/[0-9]*; do
		pid=${p##*/}
		leak_session "$pid" 2>/dev/null || continue
		[ "$SID" = "$sid" ] || continue
		[ "$pid" = "$self" ] && continue
		(( FLAGS & 0x200000 )) && continue
		echo "$pid $(tr -d '\n' < "$p/comm" 2>/dev/null)"
	done
}

# The process check is by session; session 0 (an init that never called
# setsid, as CI agents in micro VMs have it) holds every kernel thread and
# the agent's own processes: a runner there runs itself again in a session
# of its own (once: NSC_SETSID marks the second start).
leak_own_session() {	# $@ the runner's command line
	local SID FLAGS
	leak_session $$ || return 0
	[ "$SID" = 0 ] || return 0
	[ -z "${NSC_SETSID:-}" ] || { note "setsid left the runner in session 0"; exit 1; }
	NSC_SETSID=1 exec setsid -w "$@"
}

leak_begin() {	# $1 raw dir
	leak_snapshot "$1/leak-before.txt"
	leak_processes > "$1/leak-procs-before.txt"
}

leak_end() {	# $1 raw dir, $2 where leak.result goes
	leak_snapshot "$1/leak-after.txt"
	leak_processes > "$1/leak-procs-after.txt"
	leak_compare "$1" > "$2/leak.result"
}

leak_compare() {	# $1 raw dir -> lines "leak: ..." (empty = clean)
	local raw=$1
	diff <(sort "$raw/leak-before.txt") <(sort "$raw/leak-after.txt") | sed -n 's/^< /removed: /p;s/^> /added: /p'
	# processes still alive in our session that were not there before
	awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen) { print "process left running: pid " $1 " (" $2 ")" }' \
		"$raw/leak-procs-before.txt" "$raw/leak-procs-after.txt" | grep -v "($(basename "$0")\|(bash)\|(awk)\|(cat)\|(tr)\|(sed)\|(sort)\|(diff)" || true
}
