// SPDX-License-Identifier: GPL-2.0
/* The helpers net_util.h declares, compiled once for the suite's programs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "net_util.h"

/* A dump's names joined by spaces into buf, and their count. */
struct link_dump {
	char *buf;
	size_t len, off;
	int count;
};

static void link_dump_add(struct link_dump *d, const char *name)
{
	if (d->off < d->len)
		d->off += snprintf(d->buf + d->off, d->len - d->off, "%s%s",
				   d->count ? " " : "", name);
	d->count++;
}

ino_t fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : st.st_ino;
}

ino_t cur_netns_ino(void)
{
	return nsc_ns_ino(0, "net");
}

int netns_open_cur(void)
{
	return open("/proc/self/ns/net", O_RDONLY);
}

int netns_new(void)
{
	if (nsc_unshare_checked(CLONE_NEWNET))
		return -1;
	return netns_open_cur();
}

int netns_enter(int fd)
{
	return setns(fd, CLONE_NEWNET);
}

const char *fd_path(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/%d/fd/%d", (int)getpid(), fd);
	return buf;
}

int ip_batch(struct nsc_run *r, const char *cmds)
{
	char path[64];
	int fd, ret;

	memset(r, 0, sizeof(*r));
	fd = memfd_create("nsc-ip-batch", 0);
	if (fd < 0)
		return -1;
	if (write(fd, cmds, strlen(cmds)) != (ssize_t)strlen(cmds)) {
		close(fd);
		return -1;
	}
	ret = nsc_ip(r, "-batch", fd_path(path, sizeof(path), fd), NULL);
	close(fd);
	return ret;
}

static void link_dump_one(const struct nlmsghdr *h, void *arg)
{
	struct link_dump *d = arg;
	struct link_info li;

	link_parse(h, &li);
	if (h->nlmsg_type == RTM_NEWLINK)
		link_dump_add(d, li.name);
}

int link_dump(char *buf, size_t len)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct link_dump d = { buf, len, 0, 0 };
	struct nl_msg m;
	int ret;

	buf[0] = '\0';
	nl_init(&m, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
	ret = nl_talk(NETLINK_ROUTE, &m, link_dump_one, &d);
	return ret ? ret : d.count;
}

bool word_in(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[wl] == ' ' || !p[wl]))
			return true;
		p += wl;
	}
	return false;
}

int link_wait_running(int ev, const char *const *names)
{
	static char buf[32768];

	for (;;) {
		struct pollfd p = { ev, POLLIN, 0 };
		bool all = true;
		short flags;
		int r;

		for (const char *const *n = names; *n; n++) {
			if (nsc_if_flags(*n, &flags))
				return -1;
			if (!(flags & IFF_RUNNING))
				all = false;
		}
		if (all)
			return 0;
		r = poll(&p, 1, NET_WAIT_MS);
		if (r == 0)
			errno = ETIMEDOUT;
		if (r <= 0 || recv(ev, buf, sizeof(buf), 0) < 0)
			return -1;
	}
}

static void nft_table_one(const struct nlmsghdr *h, void *arg)
{
	struct link_dump *d = arg;
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct nfgenmsg));
	struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(h) +
					     NLMSG_ALIGN(sizeof(struct nfgenmsg)));

	if ((h->nlmsg_type & 0xff) != NFT_MSG_NEWTABLE)
		return;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == NFTA_TABLE_NAME)
			link_dump_add(d, (char *)RTA_DATA(a));
}

int nft_tables(char *buf, size_t len)
{
	struct nfgenmsg g = { .nfgen_family = AF_UNSPEC,
			      .version = NFNETLINK_V0 };
	struct link_dump d = { buf, len, 0, 0 };
	struct nl_msg m;
	int ret;

	buf[0] = '\0';
	nl_init(&m, (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE, NLM_F_DUMP,
		&g, sizeof(g));
	ret = nl_talk(NETLINK_NETFILTER, &m, nft_table_one, &d);
	return ret ? ret : d.count;
}

int if_addr4_up(const char *ifname, const char *addr, int prefix)
{
	struct ifreq ifr;
	struct sockaddr_in *sa = (struct sockaddr_in *)&ifr.ifr_addr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret, e;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	sa->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sa->sin_addr);
	ret = ioctl(s, SIOCSIFADDR, &ifr);
	if (!ret) {
		sa->sin_addr.s_addr = htonl(prefix ? ~0U << (32 - prefix) : 0);
		ret = ioctl(s, SIOCSIFNETMASK, &ifr);
	}
	e = errno;
	close(s);
	errno = e;
	return ret ? ret : nsc_if_set_up(ifname, true);
}

struct sockaddr_in sin4(const char *addr, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };

	inet_pton(AF_INET, addr, &sa.sin_addr);
	return sa;
}

static void sock_bound(int s)
{
	struct timeval tv = { NET_WAIT_MS / 1000, 0 };

	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * A socket of TYPE bound to ADDR:PORT (0: ephemeral, *port gets it); a
 * stream socket also listens, a datagram one gets the I/O bound. -1 + errno.
 */
static int inet_bound(int type, const char *addr, int *port)
{
	struct sockaddr_in sa = sin4(addr, *port);
	socklen_t sl = sizeof(sa);
	int one = 1, s = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -1;
	if (type == SOCK_STREAM)
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	else
		sock_bound(s);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) ||
	    (type == SOCK_STREAM && listen(s, 8)) ||
	    getsockname(s, (struct sockaddr *)&sa, &sl)) {
		int e = errno;

		close(s);
		errno = e;
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return s;
}

int tcp_listen(const char *addr, int *port)
{
	return inet_bound(SOCK_STREAM, addr, port);
}

int tcp_try_connect(const char *addr, int port)
{
	struct sockaddr_in sa = sin4(addr, port);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), e = 0;

	if (s < 0)
		return errno;
	sock_bound(s);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)))
		e = errno;
	close(s);
	return e;
}

int tcp_accept_one(int ls)
{
	struct pollfd p = { ls, POLLIN, 0 };
	int r = poll(&p, 1, NET_WAIT_MS), c;

	if (r <= 0)
		return r ? errno : ETIMEDOUT;
	c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		return errno;
	close(c);
	return 0;
}

int tcp_reach(int ls, const char *addr, int port)
{
	int e = tcp_try_connect(addr, port);

	return e ? e : tcp_accept_one(ls);
}

int udp_bind(const char *addr, int *port)
{
	return inet_bound(SOCK_DGRAM, addr, port);
}

/*
 * The error of a send/recv that returned n where want bytes were due: its
 * errno when it failed, EBADMSG when it moved another count (errno is then
 * stale, possibly 0, and must not be taken for the answer).
 */
static int io_err(ssize_t n, size_t want)
{
	if (n < 0)
		return errno ? errno : EIO;
	return n == (ssize_t)want ? 0 : EBADMSG;
}

int udp_try_send(const char *addr, int port)
{
	struct sockaddr_in sa = sin4(addr, port);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), e = 0;

	if (s < 0)
		return errno;
	e = io_err(sendto(s, "nsc", 3, 0, (struct sockaddr *)&sa, sizeof(sa)), 3);
	close(s);
	return e;
}

int udp_recv_one(int rs)
{
	char b[8];

	return io_err(recv(rs, b, sizeof(b), 0), 3);
}

int icmp_echo(const char *addr)
{
	struct sockaddr_in sa = sin4(addr, 0);
	struct icmphdr req = { .type = ICMP_ECHO }, rep;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
	int e = 0;

	if (s < 0)
		return errno;
	sock_bound(s);
	req.un.echo.sequence = htons(1);
	e = io_err(sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&sa,
			  sizeof(sa)), sizeof(req));
	if (!e)
		e = io_err(recv(s, &rep, sizeof(rep), 0), sizeof(rep));
	if (!e && rep.type != ICMP_ECHOREPLY)
		e = EPROTO;
	close(s);
	return e;
}

int ping_allow_self(void)
{
	char v[64];

	snprintf(v, sizeof(v), "%u %u", (unsigned int)getegid(),
		 (unsigned int)getegid());
	return nsc_write_file("/proc/sys/net/ipv4/ping_group_range", v);
}

int addr_count_all(void)
{
	struct ifaddrs *ifa, *p;
	int n = 0;

	if (getifaddrs(&ifa))
		return -1;
	for (p = ifa; p; p = p->ifa_next)
		if (p->ifa_addr && (p->ifa_addr->sa_family == AF_INET ||
				    p->ifa_addr->sa_family == AF_INET6))
			n++;
	freeifaddrs(ifa);
	return n;
}

bool has_addr(const char *ifname, int family, const char *addr)
{
	struct ifaddrs *ifa, *p;
	unsigned char want[16];
	bool found = false;

	if (inet_pton(family, addr, want) != 1 || getifaddrs(&ifa))
		return false;
	for (p = ifa; p; p = p->ifa_next) {
		const void *got;

		if (!p->ifa_addr || p->ifa_addr->sa_family != family ||
		    strcmp(p->ifa_name, ifname))
			continue;
		got = family == AF_INET ?
		      (const void *)&((struct sockaddr_in *)p->ifa_addr)->sin_addr :
		      (const void *)&((struct sockaddr_in6 *)p->ifa_addr)->sin6_addr;
		if (!memcmp(got, want, family == AF_INET ? 4 : 16))
			found = true;
	}
	freeifaddrs(ifa);
	return found;
}

long if_tx_dropped(const char *ifname)
{
	struct ifaddrs *ifa, *p;
	long v = -1;

	if (getifaddrs(&ifa))
		return -1;
	for (p = ifa; p; p = p->ifa_next)
		if (p->ifa_addr && p->ifa_addr->sa_family == AF_PACKET &&
		    p->ifa_data && !strcmp(p->ifa_name, ifname))
			v = ((struct rtnl_link_stats *)p->ifa_data)->tx_dropped;
	freeifaddrs(ifa);
	return v;
}

int proc_table_rows(const char *path, int header_lines)
{
	static char buf[65536];
	int lines = 0;

	if (nsc_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			lines++;
	/* /proc/net/route is empty, header included, until a main table exists */
	return lines ? lines - header_lines : 0;
}
