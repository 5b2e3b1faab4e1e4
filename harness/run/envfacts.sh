# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# run_tests.sh's environment facts (sourced): DIR/meta.env, key=value facts
# about the kernel, privileges, where the suite stands and the tools, written
# before a run with few forks (they cost milliseconds here).

tool_version() {	# $1 tool -> version string (empty when absent)
	local out
	case $1 in
	util-linux) out=$(unshare --version 2>/dev/null); [[ $out =~ util-linux\ ([0-9.]+) ]] ;;
	iproute2) out=$(ip -V 2>/dev/null); [[ $out =~ iproute2-(ss)?([0-9][^ ,]*) ]] && BASH_REMATCH[1]=${BASH_REMATCH[1]}${BASH_REMATCH[2]} ;;
	esac && echo "${BASH_REMATCH[1]}"
}

write_meta() {	# $1 raw dir
	local cfg="unavailable" lsm="none" ct="none" userns rel ver arch env1="" l
	read -r rel < /proc/sys/kernel/osrelease
	read -r ver < /proc/sys/kernel/version
	arch=$(uname -m)
	[ -r /proc/config.gz ] && cfg=/proc/config.gz
	[ "$cfg" = unavailable ] && [ -r "/boot/config-$rel" ] && cfg="/boot/config-$rel"
	[ -r /sys/kernel/security/lsm ] && read -r lsm < /sys/kernel/security/lsm
	[ -r /proc/1/environ ] && env1=$( { tr '\0' '\n' < /proc/1/environ; } 2>/dev/null)
	# a container is namespaces that are not the initial ones (nsc-env
	# reads them); a marker file or pid 1's container= only names it
	if [ -r /run/.containerenv ]; then ct=podman
	elif [ -r /.dockerenv ]; then ct=docker
	elif [[ $env1 =~ (^|$'\n')container=([^$'\n']*) ]]; then ct=${BASH_REMATCH[2]}
	fi
	if unshare -U true 2>/dev/null; then userns=available; else userns="unavailable"; fi
	{
		echo "kernel=$rel"
		echo "kernel_version=$ver"
		echo "arch=$arch"
		echo "kernel_config=$cfg"
		echo "uid=$EUID"
		if [ "$EUID" = 0 ]; then echo "mode=root"; else echo "mode=unprivileged"; fi
		echo "userns=$userns"
		echo "container_marker=$ct"
		# where the suite stands: ns_not_initial, pidns_level,
		# userns_level, root_of, ns_limit0, ns_missing
		[ -x "$BUILD/bin/nsc-env" ] && "$BUILD/bin/nsc-env" 2>/dev/null
		echo "lsm=${lsm:-none}"
		echo "util_linux=$(tool_version util-linux)"
		echo "iproute2=$(tool_version iproute2)"
		echo "host=$HOSTNAME"
		[ -r "$BUILD/ksft-origin.txt" ] && while IFS= read -r l; do echo "harness_$l"; done < "$BUILD/ksft-origin.txt"
		echo "jobs=$JOBS"
		echo "timeout_mult=$TMULT"
		TZ=UTC printf 'started=%(%Y-%m-%dT%H:%M:%SZ)T\n' -1
	} > "$1/meta.env"
}
