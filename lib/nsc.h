/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nsconform shared helpers. Nothing in lib/ depends on the kselftest
 * harness: functions return -1 with errno set (or a reason string), and the
 * test decides whether that is a FAIL or a SKIP.
 */
#ifndef NSC_H
#define NSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsc_sys.h"

/* ------------------------------------------------------------------ */
/* Namespace type table (lib/nstype.c)                                  */
/* ------------------------------------------------------------------ */
struct nsc_nstype {
	const char *name;	/* /proc/PID/ns entry: "uts" */
	int flag;		/* CLONE_NEWUTS */
	const char *config;	/* CONFIG_UTS_NS */
	const char *max_sysctl;	/* /proc/sys/user/max_uts_namespaces */
	bool hierarchical;	/* has NS_GET_PARENT (pid, user) */
	bool for_children;	/* caller stays put after unshare (pid, time) */
	unsigned long pidfd_ioctl; /* PIDFD_GET_*_NAMESPACE */
	/* the kernel's fixed inode of the initial ns (PROC_*_INIT_INO); net
	 * and mnt have theirs since 6.18 only (allocated before) */
	unsigned long init_ino;
};

enum {
	NSC_NS_CGROUP, NSC_NS_IPC, NSC_NS_MNT, NSC_NS_NET,
	NSC_NS_PID, NSC_NS_TIME, NSC_NS_USER, NSC_NS_UTS,
	NSC_NS_COUNT
};
extern const struct nsc_nstype nsc_nstypes[NSC_NS_COUNT];

/* The ten /proc/PID/ns links, in readdir-independent order. */
#define NSC_NSLINK_COUNT 10
extern const char *const nsc_nslinks[NSC_NSLINK_COUNT];

const struct nsc_nstype *nsc_nstype_by_name(const char *name);
const struct nsc_nstype *nsc_nstype_by_flag(int flag);

/* ------------------------------------------------------------------ */
/* Namespace identity (lib/nsid.c)                                      */
/* ------------------------------------------------------------------ */
struct nsc_nsid {
	dev_t dev;
	ino_t ino;
};
/* stat() /proc/PID/ns/LINK (pid 0 = self). */
int nsc_ns_stat(pid_t pid, const char *link, struct nsc_nsid *id);
int nsc_ns_fstat(int fd, struct nsc_nsid *id);
bool nsc_nsid_eq(const struct nsc_nsid *a, const struct nsc_nsid *b);
/* Inode of /proc/PID/ns/LINK. On error 0, and the test FAILs however it
 * compares that 0 (nsc_obs_fail): a caller that expects an error uses
 * nsc_ns_stat. */
ino_t nsc_ns_ino(pid_t pid, const char *link);
/* NS_GET_ID where the kernel has it, else st_ino. */
int nsc_ns_uid(int fd, uint64_t *id, bool *from_ioctl);
int nsc_ns_open(pid_t pid, const char *link);

/* unshare(flags), then check that every namespace asked for is new: the
 * link unshare() moves (pid_for_children, time_for_children for pid and
 * time) changed inode. -1 with errno from unshare, or EEXIST when a link
 * did not change (the kernel silently did not create that namespace). */
int nsc_unshare_checked(int flags);

struct nsc_ns_snap {
	ino_t ino[NSC_NSLINK_COUNT];	/* 0 = absent: this kernel lacks the
					 * type, or pid_for_children before
					 * the first child */
};
/* -1 (and the test FAILs, nsc_obs_fail) when a link that should be there
 * could not be read. */
int nsc_ns_snapshot(pid_t pid, struct nsc_ns_snap *s);
/* Bitmask over nsc_nslinks of the entries that differ. */
unsigned int nsc_ns_snap_diff(const struct nsc_ns_snap *a,
			      const struct nsc_ns_snap *b);
/* Formats a diff mask as "uts,net" into buf. */
const char *nsc_ns_mask_str(unsigned int mask, char *buf, size_t len);
int nsc_nslink_index(const char *link);

/* ------------------------------------------------------------------ */
/* Files and /proc (lib/proc.c)                                         */
/* ------------------------------------------------------------------ */
/* Reads a whole file (NUL-terminated, truncated to len-1). Returns bytes. */
ssize_t nsc_read_file(const char *path, char *buf, size_t len);
/* Writes buf in one write(2); returns 0 or -1 with errno from write. */
int nsc_write_file(const char *path, const char *buf);
/* "/proc/PID/NAME" into buf, "/proc/self/NAME" for pid 0; returns buf. */
const char *nsc_proc_path(char *buf, size_t len, pid_t pid, const char *name);
/* Creates (mode 0644) or truncates path and writes text in one write(2). */
int nsc_put_file(const char *path, const char *text);
/* Creates path (mode 0644) if missing, e.g. as a bind-mount target. */
int nsc_touch(const char *path);
int nsc_read_long(const char *path, long *val);
int nsc_write_long(const char *path, long val);
/* Value of "Key:" in /proc/PID/status (pid 0 = self), trimmed. */
int nsc_status_field(pid_t pid, const char *key, char *buf, size_t len);
/* The numbers after "Key:" in a "Key:\tN\tN..." file (/proc/PID/status,
 * fdinfo): how many were stored in vals, -1 (ENOENT) if the key is
 * missing, -1 with errno if the file is. */
int nsc_key_vals(const char *path, const char *key, long *vals, int max);
/* 1 when pidfd polls readable (its process exited) within timeout_ms,
 * 0 on timeout, -1 on error. */
int nsc_pidfd_exited(int pidfd, int timeout_ms);
/*
 * After pthread_join(): wait (bounded, ms) until the joined thread is gone
 * from /proc/self/task. pthread_join returns when the thread clears its tid,
 * which the kernel does before it releases the thread's fs_struct, so a
 * setns() that needs an unshared fs (mnt, user) can still see two users.
 * Returns 0 once single-threaded, -1 (ETIMEDOUT) otherwise.
 */
int nsc_wait_single_threaded(int timeout_ms);
/*
 * In a new child: SIGKILL when the parent dies (PR_SET_PDEATHSIG), and -1
 * when it died before that took effect (getppid() is no longer ppid). A
 * parent outside our pid namespace reads as 0, which counts as alive.
 */
int nsc_die_with_parent(pid_t ppid);
/* Counts the numeric entries of a procfs directory. */
int nsc_count_pids(const char *procdir);
/* Reads the first line of a file, without its newline. */
int nsc_read_line(const char *path, char *buf, size_t len);

/* Saved sysctl, restored by nsc_sysctl_restore(). */
struct nsc_sysctl {
	char path[128];
	char value[256];
	bool saved;
};
int nsc_sysctl_save(struct nsc_sysctl *s, const char *path);
int nsc_sysctl_restore(struct nsc_sysctl *s);

/* The running kernel is at least MAJOR.MINOR (from uname's release). Only
 * for rows the catalogue ties to a version, never in place of a probe. */
bool nsc_kernel_at_least(int major, int minor);

/* Unique per-process name: PREFIX-PID-N. */
const char *nsc_uniq(char *buf, size_t len, const char *prefix);

/* ------------------------------------------------------------------ */
/* User namespaces: maps (lib/idmap.c)                                  */
/* ------------------------------------------------------------------ */
/* Writes /proc/PID/{setgroups,uid_map,gid_map}; NULL skips a file. */
int nsc_write_maps(pid_t pid, const char *uid_map, const char *gid_map,
		   bool deny_setgroups);
/* Maps uid/gid 0 in PID's user ns to the caller's euid/egid. */
int nsc_map_root_to(pid_t pid, uid_t outer_uid, gid_t outer_gid);
/* unshare(CLONE_NEWUSER | extra) and map 0 to the previous euid/egid. */
int nsc_unshare_userns_root(int extra_flags);
/* As root: drop to uid/gid with no groups and no capabilities, staying
 * dumpable (else /proc/self/uid_map etc. stay root-owned) and keeping the
 * parent-death signal (setres[ug]id clears both). As non-root: nothing
 * to do. */
int nsc_drop_to(uid_t uid, gid_t gid);
/* nsc_drop_to(65534, 65534). */
int nsc_drop_to_nobody(void);
int nsc_overflow_uid(void);
int nsc_overflow_gid(void);

/* ------------------------------------------------------------------ */
/* Capabilities (lib/caps.c, libcap)                                    */
/* ------------------------------------------------------------------ */
bool nsc_cap_effective(int cap);
bool nsc_cap_in_bounding(int cap);
int nsc_cap_drop_effective(int cap);
/* Drops cap from the bounding, permitted and effective sets. */
int nsc_cap_drop_fully(int cap);
/* True when CapEff covers every capability up to cap_last_cap. */
bool nsc_caps_full(void);
int nsc_cap_last_cap(void);

/* ------------------------------------------------------------------ */
/* Running tools without a shell (lib/run.c)                            */
/* ------------------------------------------------------------------ */
struct nsc_run {
	int status;		/* raw wait status */
	int exit_code;		/* WEXITSTATUS or 128+signal */
	char out[16384];	/* stdout, NUL-terminated, truncated */
	char err[4096];		/* stderr, NUL-terminated, truncated */
};
/* Full path of a tool in PATH, /usr/sbin or /sbin, or NULL. */
const char *nsc_tool_path(const char *name, char *buf, size_t len);
/*
 * Starts path with argv, its fds 0-2 dup'ed from fds[] (-1: inherit), and
 * returns its pid, or -1 with exec's errno. No address space is copied: the
 * child borrows ours until it execs (as posix_spawn does).
 */
#define NSC_SPAWN_PDEATHSIG	1	/* SIGKILL when the caller dies */
#define NSC_SPAWN_SETPGID	2	/* in a process group of its own */
#define NSC_SPAWN_UNBLOCK	4	/* with no signal blocked */
pid_t nsc_spawn(const char *path, char *const argv[], const int fds[3],
		unsigned int flags);
/* Spawns argv[0] (searched like nsc_tool_path); waits. Returns 0 when
 * the tool ran (whatever its exit code), -1 if it could not start. */
int nsc_run_argv(char *const argv[], struct nsc_run *r);
/* Variadic form, NULL-terminated. */
int nsc_run(struct nsc_run *r, const char *arg0, ...);
/* As nsc_run, returns exit_code, or -1 if it did not start. */
int nsc_run_rc(struct nsc_run *r, const char *arg0, ...);
/* Formats "ARGV: exit N: stderr" for failure messages. */
const char *nsc_run_desc(const struct nsc_run *r, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* fds over sockets, handshakes (lib/sock.c)                            */
/* ------------------------------------------------------------------ */
int nsc_send_fd(int sock, int fd);
int nsc_recv_fd(int sock);
int nsc_send_byte(int sock, char c);
/* Returns the byte, or -1 (EOF: errno = EPIPE). */
int nsc_recv_byte(int sock);
int nsc_send_buf(int sock, const void *buf, size_t len);
ssize_t nsc_recv_buf(int sock, void *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Mounts (lib/mnt.c)                                                   */
/* ------------------------------------------------------------------ */
struct nsc_mountinfo {
	int id, parent;
	unsigned int major, minor;
	char root[256];
	char mnt_point[256];
	char opts[256];
	char optional[128];	/* "shared:1 master:2", "" when private */
	char fstype[64];
	char source[128];
	char super_opts[256];
};
/* Calls fn for each line of /proc/PID/mountinfo; stops when fn returns
 * nonzero and passes that on. */
int nsc_mountinfo_each(pid_t pid,
		       int (*fn)(const struct nsc_mountinfo *m, void *arg),
		       void *arg);
/* Last (topmost) mount at mnt_point; 0 found, -1 ENOENT. */
int nsc_mountinfo_find(pid_t pid, const char *mnt_point,
		       struct nsc_mountinfo *out);
int nsc_mountinfo_count(pid_t pid);
/* Value N of TAG:N in optional fields ("shared", "master",
 * "propagate_from"), or 0 when absent. */
int nsc_mnt_tag(const struct nsc_mountinfo *m, const char *tag);
bool nsc_mnt_unbindable(const struct nsc_mountinfo *m);
/* nsc_unshare_checked(CLONE_NEWNS) and make / recursively private: no mount
 * follows on a kernel that ignored CLONE_NEWNS (EEXIST). */
int nsc_private_mntns(void);
/* Private mount ns plus a fresh tmpfs at DIR (created if missing). */
int nsc_sandbox_tmpfs(const char *dir);

/* ------------------------------------------------------------------ */
/* Network (lib/net.c)                                                  */
/* ------------------------------------------------------------------ */
int nsc_if_flags(const char *ifname, short *flags);
int nsc_if_set_up(const char *ifname, bool up);
/* Number of interfaces from if_nameindex(); names joined into buf. */
int nsc_if_list(char *buf, size_t len);
/*
 * The fallback devices tunnel drivers create in every new netns when built
 * in or loaded (sit0, tunl0, ip6tnl0, gre0, ...; none when
 * net.core.fb_tunnels_only_for_init_net is set): whether NAME is one, and
 * how many the current netns has (-1 with errno).
 */
bool nsc_if_fallback_tunnel(const char *name);
int nsc_if_fallback_count(void);
/* Number of addresses (AF_INET/AF_INET6) on ifname, via getifaddrs. */
int nsc_if_addr_count(const char *ifname, int family);
/* ip(8) with the given args; 0 on exit 0, else -1 with r filled. */
int nsc_ip(struct nsc_run *r, ...);

/* ------------------------------------------------------------------ */
/* Where the suite stands (lib/env.c)                                   */
/* ------------------------------------------------------------------ */
/* Read once per program, in the user ns it started in. */
bool nsc_nstype_missing(const struct nsc_nstype *t);	/* no /proc/self/ns link */
bool nsc_nstype_limit0(const struct nsc_nstype *t);	/* user.max_*_namespaces 0 */
int nsc_nstypes_missing(void);	/* masks over NSC_NS_* */
int nsc_nstypes_limit0(void);
/* The link ("uts", "pid_for_children") exists on this kernel. */
bool nsc_nslink_present(const char *link);
/* Mask over nsc_nslinks of the links this kernel has (all ten on a kernel
 * with every type), and the CLONE_NEW* flags of the types it has. */
unsigned int nsc_nslinks_present_mask(void);
uint64_t nsc_ns_flags_present(void);
/* ... and of those, the ones whose user.max_*_namespaces is not 0. */
uint64_t nsc_ns_flags_usable(void);
/* Pid ns nesting level (0 = initial), or -1: ENODATA when /proc belongs to
 * a non-initial pid ns and hides the levels above it. */
int nsc_pidns_level(void);
/* User ns nesting level: 0 in the initial one, else -1 with ENODATA (a
 * user ns cannot ask for its own parent: NS_GET_PARENT gives EPERM). */
int nsc_userns_level(void);
/* 1 in the initial pid ns, 0 not, -1 when /proc/self/ns/pid is unreadable. */
int nsc_in_init_pidns(void);
/* The switch that keeps this (non-root) process from creating user
 * namespaces ("kernel.unprivileged_userns_clone = 0"), or NULL. */
const char *nsc_userns_restriction(void);
/*
 * Environment causes: a failed namespace creation that these facts explain
 * (EINVAL for a type the kernel lacks, ENOSPC for a type whose limit is 0,
 * EPERM for a user ns while unprivileged ones are restricted) is noted by
 * nsc_env_note(); unshare() itself, nsc_clone3, nsc_child_* and
 * nsc_drop_to() note theirs. The harness resets the note before each test
 * and turns a FAIL after a note into a SKIP with its reason.
 */
void nsc_env_note(uint64_t flags, int err, const char *call);
void nsc_env_cause_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
const char *nsc_env_cause(void);
void nsc_env_cause_reset(void);
/* The harness hands over the running test's exit code: a cause noted once
 * the test has already failed explains nothing before it
 * (nsc_env_cause_late), and that FAIL stands. */
void nsc_env_watch(const int *exit_code, int fail_value);
bool nsc_env_cause_late(void);
/*
 * Observation fails closed: a helper that could not read what it was asked
 * to observe (nsc_ns_ino, nsc_ns_snapshot) notes it here, and the harness
 * FAILs a test that would otherwise pass, with this message. Reset with
 * nsc_env_cause_reset().
 */
void nsc_obs_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *nsc_obs_failure(void);

#define NSC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Path of a helper program built next to this test binary: 0 when it is
 * executable, -1 with errno (lib/proc.c). */
int nsc_helper_path(const char *name, char *buf, size_t len);

#endif /* NSC_H */
