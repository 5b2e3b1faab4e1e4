// SPDX-License-Identifier: GPL-2.0
/* Namespace identity: (st_dev, st_ino) of ns links, NS_GET_ID. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsc.h"

static void ns_path(char *buf, size_t len, pid_t pid, const char *link)
{
	if (pid > 0)
		snprintf(buf, len, "/proc/%d/ns/%s", (int)pid, link);
	else
		snprintf(buf, len, "/proc/self/ns/%s", link);
}

int nsc_ns_stat(pid_t pid, const char *link, struct nsc_nsid *id)
{
	char path[64];
	struct stat st;

	ns_path(path, sizeof(path), pid, link);
	if (stat(path, &st))
		return -1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

int nsc_ns_fstat(int fd, struct nsc_nsid *id)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

bool nsc_nsid_eq(const struct nsc_nsid *a, const struct nsc_nsid *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

ino_t nsc_ns_ino(pid_t pid, const char *link)
{
	struct nsc_nsid id;

	if (nsc_ns_stat(pid, link, &id)) {
		nsc_obs_fail("cannot read /proc/%d/ns/%s: %s (pid %d is the "
			     "reader)", (int)pid, link, strerror(errno),
			     (int)getpid());
		return 0;
	}
	return id.ino;
}

int nsc_ns_open(pid_t pid, const char *link)
{
	char path[64];

	ns_path(path, sizeof(path), pid, link);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int nsc_ns_uid(int fd, uint64_t *id, bool *from_ioctl)
{
	struct stat st;
	__u64 v = 0;

	if (ioctl(fd, NS_GET_ID, &v) == 0) {
		*id = v;
		if (from_ioctl)
			*from_ioctl = true;
		return 0;
	}
	if (fstat(fd, &st))
		return -1;
	*id = st.st_ino;
	if (from_ioctl)
		*from_ioctl = false;
	return 0;
}

int nsc_ns_snapshot(pid_t pid, struct nsc_ns_snap *s)
{
	struct nsc_nsid id;
	int missing = 0;

	for (int i = 0; i < NSC_NSLINK_COUNT; i++) {
		s->ino[i] = 0;
		if (!nsc_ns_stat(pid, nsc_nslinks[i], &id)) {
			s->ino[i] = id.ino;
			continue;
		}
		/* absent by design: a type this kernel lacks, or
		 * pid_for_children until the first child exists */
		if (errno == ENOENT && (!nsc_nslink_present(nsc_nslinks[i]) ||
					!strcmp(nsc_nslinks[i], "pid_for_children")))
			continue;
		nsc_obs_fail("snapshot of /proc/%d/ns/%s: %s", (int)pid,
			     nsc_nslinks[i], strerror(errno));
		missing++;
	}
	if (missing)
		errno = EIO;
	return missing ? -1 : 0;
}

unsigned int nsc_ns_snap_diff(const struct nsc_ns_snap *a,
			      const struct nsc_ns_snap *b)
{
	unsigned int mask = 0;

	for (int i = 0; i < NSC_NSLINK_COUNT; i++)
		if (a->ino[i] != b->ino[i])
			mask |= 1u << i;
	return mask;
}

const char *nsc_ns_mask_str(unsigned int mask, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < NSC_NSLINK_COUNT && off < len; i++)
		if (mask & (1u << i))
			off += snprintf(buf + off, len - off, "%s%s",
					off ? "," : "", nsc_nslinks[i]);
	if (!mask)
		snprintf(buf, len, "(none)");
	return buf;
}

/* The link unshare() moves in the caller for type t. */
static const char *unshare_link(const struct nsc_nstype *t, char *buf,
				size_t len)
{
	snprintf(buf, len, "%s%s", t->name, t->for_children ? "_for_children" : "");
	return buf;
}

int nsc_unshare_checked(int flags)
{
	ino_t before[NSC_NS_COUNT] = { 0 };
	struct nsc_nsid id;
	char link[32];
	int i;

	for (i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		if (!(flags & t->flag))
			continue;
		if (!nsc_ns_stat(0, unshare_link(t, link, sizeof(link)), &id))
			before[i] = id.ino;
		/* pid_for_children reads ENOENT until the first child exists */
		else if (!(t->flag == CLONE_NEWPID && errno == ENOENT))
			return -1;
	}
	if (unshare(flags))
		return -1;
	for (i = 0; i < NSC_NS_COUNT; i++) {
		const struct nsc_nstype *t = &nsc_nstypes[i];

		if (!(flags & t->flag))
			continue;
		/* a new pid ns reads ENOENT until its init is forked */
		if (nsc_ns_stat(0, unshare_link(t, link, sizeof(link)), &id)) {
			if (t->flag == CLONE_NEWPID && errno == ENOENT)
				continue;
			return -1;
		}
		if (id.ino == before[i]) {
			errno = EEXIST;
			return -1;
		}
	}
	return 0;
}
