// SPDX-License-Identifier: GPL-2.0
/* Raw generic netlink for hive's selftests: see genl.h. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include "genl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

int genl_open(void)
{
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one))) {
		close(fd);
		return -errno;
	}
	return fd;
}

void genl_msg_init(struct genl_msg *m, uint16_t family, uint8_t cmd)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_type = family;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = 1;
}

void genl_msg_put_raw(struct genl_msg *m, const void *bytes, size_t len)
{
	memcpy(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len), bytes, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + len;
}

void genl_msg_put(struct genl_msg *m, uint16_t type, const void *data,
		  uint16_t len)
{
	struct nlattr *nla = (void *)(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

struct nlattr *genl_msg_nest_start(struct genl_msg *m, uint16_t type)
{
	struct nlattr *nest = (void *)(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));

	nest->nla_type = type | NLA_F_NESTED;
	nest->nla_len = NLA_HDRLEN;
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_HDRLEN;
	return nest;
}

void genl_msg_nest_end(struct genl_msg *m, struct nlattr *nest)
{
	nest->nla_len = m->buf + m->nlh.nlmsg_len - (char *)nest;
}

/* Read the TLVs an error message carries after the echoed request. */
static void genl_parse_ack_tlvs(const struct nlmsghdr *nlh,
				struct genl_answer *a)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *msg, *miss;
	size_t off = sizeof(*err);
	const char *tlvs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	tlvs = (const char *)err + NLMSG_ALIGN(off);
	msg = genl_attr_in(tlvs, end, NLMSGERR_ATTR_MSG);
	if (msg) {
		size_t len = msg->nla_len - NLA_HDRLEN;

		if (len >= sizeof(a->extack))
			len = sizeof(a->extack) - 1;
		memcpy(a->extack, (const char *)msg + NLA_HDRLEN, len);
		a->extack[len] = '\0';
	}
	miss = genl_attr_in(tlvs, end, NLMSGERR_ATTR_MISS_TYPE);
	if (miss && miss->nla_len == NLA_HDRLEN + sizeof(uint32_t))
		memcpy(&a->miss_type, (const char *)miss + NLA_HDRLEN, sizeof(uint32_t));
}

/*
 * Send @m and read answers, calling @on_msg for each message until it
 * returns non-zero.  Return: 0, or -errno from the socket.
 */
static int genl_exchange(int fd, struct genl_msg *m,
			 int (*on_msg)(const struct nlmsghdr *nlh, void *ctx),
			 void *ctx)
{
	char buf[32768];

	if (send(fd, m->buf, m->nlh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh = (void *)buf;

		if (n < 0)
			return -errno;
		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n))
			if (on_msg(nlh, ctx))
				return 0;
	}
}

struct genl_transaction {
	uint32_t seq;
	struct genl_answer *a;
};

/* One request: keep its reply, stop at its acknowledgement or error. */
static int genl_on_answer(const struct nlmsghdr *nlh, void *ctx)
{
	struct genl_transaction *t = ctx;

	if (nlh->nlmsg_seq != t->seq)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		t->a->error = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		genl_parse_ack_tlvs(nlh, t->a);
		return 1;
	}
	memcpy(t->a->reply.buf, nlh, nlh->nlmsg_len);
	t->a->has_reply = 1;
	return 0;
}

int genl_transact(int fd, struct genl_msg *m, struct genl_answer *a)
{
	static uint32_t seq;
	struct genl_transaction t = { .seq = ++seq, .a = a };

	memset(a, 0, sizeof(*a));
	a->miss_type = -1;
	m->nlh.nlmsg_seq = t.seq;
	return genl_exchange(fd, m, genl_on_answer, &t);
}

/* The attribute of @type among those from @start to @end, bounds-checked. */
const struct nlattr *genl_attr_in(const void *start, const void *end,
				  uint16_t type)
{
	const struct nlattr *nla = start;

	while ((const char *)nla + NLA_HDRLEN <= (const char *)end &&
	       nla->nla_len >= NLA_HDRLEN &&
	       (const char *)nla + nla->nla_len <= (const char *)end) {
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		nla = (const void *)((const char *)nla + NLA_ALIGN(nla->nla_len));
	}
	return NULL;
}

const struct nlattr *genl_reply_attr(const struct genl_answer *a,
				     uint16_t type)
{
	const struct nlmsghdr *nlh = &a->reply.nlh;

	if (!a->has_reply)
		return NULL;
	return genl_attr_in((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			    (const char *)nlh + nlh->nlmsg_len, type);
}

struct genl_dumping {
	void (*fn)(const struct nlmsghdr *nlh, void *ctx);
	void *ctx;
	int error;
};

/* A dump: pass each message on, stop at NLMSG_DONE or an error. */
static int genl_on_dumped(const struct nlmsghdr *nlh, void *ctx)
{
	struct genl_dumping *d = ctx;

	if (nlh->nlmsg_type == NLMSG_DONE)
		return 1;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		d->error = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		return 1;
	}
	d->fn(nlh, d->ctx);
	return 0;
}

/* Send @m as a dump request; call @fn for each message.  Return: 0 or -errno. */
int genl_dump(int fd, struct genl_msg *m,
	      void (*fn)(const struct nlmsghdr *nlh, void *ctx), void *ctx)
{
	struct genl_dumping d = { .fn = fn, .ctx = ctx };
	int err;

	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	err = genl_exchange(fd, m, genl_on_dumped, &d);
	return err ?: d.error;
}

int genl_family_id(int fd, const char *name)
{
	struct genl_msg m;
	struct genl_answer a;
	const struct nlattr *id;
	int err;

	genl_msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	genl_msg_put(&m, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	err = genl_transact(fd, &m, &a);
	if (err)
		return err;
	if (a.error)
		return a.error;
	id = genl_reply_attr(&a, CTRL_ATTR_FAMILY_ID);
	return id ? *(const uint16_t *)((const char *)id + NLA_HDRLEN) : -ENOENT;
}
