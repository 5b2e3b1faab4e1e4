// SPDX-License-Identifier: GPL-2.0
/* /proc/PID/mountinfo parsing and private mount sandboxes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "nsc.h"

/* Copies one space-separated field, decoding \ooo escapes. */
static char *field(char *p, char *dst, size_t len)
{
	size_t o = 0;

	while (*p == ' ')
		p++;
	while (*p && *p != ' ' && *p != '\n') {
		char c = *p++;

		if (c == '\\' && p[0] >= '0' && p[0] <= '7' && p[1] && p[2]) {
			c = (char)(((p[0] - '0') << 6) | ((p[1] - '0') << 3) |
				   (p[2] - '0'));
			p += 3;
		}
		if (o + 1 < len)
			dst[o++] = c;
	}
	dst[o] = '\0';
	return p;
}

static int parse_line(char *line, struct nsc_mountinfo *m)
{
	char tmp[256], *p = line, *sep;
	size_t ol = 0;

	memset(m, 0, sizeof(*m));
	if (sscanf(line, "%d %d %u:%u", &m->id, &m->parent, &m->major,
		   &m->minor) != 4)
		return -1;
	for (int i = 0; i < 3; i++)
		p = field(p, tmp, sizeof(tmp));
	p = field(p, m->root, sizeof(m->root));
	p = field(p, m->mnt_point, sizeof(m->mnt_point));
	p = field(p, m->opts, sizeof(m->opts));
	sep = strstr(p, " - ");
	if (!sep)
		return -1;
	*sep = '\0';
	while (*p) {
		p = field(p, tmp, sizeof(tmp));
		if (!tmp[0])
			break;
		ol += snprintf(m->optional + ol,
			       ol < sizeof(m->optional) ? sizeof(m->optional) - ol : 0,
			       "%s%s", ol ? " " : "", tmp);
	}
	p = sep + 3;
	p = field(p, m->fstype, sizeof(m->fstype));
	p = field(p, m->source, sizeof(m->source));
	field(p, m->super_opts, sizeof(m->super_opts));
	return 0;
}

int nsc_mountinfo_each(pid_t pid,
		       int (*fn)(const struct nsc_mountinfo *m, void *arg),
		       void *arg)
{
	char path[64], *line = NULL;
	struct nsc_mountinfo m;
	size_t cap = 0;
	int ret = 0;
	FILE *f;

	f = fopen(nsc_proc_path(path, sizeof(path), pid, "mountinfo"), "re");
	if (!f)
		return -1;
	while (getline(&line, &cap, f) > 0) {
		if (parse_line(line, &m))
			continue;
		ret = fn(&m, arg);
		if (ret)
			break;
	}
	free(line);
	fclose(f);
	return ret;
}

struct find_arg {
	const char *mp;
	struct nsc_mountinfo *out;
	bool found;
};

static int find_cb(const struct nsc_mountinfo *m, void *arg)
{
	struct find_arg *a = arg;

	if (!strcmp(m->mnt_point, a->mp)) {
		*a->out = *m;
		a->found = true;
	}
	return 0;
}

int nsc_mountinfo_find(pid_t pid, const char *mnt_point,
		       struct nsc_mountinfo *out)
{
	struct find_arg a = { mnt_point, out, false };

	if (nsc_mountinfo_each(pid, find_cb, &a) < 0)
		return -1;
	if (!a.found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static int count_cb(const struct nsc_mountinfo *m, void *arg)
{
	(void)m;
	(*(int *)arg)++;
	return 0;
}

int nsc_mountinfo_count(pid_t pid)
{
	int n = 0;

	if (nsc_mountinfo_each(pid, count_cb, &n) < 0)
		return -1;
	return n;
}

int nsc_mnt_tag(const struct nsc_mountinfo *m, const char *tag)
{
	size_t tl = strlen(tag);
	const char *p = m->optional;

	while (*p) {
		if (!strncmp(p, tag, tl) && p[tl] == ':')
			return atoi(p + tl + 1);
		p = strchr(p, ' ');
		if (!p)
			break;
		p++;
	}
	return 0;
}

bool nsc_mnt_unbindable(const struct nsc_mountinfo *m)
{
	return strstr(m->optional, "unbindable") != NULL;
}

int nsc_private_mntns(void)
{
	if (nsc_unshare_checked(CLONE_NEWNS))
		return -1;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

int nsc_sandbox_tmpfs(const char *dir)
{
	if (nsc_private_mntns())
		return -1;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -1;
	return mount("nsc-sandbox", dir, "tmpfs", 0, "mode=0755");
}
