/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C ABI of hive's freestanding C++ core.
 *
 * The same core sources build into hive.ko and into the userland library
 * libhive_core.a; this header is all that either side sees of them.  It
 * needs only fixed-width integer types, so it compiles in kernel C (where
 * <linux/types.h> has them), in the core's own freestanding C++, in
 * userland C++ and in C.  Every function is pure computation: no
 * allocation, no locking, callable in any context.  Errors are negative
 * Linux errno values.
 */
#ifndef HIVE_CORE_H
#define HIVE_CORE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * hive_core_state_name() - name of a node state
 * @state: an enum hive_state value
 *
 * Return: "unconfigured", "configured", ..., or NULL for an unknown value.
 */
const char *hive_core_state_name(uint32_t state);

/**
 * hive_core_check_node_id() - is @id a usable node id?
 * @id: candidate node id
 *
 * Return: 0 if HIVE_NODE_ID_MIN <= @id <= HIVE_NODE_ID_MAX, else -EINVAL.
 */
int hive_core_check_node_id(uint32_t id);

/**
 * hive_core_check_cluster_name() - is @name a usable cluster name?
 * @name: candidate name, not necessarily NUL-terminated
 * @len: its length in bytes
 *
 * Return: 0 for 1..HIVE_CLUSTER_NAME_MAX bytes of [A-Za-z0-9_.-], -EINVAL
 * for an empty name or a bad byte, -ENAMETOOLONG for a longer one.
 */
int hive_core_check_cluster_name(const char *name, size_t len);

/* Fixed-size header that starts every frame between nodes' kernels. */
#define HIVE_WIRE_MAGIC		0x48495645u	/* "HIVE" */
#define HIVE_WIRE_VERSION	1u
#define HIVE_WIRE_HEADER_LEN	48u
/* Hard ceiling on a frame's payload; a transport may set a lower one. */
#define HIVE_WIRE_PAYLOAD_MAX	(1u << 20)

/**
 * struct hive_wire_header - decoded frame header
 * @type: message type (the RPC layer's registry decides which are known)
 * @payload_len: payload bytes that follow the header
 * @cluster_id: hash of the sender's cluster name
 * @sender: sender's node id
 * @incarnation: sender's incarnation (minted per module load)
 * @epoch: membership view epoch the sender acted in
 * @seq: per-connection sequence number
 *
 * On the wire (big-endian): magic u32, version u16, type u16, payload_len
 * u32, cluster_id u32, sender u32, reserved u32 (zero), incarnation u64,
 * epoch u64, seq u64.
 */
struct hive_wire_header {
	uint16_t type;
	uint32_t payload_len;
	uint32_t cluster_id;
	uint32_t sender;
	uint64_t incarnation;
	uint64_t epoch;
	uint64_t seq;
};

/**
 * hive_wire_header_encode() - write a frame header
 * @h: header to encode; @h->payload_len must not exceed HIVE_WIRE_PAYLOAD_MAX
 * @buf: output buffer
 * @len: its size
 *
 * Return: HIVE_WIRE_HEADER_LEN, -ENOSPC if @len is too small, -EMSGSIZE if
 * the payload length is over the ceiling.
 */
int hive_wire_header_encode(const struct hive_wire_header *h, uint8_t *buf,
			    size_t len);

/**
 * hive_wire_header_decode() - validate and read a frame header
 * @buf: received bytes
 * @len: how many
 * @payload_max: largest payload the caller accepts (capped at
 *	HIVE_WIRE_PAYLOAD_MAX)
 * @h: filled on success only
 *
 * Checks everything that can be checked before the payload is read, so a
 * caller never allocates for a frame that is bad.
 *
 * Return: HIVE_WIRE_HEADER_LEN on success; -EAGAIN if fewer than
 * HIVE_WIRE_HEADER_LEN bytes are available; -EBADMSG for a wrong magic or a
 * non-zero reserved field; -EPROTONOSUPPORT for another version;
 * -EMSGSIZE for a payload longer than @payload_max.
 */
int hive_wire_header_decode(const uint8_t *buf, size_t len,
			    uint32_t payload_max, struct hive_wire_header *h);

/**
 * hive_wire_cluster_id() - the cluster id carried in every frame
 * @name: cluster name (validated by hive_core_check_cluster_name())
 * @len: its length
 *
 * Return: 32-bit FNV-1a hash of @name; never 0.
 */
uint32_t hive_wire_cluster_id(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* HIVE_CORE_H */
