// SPDX-License-Identifier: GPL-2.0
/* The helpers nstree_util.h declares, compiled once for the suite's programs. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nstree_util.h"

long nstree_listns(const struct nstree_req *req, __u64 *ids,
		   size_t nr, unsigned int flags)
{
	return syscall(__NR_listns, req, ids, nr, flags);
}

const char *nstree_need_listns(void)
{
	struct nstree_req req = { .size = sizeof(req) };
	__u64 id;

	if (nstree_listns(&req, &id, 1, 0) < 0 && errno == ENOSYS)
		return "kernel lacks listns() and active namespace references (ENOSYS, before 6.19)";
	return NULL;
}

const char *nstree_need_see_all(void)
{
	struct nsc_nsid pid;

	if (nsc_in_init_userns() != 1 || !nsc_cap_effective(21 /* CAP_SYS_ADMIN */))
		return "not CAP_SYS_ADMIN in the initial user ns: listns() and handles show only our own namespaces";
	if (nsc_ns_stat(0, "pid", &pid) || pid.ino != 0xEFFFFFFCU)
		return "not in the initial pid ns: listns() and handles show only our own namespaces";
	return NULL;
}

uint64_t nstree_built_flags(void)
{
	uint64_t flags = 0;

	for (int i = 0; i < NSC_NS_COUNT; i++)
		if (!nsc_need_nstype(&nsc_nstypes[i]))
			flags |= nsc_nstypes[i].flag;
	return flags;
}

int nstree_id(int fd, __u64 *id)
{
	*id = 0;
	if (ioctl(fd, NS_GET_ID, id))
		return -1;
	return *id ? 0 : (errno = ERANGE, -1);
}

const char *nstree_need_ns_id(void)
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

int nstree_handle(int nsfd, struct nstree_fh *fh)
{
	int mnt_id;

	memset(fh, 0, sizeof(*fh));
	fh->h.handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle_at(nsfd, "", &fh->h, &mnt_id, AT_EMPTY_PATH);
}

const char *nstree_need_handles(void)
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

void nstree_id_handle(struct nstree_fh *fh, __u64 id)
{
	struct nstree_fid fid = { .ns_id = id };

	memset(fh, 0, sizeof(*fh));
	fh->h.handle_bytes = sizeof(fid);
	fh->h.handle_type = FILEID_NSFS;
	memcpy(fh->h.f_handle, &fid, sizeof(fid));
}

int nstree_open_handle(struct nstree_fh *fh)
{
	return open_by_handle_at(FD_NSFS_ROOT, &fh->h, O_RDONLY | O_CLOEXEC);
}

long nstree_list_all(__u32 type, __u64 owner, size_t nr,
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

int nstree_listed(__u32 type, __u64 owner, __u64 id)
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

int nstree_grab(pid_t pid, const char *link, __u64 *id,
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

int nstree_active(struct nstree_fh *fh, const struct nsc_nsid *want, int *err)
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
