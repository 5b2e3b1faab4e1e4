#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the runner (or any command) in one of the environments CI farms run
# the suite in, built with unshare/setpriv only (no container engine), as
# root on the host; nothing of it stays on the host.
#
#   selftest/envs.sh ENV [--] RUNNER-ARGS...     run_tests.sh RUNNER-ARGS in ENV
#   selftest/envs.sh ENV --exec CMD ARGS...      any command in ENV
#   selftest/envs.sh --list                      the environments
#
# ENV:
#   native        as called (real root on the host)
#   container     new mnt, uts, ipc, net, pid (runner is pid 1) and cgroup
#                 namespaces, /proc remounted, tmpfs /run
#   container-cg  the same, started in a non-root cgroup v2 directory
#                 (created for the run, removed after it)
#   userns        root of a user namespace (unshare -Ur --mount)
#   userns-map    root of a user namespace that maps 65536 ids (0 to 0, the
#                 rest to 100001..), setgroups allowed: like rootless podman
#                 with subuids, so an unprivileged uid exists inside
#   userns-caps   the same as userns with a rootless-container capability set (no
#                 CAP_SYS_ADMIN, CAP_NET_ADMIN, ... in the bounding set)
#   uid1000       uid/gid 1000, no groups (setpriv), in the initial namespaces
#   limit-TYPE    root of a user namespace whose user.max_TYPE_namespaces is 0
#                 (TYPE: cgroup ipc mnt net pid time user uts)
set -u -o pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENVS="native container container-cg userns userns-map userns-caps uid1000 limit-cgroup limit-ipc limit-mnt limit-net limit-pid limit-time limit-user limit-uts"

die() { echo "envs.sh: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "usage: envs.sh ENV [--] RUNNER-ARGS... | ENV --exec CMD... | --list"
if [ "$1" = --list ]; then printf '%s\n' $ENVS; exit 0; fi
env=$1; shift
[[ " $ENVS " == *" $env "* ]] || die "unknown environment '$env' (see --list)"
if [ "${1:-}" = --exec ]; then shift; cmd=("$@")
else [ "${1:-}" = -- ] && shift; cmd=("$SRC/run_tests.sh" "$@"); fi
[ ${#cmd[@]} -ge 1 ] || die "--exec needs a command"
[ "$(id -u)" = 0 ] || die "needs root (it builds the environments with unshare/setpriv)"

# The cgroup2 mount, wherever it is (mountinfo: fstype after " - ").
cgroup2_mount() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break; if ($(i + 1) == "cgroup2") { print $5; exit } }' /proc/self/mountinfo
}

# the container's inner script: tmpfs /run, then the command
CT_INNER='mount -t tmpfs -o mode=755 nsc-envs-run /run && exec "$@"'

case $env in
native) exec "${cmd[@]}" ;;
container)
	exec unshare --mount --uts --ipc --net --pid --cgroup --fork --mount-proc \
		sh -c "$CT_INNER" sh "${cmd[@]}" ;;
container-cg)
	cg=$(cgroup2_mount)
	[ -n "$cg" ] || die "no cgroup2 hierarchy is mounted"
	dir=$cg/nsc-envs-$$
	mkdir "$dir" || die "mkdir $dir failed"
	# the runner and all it starts live in $dir; its cgroup namespace is
	# rooted there, so /proc/self/cgroup reads "0::/"
	( echo "$BASHPID" > "$dir/cgroup.procs" &&
	  exec unshare --mount --uts --ipc --net --pid --cgroup --fork --mount-proc \
		sh -c "$CT_INNER" sh "${cmd[@]}" )
	rc=$?
	# a test's leftover sub-cgroup would make this fail: say so
	rmdir "$dir" 2>/dev/null || { echo "envs.sh: $dir not removed (left non-empty by the run)" >&2; rc=1; }
	exit $rc ;;
userns) exec unshare -Ur --mount "${cmd[@]}" ;;
userns-map)
	# unshare(1) maps ranges only through newuidmap; as root we write the
	# maps of the waiting child ourselves
	fifo=$(mktemp -u "${TMPDIR:-/tmp}/nsc-envs.XXXXXX")
	mkfifo "$fifo" || die "mkfifo failed"
	unshare --user --mount sh -c 'read -r _ < "$0" && exec "$@"' "$fifo" "${cmd[@]}" &
	pid=$!
	mine=$(readlink /proc/self/ns/user)
	for _ in $(seq 500); do
		t=$(readlink "/proc/$pid/ns/user" 2>/dev/null) || break
		[ "$t" != "$mine" ] && break
		read -rt 0.01 <> <(:) || true
	done
	# a map is taken in one write(2): cat writes what it read at once
	map=$'0 0 1\n1 100001 65535'
	cat <<< "$map" > "/proc/$pid/uid_map" &&
		cat <<< "$map" > "/proc/$pid/gid_map" ||
		{ kill "$pid"; rm -f "$fifo"; die "writing the maps of $pid failed"; }
	echo go > "$fifo"
	rm -f "$fifo"
	wait "$pid"
	exit $? ;;
userns-caps)
	# what rootless Podman grants by default
	exec unshare -Ur --mount setpriv \
		--bounding-set -all,+chown,+dac_override,+fowner,+fsetid,+kill,+net_bind_service,+setfcap,+setgid,+setpcap,+setuid,+sys_chroot \
		--inh-caps -all "${cmd[@]}" ;;
uid1000)
	exec setpriv --reuid=1000 --regid=1000 --clear-groups env HOME=/tmp "${cmd[@]}" ;;
limit-*)
	t=${env#limit-}
	exec unshare -Ur --mount sh -c 'echo 0 > "/proc/sys/user/max_$0_namespaces" && exec "$@"' "$t" "${cmd[@]}" ;;
esac
