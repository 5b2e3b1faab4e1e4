/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace tree of 6.18+ kernels, as user space sees it: namespace
 * ids (NS_GET_ID), nsfs file handles, listns() and active references.
 * Constants the 6.1 headers lack are defined here (guarded), so that
 * lib/nsc_sys.h stays the envs engineer's; candidates for it.
 *
 * Versions (from the kernel's history):
 *  - 6.18: NS_GET_ID, nsfs file handles (FILEID_NSFS, struct
 *    nsfs_file_handle {ns_id, ns_type, ns_inum}), FD_NSFS_ROOT.
 *  - 6.19: listns() (syscall 470), "active" reference counts: only a
 *    namespace something still uses (a task, an open fd, a socket's
 *    SIOCGSKNS, an owned active namespace) can be listed or reopened by
 *    handle; handles may carry the id alone; the initial namespaces get
 *    fixed ids 1..8.
 */
#ifndef NSTREE_UTIL_H
#define NSTREE_UTIL_H

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "core_util.h"

#ifndef FD_NSFS_ROOT
#define FD_NSFS_ROOT -10003	/* mount_fd meaning "the nsfs root" */
#endif
#ifndef FILEID_NSFS
#define FILEID_NSFS 0xf1	/* handle_type of an nsfs handle */
#endif
#ifndef LISTNS_CURRENT_USER
#define LISTNS_CURRENT_USER 0xffffffffffffffffULL
#endif
#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif
#define NSTREE_REQ_SIZE_VER0 32

/* struct ns_id_req of <linux/nsfs.h> (6.19) */
struct nstree_req {
	__u32 size;
	__u32 spare;
	__u64 ns_id;		/* cursor: list ids greater than this */
	__u32 ns_type;		/* CLONE_NEW* mask, 0 = every type */
	__u32 spare2;
	__u64 user_ns_id;	/* owner filter, 0 = any */
};

/* struct nsfs_file_handle of <linux/nsfs.h> (6.18) */
struct nstree_fid {
	__u64 ns_id;
	__u32 ns_type;
	__u32 ns_inum;
};

struct nstree_fh {
	struct file_handle h;
	unsigned char buf[MAX_HANDLE_SZ];
};

long nstree_listns(const struct nstree_req *req, __u64 *ids,
		   size_t nr, unsigned int flags);

/* SKIP reason when listns() (and with it the active references) is
 * missing: NULL on 6.19+. */
const char *nstree_need_listns(void);

/*
 * Whom listns() and the nsfs handle decode show namespaces other than
 * the caller's own: since commit 8d76afe84fa2 ("nstree: ... may_see_all_
 * namespaces", 7.0, also in 6.19.y stable) only a caller in the initial
 * pid ns with CAP_SYS_ADMIN in the initial user ns; 6.19.0 let the
 * owner's CAP_SYS_ADMIN do. SKIP reason when we are not such a caller.
 */
const char *nstree_need_see_all(void);

/* The CLONE_NEW* flags of every type this kernel has. */
uint64_t nstree_built_flags(void);

/* NS_GET_ID, or -1 with errno. */
int nstree_id(int fd, __u64 *id);

/* SKIP reason when NS_GET_ID is missing (ENOTTY before 6.18). Probed on
 * the mount ns: every kernel has that type. */
const char *nstree_need_ns_id(void);

/* name_to_handle_at() on an ns fd; -1 with errno. */
int nstree_handle(int nsfd, struct nstree_fh *fh);

/* SKIP reason when nsfs cannot encode handles (EOPNOTSUPP before 6.18). */
const char *nstree_need_handles(void);

/* A handle carrying only the id (type and inode 0), as user space may
 * build one since 6.19. */
void nstree_id_handle(struct nstree_fh *fh, __u64 id);

/* open_by_handle_at(FD_NSFS_ROOT, ...), read-only. */
int nstree_open_handle(struct nstree_fh *fh);

/*
 * Every id listns() gives for (type mask, owner), all pages of nr ids
 * each: how many were stored in ids (at most max), or -1 with errno.
 * Fails (EPROTO) when a page is not strictly ascending after the cursor.
 * A cursor with no id after it gives ENOENT (7.2, 7.3): the end after a
 * full page.
 */
long nstree_list_all(__u32 type, __u64 owner, size_t nr,
		     __u64 *ids, size_t max);

/* 1 when listns(type, owner) lists id, 0 when not, -1 on error. */
int nstree_listed(__u32 type, __u64 owner, __u64 id);

/* The id and a handle of /proc/PID/ns/LINK (pid 0 = self). */
int nstree_grab(pid_t pid, const char *link, __u64 *id,
		struct nstree_fh *fh, struct nsc_nsid *nsid);

/*
 * Is the namespace of this handle active, as open_by_handle_at() sees
 * it? 1 yes (it opened, and is the namespace want names), 0 no (the
 * decode failed ENOENT or ESTALE: *err holds which), -1 any other answer.
 */
int nstree_active(struct nstree_fh *fh, const struct nsc_nsid *want, int *err);

#endif /* NSTREE_UTIL_H */
