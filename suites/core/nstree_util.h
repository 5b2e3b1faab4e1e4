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

static inline long nstree_listns(const struct nstree_req *req, __u64 *ids,
				 size_t nr, unsigned int flags)
{
	return syscall(__NR_listns, req, ids, nr, flags);
}

/* SKIP reason when listns() (and with it the active references) is
 * missing: NULL on 6.19+. */
static inline const char *nstree_need_listns(void)
{
	struct nstree_req req = { .size = sizeof(req) };
	__u64 id;

	if (nstree_listns(&req, &id, 1, 0) < 0 && errno == ENOSYS)
		return "kernel lacks listns() and active namespace references (ENOSYS, before 6.19)";
	return NULL;
}

/*
 * Whom listns() and the nsfs handle decode show namespaces other than
 * the caller's own: since commit 8d76afe84fa2 ("nstree: ... may_see_all_
 * namespaces", 7.0, also in 6.19.y stable) only a caller in the initial
 * pid ns with CAP_SYS_ADMIN in the initial user ns; 6.19.0 let the
 * owner's CAP_SYS_ADMIN do. SKIP reason when we are not such a caller.
 */
static inline const char *nstree_need_see_all(void)
{
	struct nsc_nsid pid;

	if (nsc_in_init_userns() != 1 || !nsc_cap_effective(21 /* CAP_SYS_ADMIN */))
		return "not CAP_SYS_ADMIN in the initial user ns: listns() and handles show only our own namespaces";
	if (nsc_ns_stat(0, "pid", &pid) || pid.ino != 0xEFFFFFFCU)
		return "not in the initial pid ns: listns() and handles show only our own namespaces";
	return NULL;
}

/* The CLONE_NEW* flags of every type this kernel has. */
static inline uint64_t nstree_built_flags(void)
{
	uint64_t flags = 0;

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (!nsc_need_nstype(&nsc_nstypes[i]))
			flags |= nsc_nstypes[i].flag;
	return flags;
}

/* NS_GET_ID, or -1 with errno. */
static inline int nstree_id(int fd, __u64 *id)
{
	*id = 0;
	if (ioctl(fd, NS_GET_ID, id))
		return -1;
	return *id ? 0 : (errno = ERANGE, -1);
}

/* SKIP reason when NS_GET_ID is missing (ENOTTY before 6.18). Probed on
 * the mount ns: every kernel has that type. */
static inline const char *nstree_need_ns_id(void)
{
	int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	__u64 id;
	int r;

	if (fd < 0)
		return NULL;	/* the test's own open reports it */
	r = ioctl(fd, NS_GET_ID, &id);
	close(fd);
	if (r && errno == ENOTTY)
		return "kernel lacks NS_GET_ID (ENOTTY, before 6.18)";
	return NULL;
}

/* name_to_handle_at() on an ns fd; -1 with errno. */
static inline int nstree_handle(int nsfd, struct nstree_fh *fh)
{
	int mnt_id;

	memset(fh, 0, sizeof(*fh));
	fh->h.handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle_at(nsfd, "", &fh->h, &mnt_id, AT_EMPTY_PATH);
}

/* SKIP reason when nsfs cannot encode handles (EOPNOTSUPP before 6.18). */
static inline const char *nstree_need_handles(void)
{
	struct nstree_fh fh;
	int fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return NULL;
	r = nstree_handle(fd, &fh);
	close(fd);
	if (r && errno == EOPNOTSUPP)
		return "kernel lacks nsfs file handles (EOPNOTSUPP, before 6.18)";
	return NULL;
}

/* A handle carrying only the id (type and inode 0), as user space may
 * build one since 6.19. */
static inline void nstree_id_handle(struct nstree_fh *fh, __u64 id)
{
	struct nstree_fid fid = { .ns_id = id };

	memset(fh, 0, sizeof(*fh));
	fh->h.handle_bytes = sizeof(fid);
	fh->h.handle_type = FILEID_NSFS;
	memcpy(fh->h.f_handle, &fid, sizeof(fid));
}

static inline int nstree_open_handle(struct nstree_fh *fh)
{
	return open_by_handle_at(FD_NSFS_ROOT, &fh->h, O_RDONLY | O_CLOEXEC);
}

/*
 * Every id listns() gives for (type mask, owner), all pages of nr ids
 * each: how many were stored in ids (at most max), or -1 with errno.
 * Fails (EPROTO) when a page is not strictly ascending after the cursor.
 * A cursor with no id after it gives ENOENT (7.2, 7.3): the end after a
 * full page.
 */
static inline long nstree_list_all(__u32 type, __u64 owner, size_t nr,
				   __u64 *ids, size_t max)
{
	struct nstree_req req = {
		.size = sizeof(req), .ns_type = type, .user_ns_id = owner,
	};
	size_t n = 0;

	for (;;) {
		__u64 page[64];
		long got;

		if (nr > NSC_ARRAY_SIZE(page))
			nr = NSC_ARRAY_SIZE(page);
		got = nstree_listns(&req, page, nr, 0);
		if (got < 0 && errno == ENOENT && req.ns_id)
			break;
		if (got < 0)
			return -1;
		for (long i = 0; i < got; i++) {
			if (page[i] <= req.ns_id)
				return errno = EPROTO, -1;
			req.ns_id = page[i];
			if (n < max)
				ids[n] = page[i];
			n++;
		}
		if ((size_t)got < nr)
			break;
	}
	return n > max ? (errno = E2BIG, -1) : (long)n;
}

/* 1 when listns(type, owner) lists id, 0 when not, -1 on error. */
static inline int nstree_listed(__u32 type, __u64 owner, __u64 id)
{
	static __u64 ids[8192];
	long n = nstree_list_all(type, owner, 64, ids, NSC_ARRAY_SIZE(ids));

	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* The id and a handle of /proc/PID/ns/LINK (pid 0 = self). */
static inline int nstree_grab(pid_t pid, const char *link, __u64 *id,
			      struct nstree_fh *fh, struct nsc_nsid *nsid)
{
	int fd = nsc_ns_open(pid, link), r = -1;

	if (fd < 0)
		return -1;
	if (!nstree_id(fd, id) && !(fh && nstree_handle(fd, fh)) &&
	    !(nsid && nsc_ns_fstat(fd, nsid)))
		r = 0;
	close(fd);
	return r;
}

/*
 * Is the namespace of this handle active, as open_by_handle_at() sees
 * it? 1 yes (it opened, and is the namespace want names), 0 no (the
 * decode failed ENOENT or ESTALE: *err holds which), -1 any other answer.
 */
static inline int nstree_active(struct nstree_fh *fh,
				const struct nsc_nsid *want, int *err)
{
	struct nsc_nsid got;
	int fd = nstree_open_handle(fh);

	*err = 0;
	if (fd < 0) {
		*err = errno;
		return (errno == ENOENT || errno == ESTALE) ? 0 : -1;
	}
	if (nsc_ns_fstat(fd, &got)) {
		close(fd);
		return -1;
	}
	close(fd);
	if (want && !nsc_nsid_eq(&got, want))
		return errno = EXDEV, -1;
	return 1;
}

#endif /* NSTREE_UTIL_H */
