// SPDX-License-Identifier: GPL-2.0
/*
 * A captured image as its migration stream (Documentation/migration.rst):
 * every record through the core's encoder, then either back through its
 * decoder and the receiver's order, so a state the stream's rules refuse
 * is found on the node that took it, in words, and not by the target; or
 * to the target, one MIGRATE_RECORD call per record.
 */
#include <linux/random.h>
#include <linux/slab.h>
#include "migrate.h"
#include "rpc/rpc.h"

/**
 * struct hive_stream - records on their way through the codec
 * @rec: the record being sent
 * @emit: takes each encoded record: hive_stream_decode() or hive_stream_call()
 * @back: @rec, decoded again (hive_stream_decode())
 * @rx: the receiver's side of the order (hive_stream_decode())
 * @target: the node the records go to (hive_stream_call())
 * @buf: room for the largest record so far
 * @room: its size
 * @bytes: bytes of the records so far
 */
struct hive_stream {
	struct hive_mig_record rec;
	int (*emit)(struct hive_stream *st, int len);
	struct hive_mig_record back;
	struct hive_mig_rx rx;
	u32 target;
	u8 *buf;
	size_t room;
	u64 bytes;
};

static int hive_stream_decode(struct hive_stream *st, int len)
{
	return hive_mig_decode(st->buf, len, &st->back) ?: hive_mig_rx_step(&st->rx, &st->back);
}

/*
 * How long the target may take for a record: END's call returns once
 * the process runs there, its memory copied (a hang detector).
 */
#define HIVE_STREAM_RECORD_TIMEOUT	(30 * HZ)
#define HIVE_STREAM_END_TIMEOUT		(600 * HZ)

static int hive_stream_call(struct hive_stream *st, int len)
{
	bool end = st->rec.head.type == HIVE_MIG_END;
	u32 reply_len;

	return hive_rpc_call(st->target, HIVE_RPC_OP_MIGRATE_RECORD, st->buf, len, NULL, 0,
			     &reply_len, end ? HIVE_STREAM_END_TIMEOUT :
					       HIVE_STREAM_RECORD_TIMEOUT);
}

/*
 * @st->rec, with its tail: @tail for a path or XSAVE state, @groups for
 * BEGIN, @queued for SIGNALS and THREAD.
 */
static int hive_stream_put(struct hive_stream *st, const void *tail, size_t tail_len,
			   const u32 *groups, const struct hive_mig_siginfo *queued)
{
	struct hive_mig_record *rec = &st->rec;
	u32 i, nqueued = 0;
	int len, err;

	rec->tail = tail;
	rec->tail_len = tail_len;
	len = hive_mig_record_len(rec);
	if (len < 0)
		return len;
	if (len > st->room) {
		kvfree(st->buf);
		st->buf = kvmalloc(len, GFP_KERNEL);
		st->room = st->buf ? len : 0;
		if (!st->buf)
			return -ENOMEM;
	}
	len = hive_mig_encode(rec, st->buf, st->room);
	if (len < 0)
		return len;
	for (i = 0; rec->head.type == HIVE_MIG_BEGIN && i < rec->begin.ngroups; i++) {
		err = hive_mig_put_group(rec, st->buf, len, i, groups[i]);
		if (err)
			return err;
	}
	if (rec->head.type == HIVE_MIG_SIGNALS)
		nqueued = rec->signals.npending;
	else if (rec->head.type == HIVE_MIG_THREAD)
		nqueued = rec->thread.npending;
	for (i = 0; i < nqueued; i++) {
		err = hive_mig_put_siginfo(rec, st->buf, len, i, &queued[i]);
		if (err)
			return err;
	}
	err = st->emit(st, len);
	if (err)
		return err;
	st->bytes += len;
	rec->head.seq++;
	return 0;
}

static int hive_stream_records(struct hive_stream *st, const struct hive_mig_image *image)
{
	struct hive_mig_record *rec = &st->rec;
	u32 i;
	int err;

	rec->head.type = HIVE_MIG_BEGIN;
	rec->begin = image->begin;
	err = hive_stream_put(st, NULL, 0, image->groups, NULL);
	if (err)
		return err;
	rec->head.type = HIVE_MIG_MM;
	rec->mm = image->mm;
	err = hive_stream_put(st, NULL, 0, NULL, NULL);
	for (i = 0; !err && i < image->nvmas; i++) {
		rec->head.type = HIVE_MIG_VMA;
		rec->vma = image->vmas[i];
		err = hive_stream_put(st, image->paths[i], rec->vma.path_len, NULL, NULL);
	}
	for (i = 0; !err && i < image->nfiles; i++) {
		rec->head.type = HIVE_MIG_FILE;
		rec->file = image->files[i];
		err = hive_stream_put(st, image->file_paths[i], rec->file.path_len, NULL, NULL);
	}
	if (err)
		return err;
	rec->head.type = HIVE_MIG_SIGNALS;
	rec->signals = image->signals;
	err = hive_stream_put(st, NULL, 0, NULL, image->queued);
	for (i = 0; !err && i < image->nthreads; i++) {
		const struct hive_mig_thread_image *ti = &image->threads[i];

		rec->head.type = HIVE_MIG_THREAD;
		rec->thread = ti->rec;
		err = hive_stream_put(st, ti->xstate, ti->rec.xstate_len, NULL, ti->queued);
	}
	if (err)
		return err;
	rec->head.type = HIVE_MIG_END;
	return hive_stream_put(st, NULL, 0, NULL, NULL);
}

/**
 * hive_mig_stream_check() - would the target take this image's stream?
 * @image: a captured image whose BEGIN names its source and target, and
 *	which no reason keeps from moving (else its counts do not hold)
 * @bytes: set to the stream's length, its pages not counted
 *
 * Encodes every record, decodes it again and steps a receiver through it.
 *
 * Context: process; sleeps (allocates).
 * Return: 0; the codec's -EINVAL or -EBADMSG, or the order's -EPROTO, for
 * a state the stream's rules refuse; -ENOMEM.
 */
int hive_mig_stream_check(const struct hive_mig_image *image, u32 *bytes)
{
	struct hive_stream *st = kzalloc(sizeof(*st), GFP_KERNEL);
	int err;

	if (!st)
		return -ENOMEM;
	st->emit = hive_stream_decode;
	hive_mig_rx_init(&st->rx);
	st->rec.head.migration = get_random_u64() | 1;
	err = hive_stream_records(st, image);
	if (!err && !hive_mig_rx_done(&st->rx))
		err = -EPROTO;
	*bytes = min_t(u64, st->bytes, U32_MAX);
	kvfree(st->buf);
	kfree(st);
	return err;
}

/**
 * hive_mig_stream_send() - send an image's stream to its target
 * @image: a captured image no reason keeps from moving, its BEGIN naming
 *	this node as source and the target
 * @migration: the migration's id, not 0
 *
 * One MIGRATE_RECORD call per record, in order; END's returns once the
 * process runs on the target (or the target gave up).
 *
 * Context: process; sleeps (killable) for the target's answers.
 * Return: 0: the process runs on the target; the encoder's -EINVAL; the
 * target's refusal or the call's error (-EHOSTDOWN, -ETIMEDOUT, -EINTR):
 * the process does not run there, or its fate is unknown (the caller
 * aborts the migration on the target then).
 */
int hive_mig_stream_send(const struct hive_mig_image *image, u64 migration)
{
	struct hive_stream *st = kzalloc(sizeof(*st), GFP_KERNEL);
	int err;

	if (!st)
		return -ENOMEM;
	st->emit = hive_stream_call;
	st->target = image->begin.target;
	st->rec.head.migration = migration;
	err = hive_stream_records(st, image);
	kvfree(st->buf);
	kfree(st);
	return err;
}
