/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A link is one reliable, ordered byte stream to a peer: what the frame
 * layer (conn.c) needs from a network.  TCP on kernel sockets implements it
 * now (tcp.c); an RDMA implementation would provide the same operations, as
 * net/rds keeps TCP and IB behind one set of ops.  Documentation/transport.rst.
 */
#ifndef HIVE_LINK_H
#define HIVE_LINK_H

#include <linux/types.h>
#include <linux/uio.h>
#include "hive/view.h"

struct hive_link;

/**
 * struct hive_link_ops - one way of carrying bytes between nodes
 * @name: shown in logs
 * @listen: accept links on @self's address and port; each accepted link is
 *	handed to @accepted in process context, which then owns it
 * @unlisten: stop accepting; returns after @accepted has returned for the
 *	last time
 * @dial: open a link from @from's address to @to; bounded by the link's
 *	own connect timeout
 * @remote: the address (family and address; port 0) a link comes from
 * @send: send what @from holds (kvec or bvec), advancing it.  Blocking:
 *	all of it or an error, up to the link's send timeout.  @nonblock:
 *	what the link takes at once, never waiting (a caller's signals and
 *	timers play no part).  @more: more bytes of the same frame follow
 *	at once, so the link may hold these back to send them together.
 *	Return: bytes sent (all when blocking; -EAGAIN instead of 0) or
 *	-errno
 * @recv: fill @to (kvec or bvec) exactly; -EAGAIN when the timeout set by
 *	@set_timeout expires (it bounds the whole call), -ECONNRESET when
 *	the peer closed.  An encrypted link decrypts straight into @to's
 *	pages where it can
 * @set_timeout: receive timeout in jiffies, MAX_SCHEDULE_TIMEOUT for none
 * @encrypt: from now on encrypt and authenticate every byte @send sends
 *	with keys derived from @tx, and check and decrypt every byte @recv
 *	returns with keys derived from @rx (HIVE_WIRE_KEY_LEN bytes each);
 *	a byte that fails its check fails @recv with -EBADMSG.  Called
 *	once, after the last plaintext byte was sent and received and before
 *	the next @send.  Return: 0, -EOPNOTSUPP (a link without it) or
 *	-errno
 * @cipher: the name of what @encrypt uses, as sysfs and logs show it
 * @shutdown: make blocked and later @send/@recv calls fail; any context
 *	that may sleep, callable while another thread uses the link
 * @release: free the link; nobody may use it any more
 *
 * All operations run in process context and may sleep.
 */
struct hive_link_ops {
	const char *name;
	int (*listen)(const struct hive_view_member *self,
		      void (*accepted)(struct hive_link *link));
	void (*unlisten)(void);
	int (*dial)(const struct hive_view_member *from,
		    const struct hive_view_member *to, struct hive_link **linkp);
	int (*remote)(struct hive_link *link, struct hive_view_member *from);
	int (*send)(struct hive_link *link, struct iov_iter *from, bool more,
		    bool nonblock);
	int (*recv)(struct hive_link *link, struct iov_iter *to);
	void (*set_timeout)(struct hive_link *link, long timeout);
	int (*encrypt)(struct hive_link *link, const u8 *tx, const u8 *rx);
	const char *cipher;
	void (*shutdown)(struct hive_link *link);
	void (*release)(struct hive_link *link);
};

extern const struct hive_link_ops hive_tcp_link_ops;

#endif /* HIVE_LINK_H */
