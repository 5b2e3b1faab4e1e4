// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench: what namespace operations cost on the running kernel.
 *
 * Everything runs inside a throwaway set of namespaces (the "bench root"):
 * mount (with / made private and a fresh /proc), net, ipc, uts, cgroup,
 * pid, time, plus a user namespace when we are not root (or --userns).
 * Every namespace the benchmark creates is owned by the bench root, so
 * after a timed unshare()/setns() it can setns() back to its own
 * namespace of that type and drop the new one.
 *
 * Times are wall-clock CLOCK_MONOTONIC microseconds per operation. Each
 * operation runs `warm-up` untimed rounds, then `samples` timed ones;
 * the table shows min, median and p95 (nearest rank).
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/net_namespace.h>
#include <linux/veth.h>

#include "nsc_child.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define PROC_PID_INIT_INO 0xEFFFFFFCUL
#define PROC_USER_INIT_INO 0xEFFFFFFDUL
#define MAX_NEST 32		/* MAX_PID_NS_LEVEL; user ns allow 32 too */
#define NOUT_MAX 8
#define EVENT_TIMEOUT_MS 10000	/* bound on waiting for a netlink event */

/* ------------------------------------------------------------------ */
/* options                                                              */
/* ------------------------------------------------------------------ */
static struct {
	int samples, warmup, loop, nest_samples, cpu;
	bool quick, userns, list;
	const char *filter, *json, *compare, *input;
	double threshold, floor_us;
	long delay_us;
} opt = {
	.samples = 30, .warmup = 2, .loop = 32, .nest_samples = 8,
	.cpu = -1, .threshold = 25.0, .floor_us = 5.0,
};

static FILE *json_out;
static bool init_pidns, init_userns;	/* where main() started */

/* ------------------------------------------------------------------ */
/* timing                                                               */
/* ------------------------------------------------------------------ */
static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline double us_since(uint64_t t0, uint64_t t1)
{
	return (double)(t1 - t0) / 1000.0;
}

/*
 * --inject-delay-us: a planted slowdown inside the timed region of every
 * operation, so the self-test can prove --compare catches a regression.
 * A busy wait, not a sleep: it must cost exactly its time.
 */
static void inject(void)
{
	uint64_t end;

	if (opt.delay_us <= 0)
		return;
	end = now_ns() + (uint64_t)opt.delay_us * 1000ULL;
	while (now_ns() < end)
		;
}

/* ------------------------------------------------------------------ */
/* failure reasons                                                      */
/* ------------------------------------------------------------------ */
struct shm {
	double out[NOUT_MAX + MAX_NEST + 2];
	int err;
	int deepest;
	char why[200];
};
static struct shm *shm;		/* shared with per-sample children */
static char why[200];

__attribute__((format(printf, 1, 2)))
static int fail(const char *fmt, ...)
{
	int saved = errno;
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(why, sizeof(why), "%s: %s", msg, strerror(saved));
	errno = saved;
	return -1;
}

/* ------------------------------------------------------------------ */
/* the bench root's context                                             */
/* ------------------------------------------------------------------ */
static struct {
	int base[NSC_NS_COUNT];		/* the bench root's own namespaces */
	int tfd[NSC_NS_COUNT];		/* the parked target's namespaces */
	struct nsc_child target;	/* parked in eight new namespaces */
	int nl_ev;			/* rtnetlink: RTNLGRP_LINK + NSID */
	int nl_req;
	unsigned int seq;
	int nsid_next;
	unsigned int ifseq;
	int pid_level, user_level;	/* absolute levels of the bench root */
} C;

static const char *const base_link[NSC_NS_COUNT] = {
	[NSC_NS_CGROUP] = "cgroup", [NSC_NS_IPC] = "ipc",
	[NSC_NS_MNT] = "mnt", [NSC_NS_NET] = "net",
	[NSC_NS_PID] = "pid_for_children", [NSC_NS_TIME] = "time_for_children",
	[NSC_NS_USER] = "user", [NSC_NS_UTS] = "uts",
};

static int tflag(int t)
{
	return nsc_nstypes[t].flag;
}

/* setns() back to the bench root's namespace of type t. */
static int back(int t)
{
	if (setns(C.base[t], tflag(t)))
		return fail("setns back to base %s ns", nsc_nstypes[t].name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* rtnetlink: veth pairs, nsids, and waiting for the teardown events   */
/* ------------------------------------------------------------------ */
struct nlreq {
	struct nlmsghdr n;
	char buf[1024];
};

static struct rtattr *nla_put(struct nlmsghdr *n, int type, const void *data,
			      size_t len)
{
	struct rtattr *rta = (void *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void nla_end(struct nlmsghdr *n, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)n + n->nlmsg_len -
					 (char *)nest);
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int grp = RTNLGRP_NSID, rcv = 1 << 20;

	C.nl_req = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (C.nl_req < 0)
		return fail("socket(NETLINK_ROUTE)");
	C.nl_ev = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (C.nl_ev < 0)
		return fail("socket(NETLINK_ROUTE)");
	sa.nl_groups = RTMGRP_LINK;
	if (bind(C.nl_ev, (struct sockaddr *)&sa, sizeof(sa)))
		return fail("bind(RTMGRP_LINK)");
	if (setsockopt(C.nl_ev, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp)))
		return fail("NETLINK_ADD_MEMBERSHIP(RTNLGRP_NSID)");
	setsockopt(C.nl_ev, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	return 0;
}

/* Sends a request and waits for its ACK; -1 with errno from the kernel. */
static int nl_talk(struct nlmsghdr *n)
{
	char buf[4096];

	n->nlmsg_seq = ++C.seq;
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(C.nl_req, n, n->nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		ssize_t len = recv(C.nl_req, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (len < 0)
			return -1;
		for (h = (void *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != C.seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			errno = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
			return errno ? -1 : 0;
		}
	}
}

/* Gives the netns behind nsfd the id `id` in our netns (RTM_NEWNSID). */
static int nsid_set(int nsfd, int id)
{
	struct nlreq r = { 0 };
	struct rtgenmsg *g = NLMSG_DATA(&r.n);
	__u32 fd = (__u32)nsfd;
	__s32 nsid = id;

	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	r.n.nlmsg_type = RTM_NEWNSID;
	g->rtgen_family = AF_UNSPEC;
	nla_put(&r.n, NETNSA_FD, &fd, sizeof(fd));
	nla_put(&r.n, NETNSA_NSID, &nsid, sizeof(nsid));
	return nl_talk(&r.n);
}

/* A veth pair: `name` here, its peer in the netns behind nsfd. */
static int veth_into(int nsfd, const char *name)
{
	struct nlreq r = { 0 };
	struct ifinfomsg *ifi = NLMSG_DATA(&r.n), *pifi;
	struct rtattr *li, *data, *peer;
	__u32 fd = (__u32)nsfd;

	r.n.nlmsg_len = NLMSG_LENGTH(sizeof(*ifi));
	r.n.nlmsg_type = RTM_NEWLINK;
	r.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifi->ifi_family = AF_UNSPEC;
	nla_put(&r.n, IFLA_IFNAME, name, strlen(name) + 1);
	li = nla_put(&r.n, IFLA_LINKINFO, NULL, 0);
	nla_put(&r.n, IFLA_INFO_KIND, "veth", 4);
	data = nla_put(&r.n, IFLA_INFO_DATA, NULL, 0);
	peer = nla_put(&r.n, VETH_INFO_PEER, NULL, 0);
	pifi = (void *)((char *)&r.n + r.n.nlmsg_len);
	memset(pifi, 0, sizeof(*pifi));
	pifi->ifi_family = AF_UNSPEC;
	r.n.nlmsg_len += NLMSG_ALIGN(sizeof(*pifi));
	nla_put(&r.n, IFLA_IFNAME, "nsbpeer", 8);
	nla_put(&r.n, IFLA_NET_NS_FD, &fd, sizeof(fd));
	nla_end(&r.n, peer);
	nla_end(&r.n, data);
	nla_end(&r.n, li);
	return nl_talk(&r.n);
}

static void nl_drain(void)
{
	char buf[8192];

	while (recv(C.nl_ev, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static int attr_s32(struct rtattr *rta, int len, int type, int *val)
{
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type == type) {
			memcpy(val, RTA_DATA(rta), sizeof(*val));
			return 0;
		}
	return -1;
}

/*
 * Waits (bounded) for RTM_DELNSID of `nsid` (cleanup_net() has started on
 * that netns) and RTM_DELLINK of `ifindex` (its devices were unregistered,
 * taking our veth end with them); stamps the arrival of each.
 */
static int nl_wait(int nsid, uint64_t *t_nsid, int ifindex, uint64_t *t_link)
{
	uint64_t deadline = now_ns() + EVENT_TIMEOUT_MS * 1000000ULL;
	bool need_nsid = nsid >= 0, need_link = ifindex > 0;
	char buf[16384];

	while (need_nsid || need_link) {
		struct pollfd p = { .fd = C.nl_ev, .events = POLLIN };
		uint64_t t = now_ns();
		struct nlmsghdr *h;
		ssize_t len;

		if (t >= deadline) {
			errno = ETIMEDOUT;
			return fail("no RTM_DEL%s within %d ms",
				    need_nsid ? "NSID" : "LINK",
				    EVENT_TIMEOUT_MS);
		}
		if (poll(&p, 1, (int)((deadline - t) / 1000000ULL) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return fail("poll(netlink)");
		}
		len = recv(C.nl_ev, buf, sizeof(buf), MSG_DONTWAIT);
		t = now_ns();
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return fail("recv(netlink events)");
		}
		for (h = (void *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			int id;

			if (h->nlmsg_type == RTM_DELNSID && need_nsid) {
				struct rtgenmsg *g = NLMSG_DATA(h);
				struct rtattr *a = (void *)((char *)g +
					NLMSG_ALIGN(sizeof(*g)));

				if (!attr_s32(a, (int)NLMSG_PAYLOAD(h, sizeof(*g)),
					      NETNSA_NSID, &id) && id == nsid) {
					*t_nsid = t;
					need_nsid = false;
				}
			} else if (h->nlmsg_type == RTM_DELLINK && need_link) {
				struct ifinfomsg *ifi = NLMSG_DATA(h);

				if (ifi->ifi_index == ifindex) {
					*t_link = t;
					need_link = false;
				}
			}
		}
	}
	return 0;
}

/*
 * A netns with a veth pair to us and an nsid in our netns, held only by
 * the returned fd: closing it starts the teardown that nl_wait() sees.
 */
static int net_doomed(int *nsid, int *ifindex)
{
	char name[IFNAMSIZ];
	int fd;

	if (unshare(CLONE_NEWNET))
		return fail("unshare(CLONE_NEWNET)");
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("open /proc/self/ns/net");
	if (back(NSC_NS_NET))
		goto err;
	*nsid = C.nsid_next++;
	if (nsid_set(fd, *nsid)) {
		fail("RTM_NEWNSID %d", *nsid);
		goto err;
	}
	snprintf(name, sizeof(name), "nsb%u", C.ifseq++);
	if (veth_into(fd, name)) {
		fail("RTM_NEWLINK veth %s", name);
		goto err;
	}
	*ifindex = (int)if_nametoindex(name);
	if (!*ifindex) {
		fail("if_nametoindex %s", name);
		goto err;
	}
	nl_drain();
	return fd;
err:
	close(fd);
	return -1;
}

/*
 * Waits until every netns dropped so far went through device teardown:
 * cleanup_net() handles dying namespaces in order, batch by batch, so once
 * a netns dropped after them has lost its devices, they have too.
 */
static int net_settle(void)
{
	uint64_t t1, t2;
	int nsid, ifindex, fd = net_doomed(&nsid, &ifindex);

	if (fd < 0)
		return -1;
	close(fd);
	return nl_wait(nsid, &t1, ifindex, &t2);
}

/* ------------------------------------------------------------------ */
/* per-sample children                                                  */
/* ------------------------------------------------------------------ */
/*
 * Runs fn in a fresh fork (for what cannot be undone in the bench root,
 * e.g. entering a user namespace); fn times itself into shm->out.
 */
static int in_child(int (*fn)(int t, double *out), int t, double *out, int n)
{
	int status;
	pid_t pid;

	shm->err = 0;
	shm->why[0] = 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		int r = fn(t, shm->out);

		if (r) {
			shm->err = errno ? errno : EIO;
			snprintf(shm->why, sizeof(shm->why), "%s", why);
		}
		_exit(r ? 1 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return fail("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = shm->err ? shm->err : EIO;
		snprintf(why, sizeof(why), "%s", shm->why[0] ? shm->why :
			 "per-sample child died");
		return -1;
	}
	memcpy(out, shm->out, (size_t)n * sizeof(double));
	return 0;
}

static pid_t raw_clone(uint64_t flags)
{
	struct nsc_clone_args args = { .flags = flags, .exit_signal = SIGCHLD };

	return nsc_clone3(&args, NSC_CLONE_ARGS_SIZE_VER0);
}

static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return fail("waitpid %d", (int)pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = ECHILD;
		return fail("child %d status 0x%x", (int)pid, status);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* operations                                                           */
/* ------------------------------------------------------------------ */
enum kind {
	K_UNSHARE, K_CLONE3, K_SETNS_FD, K_SETNS_PIDFD, K_DESTROY, K_LOOP,
	K_CONTAINER, K_NEST, K_H_FORK, K_H_DFORK, K_H_SOCK, K_H_PIDFD,
	K_H_CHILD, K_H_RUN, K_H_FORK_BUSY,
};

struct op {
	enum kind kind;
	int t;			/* namespace type, -1 for none */
	int nout;
	bool settle;		/* net teardown to drain after each sample */
	int levels[NOUT_MAX];	/* K_NEST: the levels reported */
	char name[NOUT_MAX][80];
	const char *unit;
};

static int child_unshare(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (unshare(tflag(t)))
		return fail("unshare(CLONE_NEW%s)", nsc_nstypes[t].name);
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int child_setns_fd(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (setns(C.tfd[t], tflag(t)))
		return fail("setns(%s fd)", nsc_nstypes[t].name);
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int child_setns_pidfd(int t, double *out)
{
	uint64_t t0 = now_ns();

	if (setns(C.target.pidfd, tflag(t)))
		return fail("setns(pidfd, CLONE_NEW%s)", nsc_nstypes[t].name);
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int op_unshare(const struct op *o, double *out)
{
	if (o->t == NSC_NS_USER)	/* there is no way back: a fresh fork */
		return in_child(child_unshare, o->t, out, 1);
	if (child_unshare(o->t, out))
		return -1;
	return back(o->t);
}

static int op_setns(const struct op *o, double *out)
{
	int (*fn)(int, double *) = o->kind == K_SETNS_FD ? child_setns_fd :
						    child_setns_pidfd;

	if (o->t == NSC_NS_USER)
		return in_child(fn, o->t, out, 1);
	if (fn(o->t, out))
		return -1;
	return back(o->t);
}

static int op_clone3(const struct op *o, double *out)
{
	uint64_t t0 = now_ns(), t1;
	pid_t pid = raw_clone(o->t < 0 ? 0 : (uint64_t)tflag(o->t));

	if (pid < 0)
		return fail("clone3(%s)", o->t < 0 ? "0" : nsc_nstypes[o->t].name);
	if (pid == 0)
		_exit(0);
	inject();
	t1 = now_ns();
	out[0] = us_since(t0, t1);
	return reap(pid);
}

/* The last reference to a namespace of type t, as an fd. */
static int hold_only_fd(int t)
{
	const struct nsc_nstype *nt = &nsc_nstypes[t];
	char path[64];
	int fd;

	if (t == NSC_NS_USER) {
		struct nsc_child c = NSC_CHILD_INIT;

		if (nsc_child_start(&c, CLONE_NEWUSER, nsc_child_park, NULL))
			return fail("clone3(CLONE_NEWUSER)");
		fd = nsc_recv_byte(c.sock) == 'r' ? nsc_ns_open(c.pid, "user") : -1;
		if (fd < 0)
			fail("open user ns of %d", (int)c.pid);
		nsc_child_kill(&c);
		return fd;
	}
	if (unshare(nt->flag))
		return fail("unshare(CLONE_NEW%s)", nt->name);
	snprintf(path, sizeof(path), "/proc/self/ns/%s", base_link[t]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail("open %s", path);
	if (back(t)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int op_destroy(const struct op *o, double *out)
{
	uint64_t t0, t1, t2;
	int fd, nsid, ifindex;

	if (o->t == NSC_NS_NET) {
		fd = net_doomed(&nsid, &ifindex);
		if (fd < 0)
			return -1;
		t0 = now_ns();
		close(fd);
		inject();
		if (nl_wait(nsid, &t1, ifindex, &t2))
			return -1;
		out[0] = us_since(t0, t1);
		out[1] = us_since(t0, t2);
		return 0;
	}
	if (o->t == NSC_NS_PID) {
		/* a pid ns dies with its init: kill it and reap it */
		struct nsc_child c = NSC_CHILD_INIT;
		siginfo_t si;

		if (nsc_child_start(&c, CLONE_NEWPID, nsc_child_park, NULL))
			return fail("clone3(CLONE_NEWPID)");
		if (nsc_recv_byte(c.sock) != 'r') {
			nsc_child_kill(&c);
			errno = EPIPE;
			return fail("pid ns init did not start");
		}
		t0 = now_ns();
		if (nsc_pidfd_send_signal(c.pidfd, SIGKILL, NULL, 0) ||
		    waitid((idtype_t)P_PIDFD, (id_t)c.pidfd, &si, WEXITED)) {
			fail("kill+reap pid ns init");
			nsc_child_kill(&c);
			return -1;
		}
		inject();
		out[0] = us_since(t0, now_ns());
		close(c.pidfd);
		close(c.sock);
		return 0;
	}
	fd = hold_only_fd(o->t);
	if (fd < 0)
		return -1;
	t0 = now_ns();
	close(fd);	/* the nsfs inode's final put runs before close() returns */
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int op_loop(const struct op *o, double *out)
{
	int t = o->t, i;
	uint64_t t0 = now_ns();

	for (i = 0; i < opt.loop; i++) {
		if (t == NSC_NS_USER) {
			pid_t pid = raw_clone(CLONE_NEWUSER);

			if (pid < 0)
				return fail("clone3(CLONE_NEWUSER)");
			if (pid == 0)
				_exit(0);
			if (reap(pid))
				return -1;
		} else {
			if (unshare(tflag(t)))
				return fail("unshare(CLONE_NEW%s)", nsc_nstypes[t].name);
			if (back(t))
				return -1;
		}
		inject();
	}
	/* a netns is only gone when its teardown ran: wait for it */
	if (t == NSC_NS_NET && net_settle())
		return -1;
	out[0] = us_since(t0, now_ns()) / opt.loop;
	return 0;
}

static int op_container(const struct op *o, double *out)
{
	uint64_t t0, t1;
	int p[2];
	pid_t pid;
	char b;

	if (pipe2(p, O_CLOEXEC))
		return fail("pipe2");
	t0 = now_ns();
	pid = raw_clone(NSC_ALL_NS_FLAGS);
	if (pid < 0) {
		fail("clone3(all eight CLONE_NEW* flags)");
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		_exit(0);
	}
	t1 = now_ns();
	close(p[1]);
	if (read(p[0], &b, 1) != 1) {
		close(p[0]);
		reap(pid);
		errno = EPIPE;
		return fail("container child did not report");
	}
	inject();
	out[0] = us_since(t0, t1);
	out[1] = us_since(t0, now_ns());
	close(p[0]);
	return reap(pid);
}

/*
 * One link of a pid nesting chain (a pid ns only takes effect for a child,
 * so every level is a process): at `level`, time the clone3() that makes
 * level+1, then let the child carry on. Each level's time lands in
 * shm->out[level].
 */
static int nest_step(int flag, int level)
{
	uint64_t t0;
	int status;
	pid_t pid;

	shm->deepest = level;
	if (level >= MAX_NEST)
		return 0;
	t0 = now_ns();
	pid = raw_clone((uint64_t)flag);
	if (pid < 0)
		return (errno == EUSERS || errno == ENOSPC) ? 0 : 3;
	if (pid == 0)
		_exit(nest_step(flag, level + 1));
	inject();
	shm->out[level + 1] = us_since(t0, now_ns());
	if (waitpid(pid, &status, 0) != pid)
		return 4;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 5;
}

/*
 * User namespaces nest without a fork: each unshare(CLONE_NEWUSER) makes a
 * child of the current one. One process walks down to the limit; only the
 * unshare() is timed, not the uid/gid map each level needs before the next.
 */
static int user_chain(int t, double *out)
{
	int level;

	for (level = C.user_level; level < MAX_NEST; level++) {
		uint64_t t0 = now_ns();

		if (unshare(CLONE_NEWUSER)) {
			if (errno == EUSERS || errno == ENOSPC)
				break;
			return fail("unshare(CLONE_NEWUSER) at level %d",
				    level + 1);
		}
		inject();
		out[level + 1] = us_since(t0, now_ns());
		shm->deepest = level + 1;
		if (nsc_map_root_to(0, 0, 0))
			return fail("map root at level %d", level + 1);
	}
	return 0;
}

static int op_nest(const struct op *o, double *out)
{
	int flag = tflag(o->t);
	int base = o->t == NSC_NS_PID ? C.pid_level : C.user_level;
	uint64_t t0 = now_ns();
	double sum = 0;
	int rc, i;

	memset(shm->out, 0, sizeof(shm->out));
	shm->deepest = base;
	if (o->t == NSC_NS_USER) {
		if (in_child(user_chain, o->t, out, 0))
			return -1;
		for (i = base + 1; i <= shm->deepest; i++)
			sum += shm->out[i];
		out[o->nout - 1] = sum;
	} else {
		rc = nest_step(flag, base);
		out[o->nout - 1] = us_since(t0, now_ns());
		if (rc) {
			errno = ECHILD;
			return fail("nesting chain broke at level %d (step %d)",
				    shm->deepest, rc);
		}
	}
	for (i = 0; i < o->nout - 1; i++) {
		if (shm->deepest < o->levels[i]) {
			errno = EUSERS;
			return fail("%s nesting stops at level %d",
				    nsc_nstypes[o->t].name, shm->deepest);
		}
		out[i] = shm->out[o->levels[i]];
	}
	return 0;
}

/* ---- the harness's own costs ---- */
static int op_h_fork(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		_exit(0);
	if (reap(pid))
		return -1;
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int op_h_dfork(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		pid_t gc = fork();

		if (gc < 0)
			_exit(1);
		if (gc == 0)
			_exit(0);
		_exit(waitpid(gc, NULL, 0) == gc ? 0 : 1);
	}
	if (reap(pid))
		return -1;
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int op_h_sock(const struct op *o, double *out)
{
	uint64_t t0;
	int sv[2], c = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return fail("socketpair");
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return fail("fork");
	}
	if (pid == 0) {
		close(sv[0]);
		c = nsc_recv_byte(sv[1]);
		_exit(c < 0 || nsc_send_byte(sv[1], (char)c) ? 1 : 0);
	}
	close(sv[1]);
	t0 = now_ns();
	if (!nsc_send_byte(sv[0], 'x'))
		c = nsc_recv_byte(sv[0]);
	inject();
	out[0] = us_since(t0, now_ns());
	close(sv[0]);
	if (c != 'x') {
		reap(pid);
		errno = EPIPE;
		return fail("handshake");
	}
	return reap(pid);
}

static int op_h_pidfd(const struct op *o, double *out)
{
	siginfo_t si;
	uint64_t t0;
	int pfd;
	pid_t pid = fork();

	if (pid < 0)
		return fail("fork");
	if (pid == 0)
		_exit(0);
	/* untimed: until the child is a zombie */
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT))
		return fail("waitid WNOWAIT");
	t0 = now_ns();
	pfd = nsc_pidfd_open(pid, 0);
	if (pfd < 0) {
		fail("pidfd_open");
		reap(pid);
		return -1;
	}
	if (waitid((idtype_t)P_PIDFD, (id_t)pfd, &si, WEXITED)) {
		fail("waitid(P_PIDFD)");
		close(pfd);
		return -1;
	}
	close(pfd);
	inject();
	out[0] = us_since(t0, now_ns());
	return 0;
}

static int ret0(int sock, void *arg)
{
	return 0;
}

static int op_h_child(const struct op *o, double *out)
{
	struct nsc_child c = NSC_CHILD_INIT;
	uint64_t t0 = now_ns();
	int rc;

	if (nsc_child_start(&c, 0, ret0, NULL))
		return fail("nsc_child_start");
	rc = nsc_child_wait(&c);
	inject();
	out[0] = us_since(t0, now_ns());
	if (rc) {
		errno = ECHILD;
		return fail("nsc_child_wait = %d", rc);
	}
	return 0;
}

static int op_h_run(const struct op *o, double *out)
{
	uint64_t t0 = now_ns();
	int rc = nsc_child_run(0, ret0, NULL);

	inject();
	out[0] = us_since(t0, now_ns());
	if (rc) {
		errno = rc < 0 ? errno : ECHILD;
		return fail("nsc_child_run = %d", rc);
	}
	return 0;
}

/*
 * fork+exit+wait while another CPU runs a busy loop. On bare metal this is
 * the plain fork figure; on a shadow-paging VM every fork also stalls the
 * other vCPUs, and it shows here (why -j2 gains little on such a VM).
 */
static int op_h_fork_busy(const struct op *o, double *out)
{
	int me = sched_getcpu(), ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);
	int p[2], rc;
	char ok = 0;
	pid_t spin;

	if (pipe2(p, O_CLOEXEC))
		return fail("pipe");
	spin = fork();
	if (spin < 0)
		return fail("fork");
	if (spin == 0) {
		for (int c = 0; c < ncpu && !ok; c++) {
			cpu_set_t one;

			CPU_ZERO(&one);
			CPU_SET(c, &one);
			if (c != me && !sched_setaffinity(0, sizeof(one), &one))
				ok = 1;
		}
		if (write(p[1], &ok, 1) != 1 || !ok)
			_exit(1);
		for (volatile unsigned long n = 0;; n++)
			;
	}
	close(p[1]);
	if (read(p[0], &ok, 1) != 1)
		ok = 0;
	close(p[0]);
	rc = ok ? op_h_fork(o, out) : -1;
	kill(spin, SIGKILL);
	reap(spin);
	if (!ok) {
		snprintf(why, sizeof(why), "no second CPU to keep busy");
		return -1;
	}
	return rc;
}

static int run_op(const struct op *o, double *out)
{
	switch (o->kind) {
	case K_UNSHARE: return op_unshare(o, out);
	case K_CLONE3: return op_clone3(o, out);
	case K_SETNS_FD:
	case K_SETNS_PIDFD: return op_setns(o, out);
	case K_DESTROY: return op_destroy(o, out);
	case K_LOOP: return op_loop(o, out);
	case K_CONTAINER: return op_container(o, out);
	case K_NEST: return op_nest(o, out);
	case K_H_FORK: return op_h_fork(o, out);
	case K_H_DFORK: return op_h_dfork(o, out);
	case K_H_SOCK: return op_h_sock(o, out);
	case K_H_PIDFD: return op_h_pidfd(o, out);
	case K_H_CHILD: return op_h_child(o, out);
	case K_H_RUN: return op_h_run(o, out);
	case K_H_FORK_BUSY: return op_h_fork_busy(o, out);
	}
	errno = EINVAL;
	return -1;
}

/* ------------------------------------------------------------------ */
/* the operation table                                                  */
/* ------------------------------------------------------------------ */
#define MAX_OPS 96
static struct op ops[MAX_OPS];
static int nops;

__attribute__((format(printf, 3, 4)))
static struct op *add_op(enum kind k, int t, const char *fmt, ...)
{
	struct op *o = &ops[nops++];
	va_list ap;

	memset(o, 0, sizeof(*o));
	o->kind = k;
	o->t = t;
	o->nout = 1;
	o->unit = "us";
	va_start(ap, fmt);
	vsnprintf(o->name[0], sizeof(o->name[0]), fmt, ap);
	va_end(ap);
	return o;
}

static void build_ops(void)
{
	static const int order[] = { NSC_NS_CGROUP, NSC_NS_IPC, NSC_NS_MNT,
		NSC_NS_NET, NSC_NS_PID, NSC_NS_TIME, NSC_NS_USER, NSC_NS_UTS };
	struct op *o;
	size_t i;

	add_op(K_H_FORK, -1, "harness: fork+exit+wait");
	add_op(K_H_DFORK, -1, "harness: double fork (kselftest style)");
	add_op(K_H_SOCK, -1, "harness: socketpair 1-byte round trip");
	add_op(K_H_PIDFD, -1, "harness: pidfd_open+waitid reap");
	add_op(K_H_CHILD, -1, "harness: nsc_child_start+wait, no ns");
	add_op(K_H_RUN, -1, "harness: nsc_child_run, no ns (shared mm)");
	add_op(K_H_FORK_BUSY, -1, "harness: fork+exit+wait, another CPU busy");
	add_op(K_CLONE3, -1, "clone3 baseline (no new ns)");
	for (i = 0; i < NSC_ARRAY_SIZE(order); i++) {
		int t = order[i];
		const char *n = nsc_nstypes[t].name;

		o = add_op(K_UNSHARE, t, "%s create (unshare)", n);
		o->settle = t == NSC_NS_NET;
		o = add_op(K_CLONE3, t, "%s create (clone3)", n);
		o->settle = t == NSC_NS_NET;
		add_op(K_SETNS_FD, t, "%s join (setns fd)", n);
		add_op(K_SETNS_PIDFD, t, "%s join (setns pidfd)", n);
		if (t == NSC_NS_NET) {
			o = add_op(K_DESTROY, t,
				   "net destroy: cleanup starts (RTM_DELNSID)");
			o->nout = 2;
			snprintf(o->name[1], sizeof(o->name[1]),
				 "net destroy: devices gone (veth RTM_DELLINK)");
		} else if (t == NSC_NS_PID) {
			add_op(K_DESTROY, t, "pid destroy (kill init+reap)");
		} else {
			add_op(K_DESTROY, t, "%s destroy (close last ref)", n);
		}
		o = add_op(K_LOOP, t, "%s create+destroy loop x%d, per op", n,
			   opt.loop);
		o->unit = "us/op";
	}
	o = add_op(K_CONTAINER, -1, "container start: clone3 all 8 (return)");
	o->nout = 2;
	o->settle = true;
	snprintf(o->name[1], sizeof(o->name[1]),
		 "container start: clone3 all 8 (child runs)");
	for (i = 0; i < 2; i++) {
		int t = i ? NSC_NS_USER : NSC_NS_PID;
		int base = i ? C.user_level : C.pid_level;
		static const int want[] = { 2, 8, 16, 24, 32 };
		size_t k;

		o = add_op(K_NEST, t, "x");
		o->nout = 0;
		if (base + 1 < want[0])
			o->levels[o->nout++] = base + 1;
		for (k = 0; k < NSC_ARRAY_SIZE(want); k++)
			if (want[k] > base)
				o->levels[o->nout++] = want[k];
		for (k = 0; k < (size_t)o->nout; k++)
			snprintf(o->name[k], sizeof(o->name[k]),
				 "%s nest: %s at level %d", nsc_nstypes[t].name,
				 i ? "unshare" : "clone3", o->levels[k]);
		snprintf(o->name[o->nout], sizeof(o->name[0]), i ?
			 "user nest: unshare levels %d..%d, sum" :
			 "pid nest: clone3 chain levels %d..%d, create+exit wall",
			 base + 1, MAX_NEST);
		o->nout++;
	}
}

static bool pat_match(const char *pat, const char *name)
{
	if (strpbrk(pat, "*?["))
		return !fnmatch(pat, name, 0);
	return strstr(name, pat) != NULL;
}

static bool op_selected(const struct op *o)
{
	char buf[256], *save, *p;
	int i;

	if (!opt.filter)
		return true;
	snprintf(buf, sizeof(buf), "%s", opt.filter);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		for (i = 0; i < o->nout; i++)
			if (pat_match(p, o->name[i]))
				return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* results                                                              */
/* ------------------------------------------------------------------ */
struct metric {
	char name[80];
	const char *unit;
	int n;
	double min, median, p95;
	char skip[200];
};
static struct metric res[MAX_OPS * 2];
static int nres;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarise(struct metric *m, double *v, int n)
{
	int k;

	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	m->n = n;
	m->min = v[0];
	m->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (int)ceil(0.95 * n) - 1;	/* nearest rank */
	m->p95 = v[k < 0 ? 0 : k];
}

static void print_row(const struct metric *m)
{
	if (m->skip[0]) {
		printf("%-52s %5s  skipped: %s\n", m->name, "-", m->skip);
		return;
	}
	printf("%-52s %5d %10.1f %10.1f %10.1f  %s", m->name, m->n, m->min,
	       m->median, m->p95, m->unit);
	if (!strcmp(m->unit, "us/op"))
		printf("  (%.0f/s)", 1e6 / m->median);
	printf("\n");
	fflush(stdout);
}

static const char *type_skip(int t)
{
	if (t < 0)
		return NULL;
	return nsc_need_nstype(&nsc_nstypes[t]);
}

static void run_all(void)
{
	int samples, i, j, s;

	for (i = 0; i < nops; i++) {
		const struct op *o = &ops[i];
		double *v[NOUT_MAX], out[NOUT_MAX];
		const char *skip = type_skip(o->t);
		struct metric *m = &res[nres];
		int got = 0;

		if (!op_selected(o))
			continue;
		samples = o->kind == K_NEST ? opt.nest_samples : opt.samples;
		why[0] = 0;
		for (j = 0; j < o->nout; j++) {
			v[j] = calloc((size_t)samples, sizeof(double));
			memset(&m[j], 0, sizeof(m[j]));
			snprintf(m[j].name, sizeof(m[j].name), "%s", o->name[j]);
			m[j].unit = o->unit;
		}
		for (s = -opt.warmup; !skip && s < samples; s++) {
			errno = 0;
			if (run_op(o, out)) {
				if (!why[0])
					fail("%s", o->name[0]);
				skip = why;
				break;
			}
			if (o->settle && net_settle()) {
				skip = why;
				break;
			}
			if (s < 0)
				continue;
			for (j = 0; j < o->nout; j++)
				v[j][got] = out[j];
			got++;
		}
		for (j = 0; j < o->nout; j++) {
			if (skip)
				snprintf(m[j].skip, sizeof(m[j].skip), "%s", skip);
			else
				summarise(&m[j], v[j], got);
			print_row(&m[j]);
			free(v[j]);
		}
		nres += o->nout;
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void write_json(FILE *f, const char *mode)
{
	struct utsname u;
	char date[64];
	time_t now = time(NULL);
	bool first = true;
	int i;

	uname(&u);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "{\n  \"tool\": \"nsbench\",\n  \"kernel_release\": ");
	json_str(f, u.release);
	fprintf(f, ",\n  \"machine\": ");
	json_str(f, u.machine);
	fprintf(f, ",\n  \"date\": \"%s\",\n  \"mode\": \"%s\",\n"
		"  \"cpu\": %d,\n  \"samples\": %d,\n  \"warmup\": %d,\n"
		"  \"inject_delay_us\": %ld,\n  \"results\": [",
		date, mode, opt.cpu, opt.samples, opt.warmup, opt.delay_us);
	for (i = 0; i < nres; i++) {
		if (res[i].skip[0])
			continue;
		fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
		json_str(f, res[i].name);
		fprintf(f, ", \"unit\": \"%s\", \"samples\": %d, \"min\": %.3f,"
			" \"median\": %.3f, \"p95\": %.3f}", res[i].unit,
			res[i].n, res[i].min, res[i].median, res[i].p95);
		first = false;
	}
	fprintf(f, "\n  ],\n  \"skipped\": [");
	first = true;
	for (i = 0; i < nres; i++) {
		if (!res[i].skip[0])
			continue;
		fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
		json_str(f, res[i].name);
		fprintf(f, ", \"reason\": ");
		json_str(f, res[i].skip);
		fprintf(f, "}");
		first = false;
	}
	fprintf(f, "\n  ]\n}\n");
}

/* ------------------------------------------------------------------ */
/* reading our own JSON back (--compare, --input)                       */
/* ------------------------------------------------------------------ */
static struct metric *baseline;
static int nbase;

/* Reads the JSON string at p (just after its opening quote). */
static const char *scan_str(const char *p, char *out, size_t len)
{
	size_t n = 0;

	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < len)
			out[n++] = *p;
	}
	out[n] = 0;
	return *p ? p + 1 : p;
}

/* Value of "key": NUMBER within the object [p, end). */
static int scan_num(const char *p, const char *end, const char *key,
		    double *val)
{
	char k[32];
	const char *q;

	snprintf(k, sizeof(k), "\"%s\"", key);
	q = strstr(p, k);
	if (!q || q > end || !(q = strchr(q, ':')))
		return -1;
	*val = strtod(q + 1, NULL);
	return 0;
}

/*
 * Loads the "results" array of an nsbench JSON file. Not a general JSON
 * parser: it reads the format write_json() produces.
 */
static int load_results(const char *path, struct metric **out, int *n)
{
	static const char *const units[] = { "us", "us/op" };
	static char text[1 << 20];
	const char *p, *end;
	struct metric *r;
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f) {
		fprintf(stderr, "nsbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = 0;
	p = strstr(text, "\"results\"");
	end = p ? strstr(p, "\"skipped\"") : NULL;
	if (!p) {
		fprintf(stderr, "nsbench: %s: no \"results\" array\n", path);
		return -1;
	}
	if (!end)
		end = text + len;
	r = calloc(MAX_OPS * 2, sizeof(*r));
	*n = 0;
	while ((p = strchr(p, '{')) && p < end && *n < MAX_OPS * 2) {
		const char *close = strchr(p, '}'), *q;
		struct metric *m = &r[*n];
		char unit[16] = "us";
		double v = 0;
		size_t i;

		if (!close)
			break;
		q = strstr(p, "\"name\"");
		if (!q || q > close || !(q = strchr(q + 6, '"')))
			break;
		scan_str(q + 1, m->name, sizeof(m->name));
		q = strstr(p, "\"unit\"");
		if (q && q < close && (q = strchr(q + 6, '"')))
			scan_str(q + 1, unit, sizeof(unit));
		m->unit = units[0];
		for (i = 0; i < NSC_ARRAY_SIZE(units); i++)
			if (!strcmp(unit, units[i]))
				m->unit = units[i];
		if (scan_num(p, close, "median", &m->median))
			break;
		scan_num(p, close, "min", &m->min);
		scan_num(p, close, "p95", &m->p95);
		scan_num(p, close, "samples", &v);
		m->n = (int)v;
		(*n)++;
		p = close + 1;
	}
	if (!*n) {
		fprintf(stderr, "nsbench: %s: no results\n", path);
		return -1;
	}
	*out = r;
	return 0;
}

/* Returns the number of regressions. */
static int compare(void)
{
	int i, j, regress = 0, matched = 0;

	printf("\ncompare with %s: a change counts when the median moves by "
	       "more than %.0f%% and by more than %.1f us\n",
	       opt.compare, opt.threshold, opt.floor_us);
	for (i = 0; i < nres; i++) {
		const struct metric *m = &res[i];
		double d, pct;

		if (m->skip[0])
			continue;
		for (j = 0; j < nbase && strcmp(baseline[j].name, m->name); j++)
			;
		if (j == nbase)
			continue;
		matched++;
		d = m->median - baseline[j].median;
		pct = baseline[j].median > 0 ? 100.0 * d / baseline[j].median :
					       0;
		if (fabs(d) <= opt.floor_us || fabs(pct) <= opt.threshold)
			continue;
		printf("%-11s %-52s %10.1f -> %10.1f %s (%+.0f%%)\n",
		       d > 0 ? "REGRESSION" : "improvement", m->name,
		       baseline[j].median, m->median, m->unit, pct);
		if (d > 0)
			regress++;
	}
	printf("compare: %d operations matched, %d regression%s\n", matched,
	       regress, regress == 1 ? "" : "s");
	return regress;
}

/* ------------------------------------------------------------------ */
/* the bench root                                                       */
/* ------------------------------------------------------------------ */
static int setup(void)
{
	int t;

	/* nothing we mount may reach the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail("make / private");
	/* a /proc for our pid namespace, so /proc/PID means our PIDs */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return fail("mount proc on /proc");
	for (t = 0; t < NSC_NS_COUNT; t++) {
		C.base[t] = C.tfd[t] = -1;
		if (type_skip(t))
			continue;
		C.base[t] = nsc_ns_open(0, base_link[t]);
		if (C.base[t] < 0)
			return fail("open own %s ns", base_link[t]);
	}
	shm = mmap(NULL, sizeof(*shm), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		return fail("mmap");
	C.nsid_next = 1000;
	if (nl_open())
		return -1;
	/* the join target: parked in a new namespace of every type */
	if (nsc_child_start(&C.target, NSC_ALL_NS_FLAGS, nsc_child_park, NULL))
		return fail("clone3 join target (all eight flags)");
	if (nsc_recv_byte(C.target.sock) != 'r') {
		errno = EPIPE;
		return fail("join target did not start");
	}
	if (nsc_map_root_to(C.target.pid, 0, 0))
		return fail("map root for the join target");
	for (t = 0; t < NSC_NS_COUNT; t++) {
		if (C.base[t] < 0)
			continue;
		C.tfd[t] = nsc_ns_open(C.target.pid, nsc_nstypes[t].name);
		if (C.tfd[t] < 0)
			return fail("open target %s ns", nsc_nstypes[t].name);
	}
	return 0;
}

static int bench_root(int sock, void *arg)
{
	const char *mode = arg;
	struct utsname u;
	int regress = 0;
	char cpu[16];

	if (nsc_recv_byte(sock) != 'g')
		return 2;
	close(sock);
	C.target = (struct nsc_child)NSC_CHILD_INIT;
	/* the bench root made one pid level (relative if main was not in
	 * the initial pid ns), and one user level in userns mode */
	C.pid_level = 1;
	C.user_level = strcmp(mode, "root") ? 1 : 0;
	if (setup()) {
		fprintf(stderr, "nsbench: setup failed: %s\n", why);
		nsc_child_kill(&C.target);
		return 2;
	}
	uname(&u);
	build_ops();
	snprintf(cpu, sizeof(cpu), opt.cpu < 0 ? "any" : "%d", opt.cpu);
	printf("nsbench: kernel %s, %ld CPUs, mode %s, %d samples (+%d warm-up)"
	       ", cpu %s, loops x%d%s\n", u.release,
	       sysconf(_SC_NPROCESSORS_ONLN), mode, opt.samples, opt.warmup,
	       cpu, opt.loop, opt.delay_us ? " (INJECTED DELAY)" : "");
	if (opt.delay_us)
		printf("nsbench: --inject-delay-us %ld adds a busy wait inside "
		       "every timed region\n", opt.delay_us);
	if (!init_pidns || !init_userns)
		printf("nsbench: started below the initial pid/user ns: nesting "
		       "levels are relative to the start\n");
	printf("%-52s %5s %10s %10s %10s\n", "operation", "n", "min",
	       "median", "p95");
	run_all();
	nsc_child_kill(&C.target);
	if (json_out) {
		write_json(json_out, mode);
		if (fclose(json_out)) {
			fprintf(stderr, "nsbench: writing %s: %s\n", opt.json,
				strerror(errno));
			return 2;
		}
	}
	if (opt.compare)
		regress = compare();
	fflush(stdout);
	return regress ? 1 : 0;
}

/* --input: a saved run stands in for a measurement. */
static int from_input(void)
{
	struct metric *in;
	int i, n, regress = 0;

	if (load_results(opt.input, &in, &n))
		return 2;
	printf("nsbench: results from %s\n", opt.input);
	printf("%-52s %5s %10s %10s %10s\n", "operation", "n", "min",
	       "median", "p95");
	for (i = 0; i < n && nres < MAX_OPS * 2; i++) {
		struct op o = { .nout = 1 };

		snprintf(o.name[0], sizeof(o.name[0]), "%s", in[i].name);
		if (!op_selected(&o))
			continue;
		res[nres] = in[i];
		print_row(&res[nres++]);
	}
	free(in);
	if (json_out) {
		write_json(json_out, "input");
		fclose(json_out);
	}
	if (opt.compare)
		regress = compare();
	return regress ? 1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: nsbench [options]\n"
"  --samples N          timed samples per operation (default 30)\n"
"  --warmup N           untimed rounds first (default 2)\n"
"  --loop N             iterations of the create+destroy loops (default 32)\n"
"  --quick              5 samples, 1 warm-up, loops x8: a few seconds\n"
"  --cpu N              pin to CPU N (sched_setaffinity)\n"
"  --filter PATTERNS    only operations matching (comma-separated;\n"
"                       substring, or a glob if it has * ? [)\n"
"  --list               list the operations and exit\n"
"  --json FILE          write the results as JSON\n"
"  --compare FILE       compare medians with a JSON baseline; exit 1 when\n"
"                       one regressed\n"
"  --threshold PCT      change that counts (default 25%%)\n"
"  --floor US           ...and only beyond this many us (default 5)\n"
"  --inject-delay-us N  busy-wait N us inside every timed region (to test\n"
"                       --compare)\n"
"  --userns             run inside a user namespace even as root\n"
"  --input FILE         measure nothing: take the results from an nsbench\n"
"                       JSON file (to --compare two saved runs)\n"
"Exit: 0 ok, 1 regression found by --compare, 2 error.\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "samples", 1, NULL, 's' }, { "warmup", 1, NULL, 'w' },
		{ "loop", 1, NULL, 'l' }, { "quick", 0, NULL, 'q' },
		{ "cpu", 1, NULL, 'c' }, { "filter", 1, NULL, 'f' },
		{ "list", 0, NULL, 'L' }, { "json", 1, NULL, 'j' },
		{ "compare", 1, NULL, 'C' }, { "threshold", 1, NULL, 't' },
		{ "floor", 1, NULL, 'F' }, { "inject-delay-us", 1, NULL, 'd' },
		{ "userns", 0, NULL, 'u' }, { "input", 1, NULL, 'i' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nsc_child root = NSC_CHILD_INIT;
	uint64_t flags = NSC_ALL_NS_FLAGS & ~(uint64_t)CLONE_NEWUSER;
	const char *mode = "root", *why_not;
	int c, t, rc;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's': opt.samples = atoi(optarg); break;
		case 'w': opt.warmup = atoi(optarg); break;
		case 'l': opt.loop = atoi(optarg); break;
		case 'q':
			opt.quick = true;
			opt.samples = 5;
			opt.warmup = 1;
			opt.loop = 8;
			opt.nest_samples = 2;
			break;
		case 'c': opt.cpu = atoi(optarg); break;
		case 'f': opt.filter = optarg; break;
		case 'L': opt.list = true; break;
		case 'j': opt.json = optarg; break;
		case 'C': opt.compare = optarg; break;
		case 't': opt.threshold = atof(optarg); break;
		case 'F': opt.floor_us = atof(optarg); break;
		case 'd': opt.delay_us = atol(optarg); break;
		case 'u': opt.userns = true; break;
		case 'i': opt.input = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || opt.samples < 1 || opt.warmup < 0 ||
	    opt.loop < 1 || opt.delay_us < 0) {
		usage(stderr);
		return 2;
	}
	if (opt.nest_samples > opt.samples)
		opt.nest_samples = opt.samples;
	init_pidns = nsc_ns_ino(0, "pid") == PROC_PID_INIT_INO;
	init_userns = nsc_ns_ino(0, "user") == PROC_USER_INIT_INO;
	if (opt.list) {
		C.pid_level = 1;
		C.user_level = 0;
		build_ops();
		for (c = 0; c < nops; c++)
			for (t = 0; t < ops[c].nout; t++)
				if (op_selected(&ops[c]))
					printf("%s\n", ops[c].name[t]);
		return 0;
	}
	if (opt.cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(opt.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "nsbench: --cpu %d: %s\n", opt.cpu,
				strerror(errno));
			return 2;
		}
	}
	if (opt.compare && load_results(opt.compare, &baseline, &nbase))
		return 2;
	if (opt.json) {
		json_out = fopen(opt.json, "w");
		if (!json_out) {
			fprintf(stderr, "nsbench: %s: %s\n", opt.json,
				strerror(errno));
			return 2;
		}
	}
	if (opt.input)
		return from_input();
	for (t = 0; t < NSC_NS_COUNT; t++)
		if (nsc_need_nstype(&nsc_nstypes[t]))
			flags &= ~(uint64_t)nsc_nstypes[t].flag;
	if (opt.userns || nsc_need_root()) {
		mode = "userns";
		why_not = nsc_need_userns();
		if (why_not) {
			printf("nsbench: every operation skipped: not root, and "
			       "%s\n", why_not);
			if (json_out) {
				write_json(json_out, "none");
				fclose(json_out);
			}
			return 0;
		}
		flags |= CLONE_NEWUSER;
	}
	if (nsc_child_start(&root, flags, bench_root, (void *)mode)) {
		fprintf(stderr, "nsbench: clone3 of the bench root (flags 0x%llx)"
			": %s\n", (unsigned long long)flags, strerror(errno));
		return 2;
	}
	if ((flags & CLONE_NEWUSER) &&
	    nsc_map_root_to(root.pid, geteuid(), getegid())) {
		fprintf(stderr, "nsbench: uid/gid map of the bench root: %s\n",
			strerror(errno));
		nsc_child_kill(&root);
		return 2;
	}
	if (json_out) {	/* the bench root writes it */
		fclose(json_out);
		json_out = NULL;
	}
	nsc_send_byte(root.sock, 'g');
	rc = nsc_child_wait(&root);
	return rc < 0 || rc > 2 ? 2 : rc;
}
