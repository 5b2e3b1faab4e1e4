// SPDX-License-Identifier: GPL-2.0
/* The helpers cg_util.h declares, compiled once for the suite's programs. */
#include "cg_util.h"

struct cg2_found {
	char mnt[256];
	int up;
};

/* A cgroup2 mount whose root is our cgroup ns root ("/") or above it
 * ("/.." per level: mounted outside our cgroup ns, as in a container). */
static int cg2_mount_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct cg2_found *f = arg;
	const char *r = m->root;
	int up = 0;

	if (strcmp(m->fstype, "cgroup2"))
		return 0;
	while (!strncmp(r, "/..", 3)) {
		r += 3;
		up++;
	}
	if (*r && strcmp(r, "/"))
		return 0;	/* a bind mount of some subtree */
	snprintf(f->mnt, sizeof(f->mnt), "%s", m->mnt_point);
	f->up = up;
	return 1;
}

/* Mount point of the cgroup2 hierarchy wherever mountinfo has it, or -1
 * ENOENT; *up as in struct cg_scratch (may be NULL). */
static int cg2_find_mount_up(char *mnt, int *up)
{
	struct cg2_found f;
	int r = nsc_mountinfo_each(0, cg2_mount_cb, &f);

	if (r == 1) {
		snprintf(mnt, 256, "%s", f.mnt);
		if (up)
			*up = f.up;
		return 0;
	}
	if (r == 0)
		errno = ENOENT;	/* else mountinfo itself failed: its errno */
	return -1;
}

int cg2_find_mount(char *mnt)
{
	return cg2_find_mount_up(mnt, NULL);
}

/* "/a" + "b" -> "/a/b", "/" + "b" -> "/b". */
static void cg_join(char *out, size_t len, const char *a, const char *b)
{
	snprintf(out, len, "%s%s%s", a, strcmp(a, "/") ? "/" : "", b);
}

/* Whether pid is listed in DIR/cgroup.procs. */
static bool cg_procs_has(const char *dir, pid_t pid)
{
	char path[1100], buf[65536], *p;
	long v;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return false;
	for (p = buf; *p; ) {
		v = strtol(p, &p, 10);
		if (v == pid)
			return true;
		while (*p == '\n')
			p++;
	}
	return false;
}

/* Our cgroup ns root sits `up` levels below dir: find the directory at
 * that depth where our own cgroup (self, relative to it) lists us. */
static int cg_find_base(char *dir, size_t len, int up, const char *self)
{
	char probe[1100];
	struct dirent *de;
	DIR *d;
	size_t n = strlen(dir);

	if (up == 0) {
		snprintf(probe, sizeof(probe), "%s%s", dir,
			 strcmp(self, "/") ? self : "");
		return cg_procs_has(probe, getpid()) ? 0 : -1;
	}
	d = opendir(dir);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		snprintf(dir + n, len - n, "/%s", de->d_name);
		if (!cg_find_base(dir, len, up - 1, self)) {
			closedir(d);
			return 0;
		}
		dir[n] = '\0';
	}
	closedir(d);
	errno = ENOENT;
	return -1;
}

int cg_path_of(pid_t pid, const char *prefix, char *out, size_t len)
{
	char path[64], buf[4096], *line;
	size_t n = strlen(prefix);

	nsc_proc_path(path, sizeof(path), pid, "cgroup");
	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, prefix, n)) {
			snprintf(out, len, "%s", line + n);
			return 0;
		}
	errno = ENOENT;
	return -1;
}

const char *cg_scratch_make(struct cg_scratch *s)
{
	static char why[600];
	char name[64];

	memset(s, 0, sizeof(*s));
	if (cg2_find_mount_up(s->mnt, &s->up))
		return errno == ENOENT ? "no cgroup2 hierarchy is mounted "
					 "(none in /proc/self/mountinfo)" : NULL;
	if (cg_path_of(0, "0::", s->self, sizeof(s->self)))
		return NULL;
	/* mounted above our cgroup ns (a container's): the directory of
	 * our ns root is the one, that many levels down, holding us */
	snprintf(s->base, sizeof(s->base), "%s", s->mnt);
	if (s->up && cg_find_base(s->base, sizeof(s->base), s->up, s->self))
		return NULL;
	nsc_uniq(name, sizeof(name), "nsc-cg-");
	cg_join(s->rel, sizeof(s->rel), s->self, name);
	snprintf(s->dir, sizeof(s->dir), "%s%s", s->base, s->rel);
	if (mkdir(s->dir, 0755)) {
		if (errno == EACCES || errno == EPERM || errno == EROFS) {
			snprintf(why, sizeof(why),
				 "cgroup2 hierarchy not writable here (mkdir %s: %s)",
				 s->dir, strerror(errno));
			return why;
		}
		return NULL;
	}
	s->made = true;
	return NULL;
}

int cg_scratch_sub(struct cg_scratch *s, const char *sub)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/%s", s->dir, sub);
	if (mkdir(path, 0755))
		return -1;
	if (s->nsub < 4)
		snprintf(s->sub[s->nsub++], sizeof(s->sub[0]), "%s", sub);
	return 0;
}

void cg_scratch_remove(struct cg_scratch *s)
{
	char path[1100];

	if (!s->made)
		return;
	while (s->nsub > 0) {
		snprintf(path, sizeof(path), "%s/%s", s->dir, s->sub[--s->nsub]);
		rmdir(path);
	}
	rmdir(s->dir);
	s->made = false;
}

int cg_move(const struct cg_scratch *s, const char *sub, pid_t pid)
{
	char path[1200], val[16];

	snprintf(path, sizeof(path), "%s%s%s/cgroup.procs", s->dir,
		 sub ? "/" : "", sub ? sub : "");
	snprintf(val, sizeof(val), "%d", (int)pid);
	return nsc_write_file(path, val);
}

int cg_member(int sock, void *arg)
{
	char path[CG_PATH_LEN], buf[4096], *line, *p;
	int cmd, fd;
	pid_t pid;

	while ((cmd = nsc_recv_byte(sock)) > 0) {
		memset(path, 0, sizeof(path));
		switch (cmd) {
		case 'u':
			if (unshare(CLONE_NEWCGROUP))
				return 10;
			break;
		case 's':
			fd = nsc_recv_fd(sock);
			if (fd < 0 || setns(fd, CLONE_NEWCGROUP))
				return 11;
			close(fd);
			break;
		case 'r':
		case 'p':
			pid = 0;
			if (cmd == 'p' && nsc_recv_buf(sock, &pid, sizeof(pid)) !=
					  sizeof(pid))
				return 12;
			if (cg_path_of(pid, "0::", path, sizeof(path)))
				return 13;
			if (nsc_send_buf(sock, path, sizeof(path)))
				return 14;
			continue;
		case 'a':
			if (nsc_read_file("/proc/self/cgroup", buf, sizeof(buf)) < 0)
				return 15;
			for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
				p = strchr(line, ':');
				p = p ? strchr(p + 1, ':') : NULL;
				if (!p || strcmp(p + 1, "/")) {
					nsc_child_log(__FILE__, __LINE__,
						      "line '%s' is not at /", line);
					return 16;
				}
			}
			break;
		case 'x':
			return 0;
		default:
			return 17;
		}
		if (nsc_send_byte(sock, 'k'))
			return 18;
	}
	return 19;
}

int cg_cmd(struct nsc_child *c, char cmd)
{
	return nsc_send_byte(c->sock, cmd) || nsc_recv_byte(c->sock) != 'k' ? -1 : 0;
}

int cg_view(struct nsc_child *c, pid_t pid, char *out)
{
	if (nsc_send_byte(c->sock, pid ? 'p' : 'r'))
		return -1;
	if (pid && nsc_send_buf(c->sock, &pid, sizeof(pid)))
		return -1;
	return nsc_recv_buf(c->sock, out, CG_PATH_LEN) == CG_PATH_LEN ? 0 : -1;
}
