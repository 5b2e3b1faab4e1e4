// SPDX-License-Identifier: GPL-2.0
/* Network observation through kernel APIs (never through tool output). */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nsc.h"

static int ctl_sock(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

/* SIOCGIFFLAGS, then (set) SIOCSIFFLAGS with IFF_UP as up says. */
static int if_flags_op(const char *ifname, short *flags, bool set, bool up)
{
	struct ifreq ifr;
	int s = ctl_sock(), ret, saved;

	if (s < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ret = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (!ret && set) {
		if (up)
			ifr.ifr_flags |= IFF_UP;
		else
			ifr.ifr_flags &= ~IFF_UP;
		ret = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	saved = errno;
	close(s);
	errno = saved;
	if (!ret && flags)
		*flags = ifr.ifr_flags;
	return ret;
}

int nsc_if_flags(const char *ifname, short *flags)
{
	return if_flags_op(ifname, flags, false, false);
}

int nsc_if_set_up(const char *ifname, bool up)
{
	return if_flags_op(ifname, NULL, true, up);
}

int nsc_if_list(char *buf, size_t len)
{
	struct if_nameindex *ni = if_nameindex(), *p;
	size_t off = 0;
	int n = 0;

	if (!ni)
		return -1;
	if (buf && len)
		buf[0] = '\0';
	for (p = ni; p->if_index; p++, n++)
		if (buf && off < len)
			off += snprintf(buf + off, len - off, "%s%s",
					n ? " " : "", p->if_name);
	if_freenameindex(ni);
	return n;
}

bool nsc_if_fallback_tunnel(const char *name)
{
	static const char *const fb[] = { "sit0", "tunl0", "ip6tnl0", "gre0",
		"gretap0", "erspan0", "ip6gre0", "ip6erspan0", "ip_vti0",
		"ip6_vti0" };

	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		if (!strcmp(name, fb[i]))
			return true;
	return false;
}

int nsc_if_fallback_count(void)
{
	struct if_nameindex *ni = if_nameindex(), *p;
	int n = 0;

	if (!ni)
		return -1;
	for (p = ni; p->if_index; p++)
		n += nsc_if_fallback_tunnel(p->if_name);
	if_freenameindex(ni);
	return n;
}

int nsc_if_addr_count(const char *ifname, int family)
{
	struct ifaddrs *ifa, *p;
	int n = 0;

	if (getifaddrs(&ifa))
		return -1;
	for (p = ifa; p; p = p->ifa_next) {
		if (!p->ifa_addr || strcmp(p->ifa_name, ifname))
			continue;
		if (family ? p->ifa_addr->sa_family == family :
			     (p->ifa_addr->sa_family == AF_INET ||
			      p->ifa_addr->sa_family == AF_INET6))
			n++;
	}
	freeifaddrs(ifa);
	return n;
}
