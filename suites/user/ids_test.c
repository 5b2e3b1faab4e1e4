// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces: how ids look from inside and outside, and which ids the
 * id-changing calls accept.
 * Source: user_namespaces(7) › User and group ID mappings, Unmapped user and
 * group IDs, Interaction with system calls that change process UIDs or GIDs.
 */
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/socket.h>

#include "nsc_harness.h"
#include "user_util.h"

struct ids {
	uid_t r, e;
	gid_t gr, ge;
};

static int report_ids(int sock, void *arg)
{
	struct ids i = { getuid(), geteuid(), getgid(), getegid() };

	CHILD_ASSERT(!nsc_send_buf(sock, &i, sizeof(i)), "%m");
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

FIXTURE(ids) {
	struct nsc_child child;
	int ovuid, ovgid;
};

FIXTURE_VARIANT(ids) {
	enum nsc_priv priv;
};

NSC_PRIV_VARIANTS(ids);

FIXTURE_SETUP(ids)
{
	self->child = (struct nsc_child)NSC_CHILD_INIT;
	NSC_ENTER_PRIV(variant->priv);
	self->ovuid = nsc_overflow_uid();
	self->ovgid = nsc_overflow_gid();
	ASSERT_LE(0, self->ovuid) TH_LOG("/proc/sys/kernel/overflowuid: %m");
	ASSERT_LE(0, self->ovgid) TH_LOG("/proc/sys/kernel/overflowgid: %m");
}

FIXTURE_TEARDOWN(ids)
{
	nsc_child_kill(&self->child);
}

/* covers: USER-02 */
TEST_F(ids, user_02_unmapped_ids_read_as_overflow)
{
	struct ids i;

	ASSERT_CHILD_START(&self->child, CLONE_NEWUSER, report_ids, NULL);
	ASSERT_EQ(sizeof(i), nsc_recv_buf(self->child.sock, &i, sizeof(i)));
	ASSERT_NE(nsc_ns_ino(0, "user"), nsc_ns_ino(self->child.pid, "user"));
	EXPECT_EQ(self->ovuid, i.r);
	EXPECT_EQ(self->ovuid, i.e);
	EXPECT_EQ(self->ovgid, i.gr);
	EXPECT_EQ(self->ovgid, i.ge);
	/* our own ids are untouched (0 in both flavours) */
	EXPECT_EQ(0, getuid());
	EXPECT_EQ(0, getgid());
	ASSERT_EQ(0, nsc_send_byte(self->child.sock, 'x'));
	ASSERT_CHILD_OK(&self->child);
}

/*
 * The unprivileged claims below run as a real unprivileged uid U: the child
 * makes a user ns, the parent maps 0 -> U (and gid 0 -> G).
 */
struct mapped_arg {
	int fd;			/* a file owned by U:G, made outside */
	int ovuid, ovgid;
};

static int stat_in_ns(int sock, void *arg)
{
	const struct mapped_arg *a = arg;
	struct stat st;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(getuid() == 0 && getgid() == 0, "uid %d gid %d",
		     getuid(), getgid());
	CHILD_ASSERT(!fstat(a->fd, &st), "%m");
	CHILD_ASSERT(st.st_uid == 0 && st.st_gid == 0,
		     "file owned by U shows %d:%d", st.st_uid, st.st_gid);
	CHILD_ASSERT(!stat("/", &st), "%m");
	CHILD_ASSERT((int)st.st_uid == a->ovuid && (int)st.st_gid == a->ovgid,
		     "root-owned / shows %d:%d", st.st_uid, st.st_gid);
	return 0;
}

static int start_mapped(struct __test_metadata *_metadata,
			struct nsc_child *c, nsc_child_fn fn, void *arg)
{
	if (nsc_child_start(c, CLONE_NEWUSER, fn, arg))
		return -1;
	if (nsc_map_root_to(c->pid, geteuid(), getegid()))
		return -1;
	return nsc_send_byte(c->sock, 'm');
}

/* covers: USER-16 */
TEST(user_16_mapped_uid_reads_zero_unmapped_overflow)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct mapped_arg a;
	struct stat st;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_EQ(0, stat("/", &st));
	ASSERT_EQ(0, st.st_uid) TH_LOG("/ is not owned by root here");
	a.fd = memfd_create("nsc-user16", MFD_CLOEXEC);
	ASSERT_LE(0, a.fd) TH_LOG("memfd_create: %m");
	a.ovuid = nsc_overflow_uid();
	a.ovgid = nsc_overflow_gid();
	ASSERT_EQ(0, start_mapped(_metadata, &c, stat_in_ns, &a)) TH_LOG("%m");
	ASSERT_CHILD_OK(&c);
	close(a.fd);
}

static int create_file(int sock, void *arg)
{
	struct stat st;
	int fd;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	fd = memfd_create("nsc-user17", MFD_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "memfd_create: %m");
	CHILD_ASSERT(!fstat(fd, &st), "%m");
	CHILD_ASSERT(st.st_uid == 0 && st.st_gid == 0, "inside: %d:%d",
		     st.st_uid, st.st_gid);
	CHILD_ASSERT(!nsc_send_fd(sock, fd), "%m");
	close(fd);
	return 0;
}

/* covers: USER-17 */
TEST(user_17_file_made_by_ns_root_owned_by_outer_id)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct stat st;
	int fd;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_EQ(0, start_mapped(_metadata, &c, create_file, NULL)) TH_LOG("%m");
	fd = nsc_recv_fd(c.sock);
	ASSERT_LE(0, fd) TH_LOG("no file from the child: %m");
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(geteuid(), st.st_uid);
	EXPECT_EQ(getegid(), st.st_gid);
	close(fd);
	ASSERT_CHILD_OK(&c);
}

static int chown_unmapped(int sock, void *arg)
{
	struct stat st;
	int fd;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	CHILD_ASSERT(nsc_caps_full(), "no full capabilities");
	fd = memfd_create("nsc-user18", MFD_CLOEXEC);
	CHILD_ASSERT(fd >= 0, "memfd_create: %m");
	errno = 0;
	CHILD_ASSERT(fchown(fd, 5, -1) == -1 && errno == EINVAL,
		     "fchown(uid 5): errno %d", errno);
	errno = 0;
	CHILD_ASSERT(fchown(fd, -1, 5) == -1 && errno == EINVAL,
		     "fchown(gid 5): errno %d", errno);
	CHILD_ASSERT(!fstat(fd, &st) && st.st_uid == 0 && st.st_gid == 0,
		     "owner changed to %d:%d", st.st_uid, st.st_gid);
	close(fd);
	return 0;
}

/* covers: USER-18 */
TEST(user_18_chown_to_unmapped_id_einval)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_EQ(0, start_mapped(_metadata, &c, chown_unmapped, NULL)) TH_LOG("%m");
	ASSERT_CHILD_OK(&c);
}

static int setid_calls(int sock, void *arg)
{
	uid_t before = getuid();

	/* unmapped: even 0 is refused, although CAP_SETUID is held */
	CHILD_ASSERT(nsc_cap_effective(CAP_SETUID), "no CAP_SETUID");
	errno = 0;
	CHILD_ASSERT(setuid(0) == -1 && errno == EINVAL, "setuid(0): errno %d", errno);
	errno = 0;
	CHILD_ASSERT(setgid(0) == -1 && errno == EINVAL, "setgid(0): errno %d", errno);
	CHILD_ASSERT(getuid() == before, "uid changed");
	CHILD_ASSERT(!nsc_send_byte(sock, 'u'), "%m");
	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	/* 0 -> U only: 5 is unmapped */
	errno = 0;
	CHILD_ASSERT(setuid(5) == -1 && errno == EINVAL, "setuid(5): errno %d", errno);
	errno = 0;
	CHILD_ASSERT(setresuid(5, 5, 5) == -1 && errno == EINVAL,
		     "setresuid(5): errno %d", errno);
	errno = 0;
	CHILD_ASSERT(setgid(5) == -1 && errno == EINVAL, "setgid(5): errno %d", errno);
	CHILD_ASSERT(getuid() == 0 && geteuid() == 0, "uid %d", getuid());
	CHILD_ASSERT(!setuid(0), "setuid to the mapped 0: %m");
	return 0;
}

/* covers: USER-19 */
TEST(user_19_setuid_to_unmapped_id_einval)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_START(&c, CLONE_NEWUSER, setid_calls, NULL);
	ASSERT_EQ('u', nsc_recv_byte(c.sock));
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_CHILD_OK(&c);
}

/* ---- USER-31: the overflow ids in other interfaces ---- */

/* What a child in a new user ns should see for ids of U:G: the overflow
 * ids while unmapped, 0:0 once mapped (the parent sends 'm' first). */
struct ov {
	int uid, gid;
	pid_t peer;
	bool mapped;
};

static void ov_init(struct ov *o, bool mapped)
{
	o->mapped = mapped;
	o->uid = mapped ? 0 : nsc_overflow_uid();
	o->gid = mapped ? 0 : nsc_overflow_gid();
	o->peer = getpid();
}

/* Starts fn in a new user ns; maps it when o->mapped. */
static int start_ov(struct nsc_child *c, nsc_child_fn fn, struct ov *o)
{
	if (nsc_child_start(c, CLONE_NEWUSER, fn, o))
		return -1;
	if (!o->mapped)
		return 0;
	if (nsc_map_root_to(c->pid, geteuid(), getegid()))
		return -1;
	return nsc_send_byte(c->sock, 'm');
}

#define WAIT_MAPS(sock, o) \
	CHILD_ASSERT(!(o)->mapped || nsc_recv_byte(sock) == 'm', "no maps")

static int status_view(int sock, void *arg)
{
	const struct ov *o = arg;
	char buf[128];
	unsigned int u[4], g[4];

	WAIT_MAPS(sock, o);
	CHILD_ASSERT(!nsc_status_field(o->peer, "Uid", buf, sizeof(buf)), "%m");
	CHILD_ASSERT(sscanf(buf, "%u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4,
		     "Uid: %s", buf);
	CHILD_ASSERT(!nsc_status_field(o->peer, "Gid", buf, sizeof(buf)), "%m");
	CHILD_ASSERT(sscanf(buf, "%u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4,
		     "Gid: %s", buf);
	for (int i = 0; i < 4; i++) {
		CHILD_ASSERT((int)u[i] == o->uid, "Uid field %d = %u", i, u[i]);
		CHILD_ASSERT((int)g[i] == o->gid, "Gid field %d = %u", i, g[i]);
	}
	return 0;
}

/* covers: USER-31 */
TEST(user_31_proc_status_shows_overflow_and_mapped_ids)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct ov o;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	for (int mapped = 0; mapped <= 1; mapped++) {
		ov_init(&o, mapped);
		ASSERT_EQ(0, start_ov(&c, status_view, &o)) TH_LOG("%m");
		ASSERT_CHILD_OK(&c);
	}
}

static int ipc_viewer(int sock, void *arg)
{
	const struct ov *o = arg;
	struct msqid_ds ds;
	int id;

	CHILD_ASSERT(nsc_recv_buf(sock, &id, sizeof(id)) == sizeof(id), "%m");
	CHILD_ASSERT(!msgctl(id, IPC_STAT, &ds), "IPC_STAT on queue %d: %m", id);
	CHILD_ASSERT((int)ds.msg_perm.uid == o->uid && (int)ds.msg_perm.cuid == o->uid,
		     "uid %u cuid %u", ds.msg_perm.uid, ds.msg_perm.cuid);
	CHILD_ASSERT((int)ds.msg_perm.gid == o->gid && (int)ds.msg_perm.cgid == o->gid,
		     "gid %u cgid %u", ds.msg_perm.gid, ds.msg_perm.cgid);
	return 0;
}

/* Mapped owner of a new IPC ns: makes a queue, looks at it, and has an
 * unmapped nested user ns (same IPC ns) look at it too. */
static int ipc_owner(int sock, void *arg)
{
	struct nsc_child v = NSC_CHILD_INIT;
	struct ov unm = { nsc_overflow_uid(), nsc_overflow_gid(), 0, false };
	struct ov map = { 0, 0, 0, true };
	int id, rc;

	CHILD_ASSERT(nsc_recv_byte(sock) == 'm', "no maps");
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHILD_ASSERT(id >= 0, "msgget in the new IPC ns: %m");
	CHILD_ASSERT(!nsc_child_start(&v, 0, ipc_viewer, &map), "%m");
	CHILD_ASSERT(!nsc_send_buf(v.sock, &id, sizeof(id)), "%m");
	rc = nsc_child_wait(&v);
	CHILD_ASSERT(rc == 0, "mapped viewer failed (%d)", rc);
	CHILD_ASSERT(!nsc_child_start(&v, CLONE_NEWUSER, ipc_viewer, &unm), "%m");
	CHILD_ASSERT(!nsc_send_buf(v.sock, &id, sizeof(id)), "%m");
	rc = nsc_child_wait(&v);
	CHILD_ASSERT(rc == 0, "unmapped viewer failed (%d)", rc);
	msgctl(id, IPC_RMID, NULL);
	return 0;
}

/* covers: USER-31 */
TEST(user_31_ipc_stat_shows_overflow_and_mapped_ids)
{
	struct nsc_child c = NSC_CHILD_INIT;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	ASSERT_CHILD_START(&c, CLONE_NEWUSER | CLONE_NEWIPC, ipc_owner, NULL);
	ASSERT_NE(nsc_ns_ino(0, "ipc"), nsc_ns_ino(c.pid, "ipc"));
	ASSERT_EQ(0, nsc_map_root_to(c.pid, geteuid(), getegid())) TH_LOG("%m");
	ASSERT_EQ(0, nsc_send_byte(c.sock, 'm'));
	ASSERT_CHILD_OK(&c);
}

static int wait_signal(int sock, void *arg)
{
	const struct ov *o = arg;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHILD_ASSERT(!sigprocmask(SIG_BLOCK, &set, NULL), "%m");
	WAIT_MAPS(sock, o);
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	/* the parent sends it right after 'r': no unbounded wait */
	CHILD_ASSERT(sigwaitinfo(&set, &si) == SIGUSR1, "%m");
	CHILD_ASSERT(si.si_code == SI_USER, "si_code %d", si.si_code);
	CHILD_ASSERT((int)si.si_uid == o->uid, "si_uid %u, want %d", si.si_uid,
		     o->uid);
	return 0;
}

/* covers: USER-31 */
TEST(user_31_signal_si_uid_shows_overflow_and_mapped_ids)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct ov o;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	for (int mapped = 0; mapped <= 1; mapped++) {
		ov_init(&o, mapped);
		ASSERT_EQ(0, start_ov(&c, wait_signal, &o)) TH_LOG("%m");
		ASSERT_EQ('r', nsc_recv_byte(c.sock));
		ASSERT_EQ(0, kill(c.pid, SIGUSR1)) TH_LOG("%m");
		ASSERT_CHILD_OK(&c);
	}
}

static int recv_creds(int sock, void *arg)
{
	const struct ov *o = arg;
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { 0 };
	struct cmsghdr *cm;
	struct ucred cr;
	struct iovec iov;
	char byte;
	int on = 1;

	WAIT_MAPS(sock, o);
	CHILD_ASSERT(!setsockopt(sock, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)),
		     "%m");
	CHILD_ASSERT(!nsc_send_byte(sock, 'r'), "%m");
	iov.iov_base = &byte;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = u.buf;
	msg.msg_controllen = sizeof(u.buf);
	CHILD_ASSERT(recvmsg(sock, &msg, 0) == 1, "recvmsg: %m");
	cm = CMSG_FIRSTHDR(&msg);
	CHILD_ASSERT(cm && cm->cmsg_level == SOL_SOCKET &&
		     cm->cmsg_type == SCM_CREDENTIALS, "no SCM_CREDENTIALS");
	memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
	CHILD_ASSERT((int)cr.uid == o->uid && (int)cr.gid == o->gid,
		     "ucred %u:%u, want %d:%d", cr.uid, cr.gid, o->uid, o->gid);
	CHILD_ASSERT(cr.pid == o->peer, "ucred pid %d", cr.pid);
	return 0;
}

/* covers: USER-31 */
TEST(user_31_scm_credentials_show_overflow_and_mapped_ids)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct ov o;

	NSC_REQUIRE(nsc_need_userns());
	ASSERT_DROP_PRIVS();
	for (int mapped = 0; mapped <= 1; mapped++) {
		ov_init(&o, mapped);
		ASSERT_EQ(0, start_ov(&c, recv_creds, &o)) TH_LOG("%m");
		ASSERT_EQ('r', nsc_recv_byte(c.sock));
		ASSERT_EQ(0, nsc_send_byte(c.sock, 'c'));
		ASSERT_CHILD_OK(&c);
	}
}

TEST_HARNESS_MAIN
