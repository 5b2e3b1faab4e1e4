/* SPDX-License-Identifier: GPL-2.0 */
/* Tools, fd passing, mounts and network (part of nsc.h, which includes it). */
#ifndef NSC_IO_H
#define NSC_IO_H

#include "nsc.h"

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

#endif /* NSC_IO_H */
