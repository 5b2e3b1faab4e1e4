/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the net suite: network namespaces held by fd, iproute2
 * batches, rtnetlink and nfnetlink reads, and in-process traffic probes.
 * Candidates for lib/ (see the suite's report). Everything observes through
 * kernel APIs; iproute2 only configures.
 */
#ifndef NSC_NET_UTIL_H
#define NSC_NET_UTIL_H

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/net_namespace.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "nsc.h"
#include "nsc_child.h"
#include "nl.h"

/* Every socket wait in this suite is bounded by this (milliseconds). */
#define NET_WAIT_MS 3000

/* ------------------------------------------------------------------ */
/* Network namespaces held by fd                                        */
/* ------------------------------------------------------------------ */

/* Inode of what fd refers to / of the caller's netns; 0 on error. */
ino_t fd_ino(int fd);
ino_t cur_netns_ino(void);

/* Opens the caller's current netns (no O_CLOEXEC: tools may inherit it). */
int netns_open_cur(void);

/*
 * unshare(CLONE_NEWNET) and return an fd for the new netns; the caller is
 * left inside it. Fails with EEXIST when the inode did not change, that is
 * when the kernel silently did not create a namespace.
 */
int netns_new(void);
/* setns(fd, CLONE_NEWNET) */
int netns_enter(int fd);

/* Path an exec'd tool can open to reach our fd (for `ip ... netns PATH`). */
const char *fd_path(char *buf, size_t len, int fd);

#define ASSERT_NETNS_NEW(fdvar) do { \
	(fdvar) = netns_new(); \
	ASSERT_LE(0, (fdvar)) \
		TH_LOG("unshare(CLONE_NEWNET) (EEXIST: same inode as the creator): %m"); \
} while (0)

#define ASSERT_NETNS_ENTER(fd) \
	ASSERT_EQ(0, netns_enter(fd)) TH_LOG("setns(netns fd %d): %m", (fd))

/* ------------------------------------------------------------------ */
/* iproute2 batches (configuration only, never observation)             */
/* ------------------------------------------------------------------ */

/* Runs `ip -batch` over CMDS (newline-separated) in the current netns. */
int ip_batch(struct nsc_run *r, const char *cmds);

#define ASSERT_IP(cmds) do { \
	static struct nsc_run __ipr; \
	char __ipd[512]; \
	ASSERT_EQ(0, ip_batch(&__ipr, (cmds))) \
		TH_LOG("ip -batch <<%s>>: %s", (cmds), \
		       nsc_run_desc(&__ipr, __ipd, sizeof(__ipd))); \
} while (0)

#define CHILD_IP(cmds) do { \
	static struct nsc_run __ipr; \
	char __ipd[512]; \
	CHILD_ASSERT(!ip_batch(&__ipr, (cmds)), "ip -batch <<%s>>: %s", \
		     (cmds), nsc_run_desc(&__ipr, __ipd, sizeof(__ipd))); \
} while (0)

/* ------------------------------------------------------------------ */
/* rtnetlink (the requests themselves are lib/nl.h)                     */
/* ------------------------------------------------------------------ */

/* RTM_GETLINK dump: names joined by spaces into buf; returns the count. */
int link_dump(char *buf, size_t len);

/* True when the space-separated LIST holds WORD. */
bool word_in(const char *list, const char *word);

/*
 * Waits (bounded) until every device in the NULL-terminated NAMES of the
 * current netns is IFF_RUNNING. A device whose carrier came on later gets
 * its qdisc and, as a bridge port, its forwarding state only when the
 * kernel's linkwatch work runs; that work ends with an RTM_NEWLINK on EV
 * (a link_events_open() socket of this netns, opened beforehand).
 */
int link_wait_running(int ev, const char *const *names);

/* Names of the nftables tables in the current netns, via nfnetlink, joined
 * by spaces into buf; returns the count. */
int nft_tables(char *buf, size_t len);

/*
 * Gives IFNAME the IPv4 address ADDR/PREFIX and brings it up, with the
 * SIOCSIF* ioctls: no exec for the far side of a test topology.
 */
int if_addr4_up(const char *ifname, const char *addr, int prefix);

#define ASSERT_ADDR_UP(ifname, addr, prefix) \
	ASSERT_EQ(0, if_addr4_up((ifname), (addr), (prefix))) \
		TH_LOG("%s %s/%d up: %m", (ifname), (addr), (prefix))

/* ------------------------------------------------------------------ */
/* Traffic probes, all in-process and bounded                           */
/* ------------------------------------------------------------------ */

/* ADDR:PORT as an IPv4 socket address. */
struct sockaddr_in sin4(const char *addr, int port);

/* TCP listener on ADDR:PORT (0: ephemeral, *port gets it); -1 + errno. */
int tcp_listen(const char *addr, int *port);

/* connect() to ADDR:PORT from the current netns: 0 or the errno. */
int tcp_try_connect(const char *addr, int port);

/* The listener gets a connection within the bound: 0 or the errno. */
int tcp_accept_one(int ls);

/* TCP round trip from the current netns to a listener: 0 or the errno. */
int tcp_reach(int ls, const char *addr, int port);

/* UDP socket bound to ADDR:PORT (0: ephemeral, *port gets it). */
int udp_bind(const char *addr, int *port);

/* sendto() one datagram to ADDR:PORT from the current netns: 0 or errno. */
int udp_try_send(const char *addr, int port);

/* A datagram (the 3 bytes udp_try_send sends) arrives on RS within the
 * bound: 0, the errno, or EBADMSG for another length. */
int udp_recv_one(int rs);

/*
 * ICMP echo through a ping socket in the current netns. The caller's gid
 * must be inside net.ipv4.ping_group_range of this netns (see
 * ping_allow_self). Returns 0 when the reply came, else the errno.
 */
int icmp_echo(const char *addr);

/* Lets our own gid open ping sockets in the current (throwaway) netns. */
int ping_allow_self(void);

/* Number of IPv4/IPv6 addresses on any device of the current netns. */
int addr_count_all(void);

/* The device carries address ADDR of FAMILY (getifaddrs). */
bool has_addr(const char *ifname, int family, const char *addr);

/* tx_dropped of IFNAME (rtnl_link_stats from getifaddrs); -1 on error. */
long if_tx_dropped(const char *ifname);

/* Number of data lines (header excluded) of a /proc/net table. */
int proc_table_rows(const char *path, int header_lines);

#endif /* NSC_NET_UTIL_H */
