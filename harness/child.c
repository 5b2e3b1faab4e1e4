// SPDX-License-Identifier: GPL-2.0
/* Child-in-namespace helpers with a socketpair handshake. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsc_child.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* Shared with every forked test so a child can hand its SKIP reason up. */
static char *skip_reason;

__attribute__((constructor)) static void nsc_child_init(void)
{
	skip_reason = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (skip_reason == MAP_FAILED)
		skip_reason = NULL;
}

void nsc_set_skip_reason(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!skip_reason)
		return;
	errno = saved;
	va_start(ap, fmt);
	vsnprintf(skip_reason, 4096, fmt, ap);
	va_end(ap);
}

const char *nsc_skip_reason(void)
{
	return skip_reason && skip_reason[0] ? skip_reason : "skipped in child";
}

void nsc_child_log(const char *file, int line, const char *fmt, ...)
{
	int saved = errno;
	char msg[1024];
	va_list ap;

	errno = saved;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* one line, console-safe */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "# %s:%d: [child %d] %s\n", file, line, (int)getpid(),
		msg);
	fflush(stderr);
}

static int park_start_vm(struct nsc_child *c, uint64_t flags, int sv[2]);
static void park_free(struct nsc_child *c);

static int child_start(struct nsc_child *c, uint64_t flags, bool into,
		       int cgroup_fd, nsc_child_fn fn, void *arg)
{
	struct nsc_clone_args args;
	int sv[2], pidfd = -1, saved;
	pid_t ppid = getpid();
	pid_t pid;

	c->pid = -1;
	c->pidfd = -EBADF;
	c->sock = -EBADF;
	c->vm_stack = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	if (fn == nsc_child_park && !into) {
		int r = park_start_vm(c, flags, sv);

		if (r <= 0) {
			if (r < 0) {
				saved = errno;
				close(sv[0]);
				close(sv[1]);
				errno = saved;
			}
			return r;
		}
	}
	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	if (into) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	fflush(NULL);
	pid = nsc_clone3(&args, into ? NSC_CLONE_ARGS_SIZE_VER2 :
				      NSC_CLONE_ARGS_SIZE_VER0);
	if (pid < 0) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		if (nsc_die_with_parent(ppid))
			_exit(137);
		_exit(fn(sv[1], arg));
	}
	close(sv[1]);
	c->pid = pid;
	c->pidfd = pidfd;
	c->sock = sv[0];
	return 0;
}

int nsc_child_start(struct nsc_child *c, uint64_t flags, nsc_child_fn fn,
		    void *arg)
{
	return child_start(c, flags, false, -1, fn, arg);
}

int nsc_child_start_cgroup(struct nsc_child *c, uint64_t flags, int cgroup_fd,
			   nsc_child_fn fn, void *arg)
{
	return child_start(c, flags, true, cgroup_fd, fn, arg);
}

/*
 * nsc_child_run: a child the caller waits for at once borrows the caller's
 * memory (CLONE_VM | CLONE_VFORK) instead of copying it. An address space
 * made and torn down per child is most of a fork's cost, and on a
 * shadow-paging VM it stalls the other vCPUs as well (bench/README.md).
 * The child runs on a stack of its own, with a guard page below it; stacks
 * are kept for the life of the process, one per nesting level.
 */
#define RUN_STACK_SIZE	(1 << 20)
#define RUN_MAX_DEPTH	4

#define RUN_VM_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
		      CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
		      CLONE_NEWCGROUP | CLONE_FS)

/* volatile: a child changes them behind the compiler's back, and the
 * increment around clone() must not be optimised away */
static void *volatile run_stacks[RUN_MAX_DEPTH];
static volatile int run_depth;

struct run_ctx {
	nsc_child_fn fn;
	void *arg;
	int sock;
	pid_t ppid;
	sigset_t mask;
};

static int run_trampoline(void *p)
{
	struct run_ctx *r = p;

	sigprocmask(SIG_SETMASK, &r->mask, NULL);
	if (nsc_die_with_parent(r->ppid))
		_exit(137);
	_exit(r->fn(r->sock, r->arg));
}

/* size bytes of stack for a CLONE_VM child, the lowest page a guard that
 * faults on overflow; NULL if the mapping fails. */
static void *map_stack(size_t size)
{
	char *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	mprotect(m, 4096, PROT_NONE);
	return m;
}

/* A CLONE_VM child would stay in our time namespace while time_for_children
 * differs (and 6.1 refuses it): those callers get a fork. */
static bool time_ns_pending(void)
{
	struct stat a, b;

	if (stat("/proc/self/ns/time", &a) || stat("/proc/self/ns/time_for_children", &b))
		/* a kernel without time namespaces, or a /proc that does not
		 * show us (another pid ns's): in doubt, fork */
		return stat("/proc/self/ns/mnt", &a) != 0;
	return a.st_ino != b.st_ino;
}

/*
 * Parked children without a copied mm. A fork per parked child is most of
 * its cost (see nsc_child_run); a child that only reports and waits needs
 * no memory of its own. It shares ours, errno and stdio included, so it
 * must not run a single libc function: raw syscalls only, on a stack of
 * its own that holds its arguments too. It inherits our signal mask and,
 * since it is only started when we catch no signal, default handlers.
 * x86_64 only (the one architecture tested); elsewhere parked children fork.
 */
#if defined(__x86_64__)
static inline long park_sys(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}
#define PARK_VM 1
#else
#define PARK_VM 0
#endif

#define PARK_STACK_SIZE (16 << 10)
#define PARK_VM_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
		       CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
		       CLONE_NEWCGROUP)

struct park_args {
	int sock, peer;
	pid_t ppid;
};

#if PARK_VM
static int park_vm(void *p)
{
	const struct park_args *a = p;
	long ppid;
	char b = 'r';

	park_sys(SYS_close, a->peer, 0, 0, 0);	/* our EOF when the parent closes */
	/* nsc_die_with_parent(), in raw syscalls */
	park_sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0);
	ppid = park_sys(SYS_getppid, 0, 0, 0, 0);
	if (ppid != 0 && ppid != a->ppid)
		park_sys(SYS_exit, 137, 0, 0, 0);
	if (park_sys(SYS_write, a->sock, (long)&b, 1, 0) != 1)
		park_sys(SYS_exit, 1, 0, 0, 0);
	if (park_sys(SYS_read, a->sock, (long)&b, 1, 0) != 1 || b != 'x')
		park_sys(SYS_exit, 1, 0, 0, 0);
	park_sys(SYS_exit, 0, 0, 0, 0);
	return 0;
}
#endif

/* No caught signal: a handler would run libc code on our memory. */
static bool catches_no_signal(void)
{
	unsigned long long cgt = 1;
	char buf[2048], *p;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strstr(buf, "\nSigCgt:");
	if (p)
		cgt = strtoull(p + 8, NULL, 16);
	return cgt == 0;
}

/* Starts a parked child sharing our mm; -1 with errno, or 1 to say "use a
 * fork instead". */
static int park_start_vm(struct nsc_child *c, uint64_t flags, int sv[2])
{
#if PARK_VM
	struct park_args *a;
	int pidfd = -1;
	char *stack;
	pid_t pid;

	if ((flags & ~PARK_VM_FLAGS) || time_ns_pending() || !catches_no_signal())
		return 1;
	stack = map_stack(PARK_STACK_SIZE);
	if (!stack)
		return 1;
	a = (struct park_args *)(stack + PARK_STACK_SIZE - 64);
	a->sock = sv[1];
	a->peer = sv[0];
	a->ppid = getpid();
	pid = clone(park_vm, (char *)a - 64,
		    (int)flags | CLONE_VM | CLONE_PIDFD | SIGCHLD, a, &pidfd);
	if (pid < 0) {
		int saved = errno;

		nsc_env_note(flags, saved, "clone");
		munmap(stack, PARK_STACK_SIZE);
		errno = saved;
		return -1;
	}
	close(sv[1]);
	c->pid = pid;
	c->pidfd = pidfd;
	c->sock = sv[0];
	c->vm_stack = stack;
	return 0;
#else
	return 1;
#endif
}

/* After the child is reaped. */
static void park_free(struct nsc_child *c)
{
	if (c->vm_stack)
		munmap(c->vm_stack, PARK_STACK_SIZE);
	c->vm_stack = NULL;
}

static void *run_stack(void)
{
	if (run_depth >= RUN_MAX_DEPTH)
		return NULL;
	if (!run_stacks[run_depth])
		run_stacks[run_depth] = map_stack(RUN_STACK_SIZE);
	if (!run_stacks[run_depth])
		return NULL;
	return (char *)run_stacks[run_depth] + RUN_STACK_SIZE;
}

int nsc_child_run(uint64_t flags, nsc_child_fn fn, void *arg)
{
	struct nsc_child c = NSC_CHILD_INIT;
	struct run_ctx r = { .fn = fn, .arg = arg, .ppid = getpid() };
	int sv[2], status, saved;
	int dumpable = prctl(PR_GET_DUMPABLE);
	sigset_t all;
	void *stack;
	pid_t pid;

	/* new namespaces (never time) and CLONE_FS; anything else gets a fork */
	if ((flags & ~RUN_VM_FLAGS) ||
	    time_ns_pending() || !(stack = run_stack())) {
		if (nsc_child_start(&c, flags, fn, arg))
			return -1;
		return nsc_child_wait(&c);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	r.sock = sv[1];
	fflush(NULL);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &r.mask);
	run_depth++;
	pid = clone(run_trampoline, stack,
		    (int)flags | CLONE_VM | CLONE_VFORK | SIGCHLD, &r);
	saved = errno;
	run_depth--;
	if (pid < 0)
		nsc_env_note(flags, saved, "clone");
	/* a child that changed its uids made our shared mm undumpable */
	if (dumpable >= 0 && prctl(PR_GET_DUMPABLE) != dumpable)
		prctl(PR_SET_DUMPABLE, dumpable);
	sigprocmask(SIG_SETMASK, &r.mask, NULL);
	close(sv[0]);
	close(sv[1]);
	if (pid < 0) {
		errno = saved;
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int nsc_child_wait(struct nsc_child *c)
{
	siginfo_t info;
	int ret;

	if (c->pid <= 0) {
		errno = ECHILD;
		return -1;
	}
	memset(&info, 0, sizeof(info));
	do {
		ret = waitid(P_PID, c->pid, &info, WEXITED);
	} while (ret < 0 && errno == EINTR);
	if (c->sock >= 0)
		close(c->sock);
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->sock = c->pidfd = -EBADF;
	c->pid = -1;
	park_free(c);
	if (ret < 0)
		return -1;
	if (info.si_code == CLD_EXITED)
		return info.si_status;
	return 128 + info.si_status;
}

int nsc_child_park(int sock, void *arg)
{
	if (nsc_send_byte(sock, 'r'))
		return 1;
	return nsc_recv_byte(sock) == 'x' ? 0 : 1;
}

void nsc_child_kill(struct nsc_child *c)
{
	if (c->pid <= 0)
		return;
	if (c->pidfd >= 0)
		nsc_pidfd_send_signal(c->pidfd, SIGKILL, NULL, 0);
	else
		kill(c->pid, SIGKILL);
	nsc_child_wait(c);
}

/* A held child: runs fn only after the parent's 'g' (nsc_child_release),
 * so the parent can observe it (its /proc/PID/ns links) while it surely
 * lives. The child is a fork: h is copied with the parent's stack. */
struct held {
	nsc_child_fn fn;
	void *arg;
};

static int held_trampoline(int sock, void *arg)
{
	const struct held *h = arg;

	if (nsc_recv_byte(sock) != 'g')
		return 1;
	return h->fn(sock, h->arg);
}

int nsc_child_start_held(struct nsc_child *c, uint64_t flags, nsc_child_fn fn,
			 void *arg)
{
	struct held h = { fn, arg };

	return nsc_child_start(c, flags, held_trampoline, &h);
}

int nsc_child_release(struct nsc_child *c)
{
	return nsc_send_byte(c->sock, 'g');
}
