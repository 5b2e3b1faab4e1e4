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
 * the table shows min, median and p95 (nearest rank). The operations are
 * the table in table.c; --compare decides as stats.h says.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>

#include "nsbench.h"
#include "stats.h"

#define PROC_PID_INIT_INO 0xEFFFFFFCUL
#define PROC_USER_INIT_INO 0xEFFFFFFDUL

struct nsb_opt opt = {
	.runs = 8, .samples = 20, .warmup = 2, .loop = 32, .nest_samples = 5,
	.cpu = -1, .threshold = 25.0, .floor_us = 0.5,
};
struct nsb_ctx C;

static bool init_pidns, init_userns;	/* where main() started */
static struct metric res[MAX_OPS * 2];
static int nres;
static struct metric *baseline;
static int nbase;

const char *const base_link[NSC_NS_COUNT] = {
	[NSC_NS_CGROUP] = "cgroup", [NSC_NS_IPC] = "ipc",
	[NSC_NS_MNT] = "mnt", [NSC_NS_NET] = "net",
	[NSC_NS_PID] = "pid_for_children", [NSC_NS_TIME] = "time_for_children",
	[NSC_NS_USER] = "user", [NSC_NS_UTS] = "uts",
};

int tflag(int t)
{
	return nsc_nstypes[t].flag;
}

int back(int t)
{
	if (setns(C.base[t], tflag(t)))
		return fail("setns back to base %s ns", nsc_nstypes[t].name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* running the table                                                    */
/* ------------------------------------------------------------------ */
static void summarise(struct metric *m, double *v, int n)
{
	stats_sort(v, n);
	m->n = n;
	m->v = v;
	m->min = v[0];
	m->median = stats_quantile(v, n, 0.5);
	m->p95 = stats_quantile(v, n, 0.95);
}

static const char *type_skip(int t)
{
	return t < 0 ? NULL : nsc_need_nstype(&nsc_nstypes[t]);
}

/* Samples one operation into m[0..o->nout) (skip reason on failure). */
static void run_one(const struct op *o, struct metric *m)
{
	int samples = o->def->nest ? opt.nest_samples : opt.samples;
	const char *skip = type_skip(o->t);
	double *v[NOUT_MAX], out[NOUT_MAX];
	int got = 0, j;

	why[0] = 0;
	slowdown_select(o->name[0]);
	for (j = 0; j < o->nout; j++) {
		v[j] = calloc((size_t)samples, sizeof(double));
		memset(&m[j], 0, sizeof(m[j]));
		snprintf(m[j].name, sizeof(m[j].name), "%s", o->name[j]);
		m[j].unit = o->unit;
	}
	for (int s = -opt.warmup; !skip && s < samples; s++) {
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
		if (skip) {
			snprintf(m[j].skip, sizeof(m[j].skip), "%s", skip);
			free(v[j]);
		} else {
			summarise(&m[j], v[j], got);
		}
	}
}

static void run_all(void)
{
	for (int i = 0; i < nops; i++) {
		if (!op_selected(&ops[i]))
			continue;
		run_one(&ops[i], &res[nres]);
		nres += ops[i].nout;
	}
}

/* ------------------------------------------------------------------ */
/* the bench root                                                       */
/* ------------------------------------------------------------------ */
static int setup(void)
{
	/* nothing we mount may reach the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail("make / private");
	/* a /proc for our pid namespace, so /proc/PID means our PIDs */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return fail("mount proc on /proc");
	for (int t = 0; t < NSC_NS_COUNT; t++) {
		C.base[t] = C.tfd[t] = -1;
		if (type_skip(t))
			continue;
		C.base[t] = nsc_ns_open(0, base_link[t]);
		if (C.base[t] < 0)
			return fail("open own %s ns", base_link[t]);
	}
	if (!ops_shm_init())
		return fail("mmap");
	C.nsid_next = 1000;
	if (net_events_open())
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
	for (int t = 0; t < NSC_NS_COUNT; t++) {
		if (C.base[t] < 0)
			continue;
		C.tfd[t] = nsc_ns_open(C.target.pid, nsc_nstypes[t].name);
		if (C.tfd[t] < 0)
			return fail("open target %s ns", nsc_nstypes[t].name);
	}
	return 0;
}

static void print_header(const char *mode)
{
	struct utsname u;
	char cpu[16];

	uname(&u);
	snprintf(cpu, sizeof(cpu), opt.cpu < 0 ? "by turns" : "%d", opt.cpu);
	printf("nsbench: kernel %s, %ld CPUs, mode %s, %d runs of %d samples "
	       "(+%d warm-up), cpu %s, loops x%d%s\n", u.release,
	       sysconf(_SC_NPROCESSORS_ONLN), mode, opt.runs, opt.samples,
	       opt.warmup, cpu, opt.loop,
	       opt.delay_us || opt.slow_pat ? " (PLANTED SLOWDOWN)" : "");
	if (opt.delay_us)
		printf("nsbench: --inject-delay-us %ld adds a busy wait inside "
		       "every timed region\n", opt.delay_us);
	if (opt.slow_pat)
		printf("nsbench: --inject-slowdown makes '%s' %.2fx slower\n",
		       opt.slow_pat, opt.slow_factor);
	if (!init_pidns || !init_userns)
		printf("nsbench: started below the initial pid/user ns: nesting "
		       "levels are relative to the start\n");
}

/* The results are in: JSON, then the comparison. 0, 1 (regression), 2. */
static int finish(const char *mode)
{
	int regress = 0;

	if (opt.json && json_write(opt.json, mode, res, nres))
		return 2;
	if (opt.compare)
		regress = compare(res, nres, baseline, nbase);
	fflush(stdout);
	return regress < 0 ? 2 : regress ? 1 : 0;
}

/* One run: what main() passes its bench root. */
struct run_arg {
	const char *mode, *path;
};

/* The bench root of one run: measures, writes the run's JSON to a->path. */
static int bench_root(int sock, void *arg)
{
	const struct run_arg *a = arg;
	const char *mode = a->mode;
	int rc;

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
	build_ops();
	run_all();
	nsc_child_kill(&C.target);
	rc = json_write(a->path, mode, res, nres);
	fflush(stdout);
	return rc ? 2 : 0;
}

/* Starts the bench root of one run in fresh namespaces and waits for it. */
static int one_run(uint64_t flags, const struct run_arg *a)
{
	struct nsc_child root = NSC_CHILD_INIT;
	int rc;

	if (nsc_child_start(&root, flags, bench_root, (void *)a)) {
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
	nsc_send_byte(root.sock, 'g');
	rc = nsc_child_wait(&root);
	return rc == 0 ? 0 : 2;
}

/*
 * Without --cpu, run r is pinned to the (r mod n)-th CPU we may use: the
 * CPUs of a shared machine (or a VM's vCPUs) have slow phases of their own
 * (a 2 us syscall took 1.8 us on one vCPU and 2.8 us on the other for a
 * while here), so each side of a comparison must see every CPU, and a slow
 * one then shows as spread between runs rather than as a shift.
 */
static void pin_run(int r)
{
	static cpu_set_t allowed;
	static int n = -1;
	cpu_set_t one;
	int k = 0;

	if (opt.cpu >= 0)
		return;
	if (n < 0) {
		if (sched_getaffinity(0, sizeof(allowed), &allowed))
			CPU_ZERO(&allowed);
		n = CPU_COUNT(&allowed);
	}
	for (int c = 0; n > 0 && c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &allowed) || k++ != r % n)
			continue;
		CPU_ZERO(&one);
		CPU_SET(c, &one);
		sched_setaffinity(0, sizeof(one), &one);	/* else: as it was */
		return;
	}
}

/* --runs independent runs, one after the other, pooled into res. */
static int measure(uint64_t flags, const char *mode)
{
	static struct metric *run[MAX_RUNS];
	static int nrun[MAX_RUNS];
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300];
	struct run_arg a = { mode, path };
	int rc = 0, r;

	/* absolute: the bench root's setns() into mount namespaces moves its
	 * working directory to their root */
	snprintf(dir, sizeof(dir), "%s/nsbench.XXXXXX",
		 tmp && *tmp == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "nsbench: mkdtemp %s: %s\n", dir, strerror(errno));
		return 2;
	}
	print_header(mode);
	for (r = 0; r < opt.runs && !rc; r++) {
		uint64_t t0 = now_ns();

		snprintf(path, sizeof(path), "%s/run%d.json", dir, r + 1);
		pin_run(r);
		rc = one_run(flags, &a);
		if (!rc && json_load(path, &run[r], &nrun[r]))
			rc = 2;
		unlink(path);
		fprintf(stderr, "nsbench: run %d/%d on CPU %d %s (%.1f s)\n",
			r + 1, opt.runs, sched_getcpu(), rc ? "failed" : "done",
			us_since(t0, now_ns()) / 1e6);
	}
	rmdir(dir);
	if (rc)
		return rc;
	nres = runs_merge(run, nrun, opt.runs, res, MAX_OPS * 2);
	print_table_head();
	for (int i = 0; i < nres; i++)
		print_row(&res[i]);
	return finish(mode);
}

/* --input: a saved run stands in for a measurement. */
static int from_input(void)
{
	struct metric *in;
	int n;

	if (json_load(opt.input, &in, &n))
		return 2;
	printf("nsbench: results from %s\n", opt.input);
	print_table_head();
	for (int i = 0; i < n && nres < MAX_OPS * 2; i++) {
		if (!name_selected(in[i].name))
			continue;
		res[nres] = in[i];
		print_row(&res[nres++]);
	}
	return finish("input");
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: nsbench [options]\n"
"  --runs N             independent runs, each a fresh process in fresh\n"
"                       namespaces (default 8; --compare needs 4 or more)\n"
"  --samples N          timed samples per operation and run (default 20)\n"
"  --warmup N           untimed rounds first (default 2)\n"
"  --loop N             iterations of the create+destroy loops (default 32)\n"
"  --quick              4 runs of 5 samples, 1 warm-up, loops x8\n"
"  --cpu N              pin every run to CPU N (default: runs take the\n"
"                       CPUs by turns)\n"
"  --filter PATTERNS    only operations matching (comma-separated;\n"
"                       substring, or a glob if it has * ? [)\n"
"  --list               list the operations and exit\n"
"  --json FILE          write the results (with every sample) as JSON\n"
"  --compare FILE       compare with a JSON baseline; exit 1 when one\n"
"                       operation regressed: the 95%% interval of the ratio\n"
"                       of its run medians lies wholly above the bar\n"
"                       1 + max(threshold, either side's run spread)\n"
"  --threshold PCT      change that counts (default 25%%)\n"
"  --floor US           ...and only beyond this many us (default 0.5)\n"
"  --inject-delay-us N  busy-wait N us inside every timed region\n"
"  --inject-slowdown PATTERNS=F  make the matching operations F times\n"
"                       slower (both to test --compare)\n"
"  --userns             run inside a user namespace even as root\n"
"  --input FILE         measure nothing: take the results from an nsbench\n"
"                       JSON file (to --compare two saved runs)\n"
"Exit: 0 ok, 1 regression found by --compare, 2 error.\n");
}

static int parse_slowdown(const char *arg)
{
	static char pat[200];
	char *eq;

	snprintf(pat, sizeof(pat), "%s", arg);
	eq = strrchr(pat, '=');
	if (!eq)
		return -1;
	*eq = 0;
	opt.slow_pat = pat;
	opt.slow_factor = atof(eq + 1);
	return opt.slow_factor >= 1.0 && pat[0] ? 0 : -1;
}

static int parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "runs", 1, NULL, 'r' }, { "samples", 1, NULL, 's' }, { "warmup", 1, NULL, 'w' },
		{ "loop", 1, NULL, 'l' }, { "quick", 0, NULL, 'q' },
		{ "cpu", 1, NULL, 'c' }, { "filter", 1, NULL, 'f' },
		{ "list", 0, NULL, 'L' }, { "json", 1, NULL, 'j' },
		{ "compare", 1, NULL, 'C' }, { "threshold", 1, NULL, 't' },
		{ "floor", 1, NULL, 'F' }, { "inject-delay-us", 1, NULL, 'd' },
		{ "inject-slowdown", 1, NULL, 'S' },
		{ "userns", 0, NULL, 'u' }, { "input", 1, NULL, 'i' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'r': opt.runs = atoi(optarg); break;
		case 's': opt.samples = atoi(optarg); break;
		case 'w': opt.warmup = atoi(optarg); break;
		case 'l': opt.loop = atoi(optarg); break;
		case 'q':
			opt.quick = true;
			opt.runs = MIN_RUNS;
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
		case 'S':
			if (parse_slowdown(optarg))
				return 2;
			break;
		case 'u': opt.userns = true; break;
		case 'i': opt.input = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: return 2;
		}
	}
	if (optind < argc || opt.runs < 1 || opt.runs > MAX_RUNS ||
	    opt.samples < 1 || opt.warmup < 0 ||
	    opt.loop < 1 || opt.delay_us < 0 || opt.threshold < 0)
		return 2;
	if (opt.nest_samples > opt.samples)
		opt.nest_samples = opt.samples;
	return 0;
}

static int list_ops(void)
{
	C.pid_level = 1;
	C.user_level = 0;
	build_ops();
	for (int i = 0; i < nops; i++)
		for (int k = 0; k < ops[i].nout; k++)
			if (op_selected(&ops[i]))
				printf("%s\n", ops[i].name[k]);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t flags = NSC_ALL_NS_FLAGS & ~(uint64_t)CLONE_NEWUSER;
	const char *mode = "root", *why_not;

	if (parse_args(argc, argv)) {
		usage(stderr);
		return 2;
	}
	init_pidns = nsc_ns_ino(0, "pid") == PROC_PID_INIT_INO;
	init_userns = nsc_ns_ino(0, "user") == PROC_USER_INIT_INO;
	if (opt.list)
		return list_ops();
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
	if (opt.compare && json_load(opt.compare, &baseline, &nbase))
		return 2;
	if (opt.input)
		return from_input();
	for (int t = 0; t < NSC_NS_COUNT; t++)
		if (nsc_need_nstype(&nsc_nstypes[t]))
			flags &= ~(uint64_t)nsc_nstypes[t].flag;
	if (opt.userns || nsc_need_root()) {
		mode = "userns";
		why_not = nsc_need_userns();
		if (why_not) {
			printf("nsbench: every operation skipped: not root, and "
			       "%s\n", why_not);
			return finish("none");
		}
		flags |= CLONE_NEWUSER;
	}
	return measure(flags, mode);
}
