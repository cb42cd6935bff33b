// SPDX-License-Identifier: GPL-2.0
/*
 * TCP links on kernel sockets.  One listening socket on the local node's
 * cluster address and port; an accept loop runs as a work item and blocks
 * in kernel_accept() until hive_tcp_unlisten() shuts the socket down.
 * Every link has TCP_NODELAY, at most 128 KiB unsent in its socket
 * (TCP_NOTSENT_LOWAT), TCP keepalive (5 s idle, 2 s interval, 3 probes),
 * and a 5 s connect and send timeout.  A dialed link leaves from
 * the local member's address, the one its peer checks.  Encryption is the
 * kernel's TLS (kTLS, the tls module) installed on the socket after hive's
 * own handshake: TLS 1.3 records with AES-128-GCM, keys from the handshake.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/tls.h>
#include <net/sock.h>
#include <net/tcp.h>
#include "link.h"
#include "transport.h"

struct hive_link {
	struct socket *sock;
};

#define HIVE_TCP_TIMEOUT	(5 * HZ)
#define HIVE_TCP_BACKLOG	64

/*
 * The listener.  hive_tcp_listener and hive_tcp_accepted are set by
 * hive_tcp_listen() before the accept work is queued and cleared by
 * hive_tcp_unlisten() after it finished; both run under
 * hive_transport_lock, so no other lock is needed.  hive_tcp_stopping
 * tells the accept loop that its socket's error is the end.
 */
static struct socket *hive_tcp_listener;
static void (*hive_tcp_accepted)(struct hive_link *link);
static struct work_struct hive_tcp_accept_work;
static bool hive_tcp_stopping;

/* @m's address and @port in @ss. */
static void hive_tcp_sockaddr(const struct hive_view_member *m, u16 port,
			      struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (m->family == HIVE_ADDR_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, m->addr, 4);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, m->addr, 16);
	}
}

/* A TCP socket of @m's address family, and @m's address in @ss. */
static int hive_tcp_socket(const struct hive_view_member *m,
			   struct socket **sockp, struct sockaddr_storage *ss)
{
	hive_tcp_sockaddr(m, m->port, ss);
	return sock_create_kern(&init_net, ss->ss_family, SOCK_STREAM,
				IPPROTO_TCP, sockp);
}

static int hive_tcp_addrlen(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					  sizeof(struct sockaddr_in6);
}

/*
 * Unsent bytes a link's socket takes beyond those in flight.  Kept small,
 * so that what waits to be sent waits in the peer's lanes, where an urgent
 * frame goes ahead of bulk ones, rather than in the socket, where it
 * could not (Documentation/transport.rst, "Lanes").
 */
#define HIVE_TCP_NOTSENT_LOWAT	(128 << 10)

static int hive_tcp_tune(struct socket *sock)
{
	int lowat = HIVE_TCP_NOTSENT_LOWAT;
	struct sock *sk = sock->sk;

	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, 5);
	tcp_sock_set_keepintvl(sk, 2);
	tcp_sock_set_keepcnt(sk, 3);
	sk->sk_sndtimeo = HIVE_TCP_TIMEOUT;
	sk->sk_rcvtimeo = HIVE_TCP_TIMEOUT;
	sk->sk_allocation = GFP_KERNEL;
	return sock->ops->setsockopt(sock, SOL_TCP, TCP_NOTSENT_LOWAT,
				     KERNEL_SOCKPTR(&lowat), sizeof(lowat));
}

/* A link on @sock, which it takes: released on failure. */
static int hive_tcp_link(struct socket *sock, struct hive_link **linkp)
{
	struct hive_link *link = kzalloc(sizeof(*link), GFP_KERNEL);
	int err = link ? hive_tcp_tune(sock) : -ENOMEM;

	if (err) {
		kfree(link);
		sock_release(sock);
		return err;
	}
	link->sock = sock;
	*linkp = link;
	return 0;
}

/*
 * Accept until hive_tcp_unlisten() shuts the socket down.  Any other error
 * (memory, a connection reset before it was accepted) is about one
 * connection: say so and go on.
 */
static void hive_tcp_accept_loop(struct work_struct *work)
{
	for (;;) {
		struct hive_link *link;
		struct socket *sock;
		int err;

		err = kernel_accept(hive_tcp_listener, &sock, 0);
		if (err && READ_ONCE(hive_tcp_stopping))
			break;
		if (err) {
			pr_warn_ratelimited("accepting a connection failed: error %d\n",
					    err);
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		err = hive_tcp_link(sock, &link);
		if (err)
			pr_warn_ratelimited("setting up an accepted connection failed: error %d\n",
					    err);
		else
			hive_tcp_accepted(link);
	}
}

static int hive_tcp_listen(const struct hive_view_member *self,
			   void (*accepted)(struct hive_link *link))
{
	struct sockaddr_storage ss;
	struct socket *sock;
	int err;

	err = hive_tcp_socket(self, &sock, &ss);
	if (err)
		return err;
	sock_set_reuseaddr(sock->sk);
	err = kernel_bind(sock, (struct sockaddr *)&ss, hive_tcp_addrlen(&ss));
	if (!err)
		err = kernel_listen(sock, HIVE_TCP_BACKLOG);
	if (err) {
		sock_release(sock);
		return err;
	}
	hive_tcp_listener = sock;
	hive_tcp_accepted = accepted;
	WRITE_ONCE(hive_tcp_stopping, false);
	INIT_WORK(&hive_tcp_accept_work, hive_tcp_accept_loop);
	queue_work(hive_transport_wq, &hive_tcp_accept_work);
	return 0;
}

static void hive_tcp_unlisten(void)
{
	if (!hive_tcp_listener)
		return;
	/* A listening socket shut down wakes kernel_accept() with -EINVAL. */
	WRITE_ONCE(hive_tcp_stopping, true);
	kernel_sock_shutdown(hive_tcp_listener, SHUT_RDWR);
	flush_work(&hive_tcp_accept_work);
	sock_release(hive_tcp_listener);
	hive_tcp_listener = NULL;
	hive_tcp_accepted = NULL;
}

static int hive_tcp_dial(const struct hive_view_member *from,
			 const struct hive_view_member *to,
			 struct hive_link **linkp)
{
	struct sockaddr_storage ss, src;
	struct hive_link *link;
	struct socket *sock;
	int err;

	if (from->family != to->family)
		return -EAFNOSUPPORT;
	err = hive_tcp_socket(to, &sock, &ss);
	if (err)
		return err;
	err = hive_tcp_link(sock, &link);
	if (err)
		return err;
	hive_tcp_sockaddr(from, 0, &src);
	err = kernel_bind(sock, (struct sockaddr *)&src, hive_tcp_addrlen(&src));
	if (!err)
		err = kernel_connect(sock, (struct sockaddr *)&ss,
				     hive_tcp_addrlen(&ss), 0);
	if (err) {
		sock_release(sock);
		kfree(link);
		return err;
	}
	*linkp = link;
	return 0;
}

static int hive_tcp_remote(struct hive_link *link, struct hive_view_member *from)
{
	struct sockaddr_storage ss;
	int len;

	len = kernel_getpeername(link->sock, (struct sockaddr *)&ss);
	if (len < 0)
		return len;
	memset(from, 0, sizeof(*from));
	if (ss.ss_family == AF_INET) {
		from->family = HIVE_ADDR_INET;
		memcpy(from->addr, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	} else if (ss.ss_family == AF_INET6) {
		from->family = HIVE_ADDR_INET6;
		memcpy(from->addr, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
	} else {
		return -EAFNOSUPPORT;
	}
	return 0;
}

static int hive_tcp_send(struct hive_link *link, struct iov_iter *from,
			 bool more, bool nonblock)
{
	struct msghdr msg = {
		.msg_flags = MSG_NOSIGNAL | (nonblock ? MSG_DONTWAIT : 0) |
			     (more ? MSG_MORE : 0),
		.msg_iter = *from,
	};
	size_t len = iov_iter_count(from);
	int sent;

	if (nonblock) {
		sent = sock_sendmsg(link->sock, &msg);
		/*
		 * kTLS takes its transmit mutex interruptibly, even with
		 * MSG_DONTWAIT: a caller with a signal pending that finds
		 * TLS's own work pushing records gets -EINTR (or
		 * -ERESTARTSYS) with nothing sent.  Leave it to the send
		 * work, as a full socket; never end the connection for it.
		 */
		if (sent == -EINTR || sent == -ERESTARTSYS)
			return -EAGAIN;
		if (sent > 0)
			iov_iter_advance(from, sent);
		return sent ?: -EAGAIN;
	}
	while (msg_data_left(&msg)) {
		sent = sock_sendmsg(link->sock, &msg);
		/* The send timeout: the peer took nothing for 5 s. */
		if (sent == -EAGAIN)
			return -ETIMEDOUT;
		if (sent < 0)
			return sent;
		if (sent == 0)
			return -ECONNRESET;
	}
	iov_iter_advance(from, len);
	return len;
}

static int hive_tcp_recv(struct hive_link *link, struct iov_iter *to)
{
	struct sock *sk = link->sock->sk;
	long timeout = READ_ONCE(sk->sk_rcvtimeo);
	unsigned long end = jiffies + timeout;
	struct msghdr msg = { .msg_iter = *to };
	int err = 0;

	while (msg_data_left(&msg)) {
		int got;

		/* The timeout bounds the whole call, not each partial read. */
		if (timeout != MAX_SCHEDULE_TIMEOUT) {
			if (time_after_eq(jiffies, end)) {
				err = -EAGAIN;
				break;
			}
			WRITE_ONCE(sk->sk_rcvtimeo, end - jiffies);
		}
		msg.msg_flags = MSG_NOSIGNAL;
		got = sock_recvmsg(link->sock, &msg, MSG_WAITALL);
		if (got < 0) {
			err = got == -EINTR || got == -ERESTARTSYS ? -EAGAIN : got;
			break;
		}
		if (got == 0) {
			err = -ECONNRESET;
			break;
		}
	}
	WRITE_ONCE(sk->sk_rcvtimeo, timeout);
	*to = msg.msg_iter;
	return err;
}

/*
 * kTLS key material for one direction from a HIVE_WIRE_KEY_LEN-byte
 * secret: the key, then the salt and the IV that TLS 1.3 turns into each
 * record's nonce with the record number.
 */
static void hive_tcp_tls_info(struct tls12_crypto_info_aes_gcm_128 *info,
			      const u8 *secret)
{
	BUILD_BUG_ON(sizeof(info->key) + sizeof(info->salt) + sizeof(info->iv) >
		     HIVE_WIRE_KEY_LEN);
	memset(info, 0, sizeof(*info));
	info->info.version = TLS_1_3_VERSION;
	info->info.cipher_type = TLS_CIPHER_AES_GCM_128;
	memcpy(info->key, secret, sizeof(info->key));
	memcpy(info->salt, secret + sizeof(info->key), sizeof(info->salt));
	memcpy(info->iv, secret + sizeof(info->key) + sizeof(info->salt),
	       sizeof(info->iv));
}

static int hive_tcp_encrypt(struct hive_link *link, const u8 *tx, const u8 *rx)
{
	struct tls12_crypto_info_aes_gcm_128 info;
	struct socket *sock = link->sock;
	u32 no_pad = 1;
	int err;

	/* Loads the tls module if it is not loaded yet. */
	err = sock->ops->setsockopt(sock, SOL_TCP, TCP_ULP,
				    KERNEL_SOCKPTR("tls"), sizeof("tls") - 1);
	if (err)
		return err;
	hive_tcp_tls_info(&info, tx);
	err = sock->ops->setsockopt(sock, SOL_TLS, TLS_TX,
				    KERNEL_SOCKPTR(&info), sizeof(info));
	if (!err) {
		hive_tcp_tls_info(&info, rx);
		err = sock->ops->setsockopt(sock, SOL_TLS, TLS_RX,
					    KERNEL_SOCKPTR(&info), sizeof(info));
	}
	memzero_explicit(&info, sizeof(info));
	/*
	 * hive never pads a record: TLS 1.3 may then decrypt a record
	 * straight into a receiver's pages instead of into the socket's
	 * buffer and copying it out (a padded one it decrypts again).
	 */
	if (!err)
		err = sock->ops->setsockopt(sock, SOL_TLS, TLS_RX_EXPECT_NO_PAD,
					    KERNEL_SOCKPTR(&no_pad),
					    sizeof(no_pad));
	return err;
}

static void hive_tcp_set_timeout(struct hive_link *link, long timeout)
{
	WRITE_ONCE(link->sock->sk->sk_rcvtimeo, timeout);
}

static void hive_tcp_shutdown(struct hive_link *link)
{
	kernel_sock_shutdown(link->sock, SHUT_RDWR);
}

static void hive_tcp_release(struct hive_link *link)
{
	sock_release(link->sock);
	kfree(link);
}

const struct hive_link_ops hive_tcp_link_ops = {
	.name = "tcp",
	.listen = hive_tcp_listen,
	.unlisten = hive_tcp_unlisten,
	.dial = hive_tcp_dial,
	.remote = hive_tcp_remote,
	.send = hive_tcp_send,
	.recv = hive_tcp_recv,
	.set_timeout = hive_tcp_set_timeout,
	.encrypt = hive_tcp_encrypt,
	.cipher = "aes-128-gcm",
	.shutdown = hive_tcp_shutdown,
	.release = hive_tcp_release,
};
