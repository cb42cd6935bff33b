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
#define HIVE_WIRE_VERSION	3u
#define HIVE_WIRE_HEADER_LEN	48u
/*
 * Hard ceiling on the bytes of a frame's payload before its pages (all of
 * it for a frame without pages); a transport may set a lower one.
 */
#define HIVE_WIRE_PAYLOAD_MAX	(1u << 20)
/*
 * A CALL, REPLY or CAST may end with whole pages of HIVE_WIRE_PAGE_SIZE
 * bytes, at most HIVE_WIRE_PAGES_MAX of them (2 MiB, a huge page), which
 * a receiver reads straight into pages of its own.
 */
#define HIVE_WIRE_PAGE_SIZE	4096u
#define HIVE_WIRE_PAGES_MAX	512u

/**
 * struct hive_wire_header - decoded frame header
 * @type: an enum hive_wire_type value
 * @payload_len: payload bytes that follow the header (not the trailer),
 *	its pages included
 * @pages: whole pages of HIVE_WIRE_PAGE_SIZE bytes that end the payload
 *	(CALL, REPLY, CAST only; 0 for the others)
 * @cluster_id: hash of the sender's cluster name
 * @sender: sender's node id
 * @incarnation: sender's incarnation (minted per module load)
 * @epoch: membership view epoch the sender acted in
 * @seq: CALL, REPLY, CAST: sequence number per pair of incarnations,
 *	from 1 (hive_wire_is_sequenced()); handshake, ACK, PING, PONG: 0
 *
 * On the wire (big-endian): magic u32, version u16, type u16, payload_len
 * u32, cluster_id u32, sender u32, pages u32, incarnation u64, epoch u64,
 * seq u64.
 */
struct hive_wire_header {
	uint16_t type;
	uint32_t payload_len;
	uint32_t pages;
	uint32_t cluster_id;
	uint32_t sender;
	uint64_t incarnation;
	uint64_t epoch;
	uint64_t seq;
};

/**
 * hive_wire_inline_len() - payload bytes of a frame before its pages
 * @h: a header hive_wire_header_decode() accepted (or one to encode)
 *
 * Return: @h->payload_len less @h->pages pages.
 */
static inline uint32_t hive_wire_inline_len(const struct hive_wire_header *h)
{
	return h->payload_len - h->pages * HIVE_WIRE_PAGE_SIZE;
}

/**
 * hive_wire_header_encode() - write a frame header
 * @h: header to encode
 * @buf: output buffer
 * @len: its size
 *
 * Return: HIVE_WIRE_HEADER_LEN; -ENOSPC if @len is too small; -EMSGSIZE
 * for more than HIVE_WIRE_PAGES_MAX pages or more than
 * HIVE_WIRE_PAYLOAD_MAX bytes before them; -EINVAL for pages on a type
 * that has none, or more pages than @h->payload_len holds.
 */
int hive_wire_header_encode(const struct hive_wire_header *h, uint8_t *buf,
			    size_t len);

/**
 * hive_wire_header_decode() - validate and read a frame header
 * @buf: received bytes
 * @len: how many
 * @payload_max: largest payload before the pages the caller accepts
 *	(capped at HIVE_WIRE_PAYLOAD_MAX)
 * @h: filled on success only
 *
 * Checks everything that can be checked before the payload is read, so a
 * caller never allocates for a frame that is bad.
 *
 * Return: HIVE_WIRE_HEADER_LEN on success; -EAGAIN if fewer than
 * HIVE_WIRE_HEADER_LEN bytes are available; -EBADMSG for a wrong magic, an
 * unknown type, a seq the type cannot have (0 for a sequenced type,
 * anything else for the others) or a length or page count the type cannot
 * have (hive_wire_check_length()); -EPROTONOSUPPORT for another version;
 * -EMSGSIZE for more than HIVE_WIRE_PAGES_MAX pages or more than
 * @payload_max bytes before them.  The version is checked before the
 * type, the type's rules before the limits: a malformed frame is -EBADMSG
 * whatever its length.
 */
int hive_wire_header_decode(const uint8_t *buf, size_t len,
			    uint32_t payload_max, struct hive_wire_header *h);

/*
 * Frame types.  HELLO, CHALLENGE and AUTH make up the handshake
 * (Documentation/transport.rst) and carry no trailer.  On a connection
 * protected by HIVE_WIRE_PROTECT_MAC every later frame is followed by a
 * HIVE_WIRE_MAC_LEN-byte trailer: HMAC-SHA256, truncated, over (connection
 * frame counter as u64 BE || header || payload) with the sending
 * direction's session key; under HIVE_WIRE_PROTECT_ENCRYPT the link
 * encrypts and authenticates every byte after the handshake and frames
 * carry no trailer.  CALL, REPLY and CAST are sequenced:
 * their seq counts from 1 per pair of incarnations and survives
 * reconnects, so it is never 0.  Handshake frames, ACK, PING and PONG
 * carry seq 0.
 */
enum hive_wire_type {
	HIVE_WIRE_HELLO = 1,	/* dialer -> listener: struct hive_wire_hello */
	HIVE_WIRE_CHALLENGE,	/* listener -> dialer: hive_wire_challenge */
	HIVE_WIRE_AUTH,		/* dialer -> listener: hive_wire_auth */
	HIVE_WIRE_CALL,		/* RPC request: hive_wire_rpc + body */
	HIVE_WIRE_REPLY,	/* RPC response: hive_wire_rpc + body */
	HIVE_WIRE_CAST,		/* one-way message: hive_wire_rpc + body */
	HIVE_WIRE_ACK,		/* u64: every sequenced frame below it arrived */
	HIVE_WIRE_PING,		/* u64: sender's clock, echoed in PONG */
	HIVE_WIRE_PONG,		/* u64: the PING's value */
	__HIVE_WIRE_TYPE_END,
};

#define HIVE_WIRE_NONCE_LEN	32u
#define HIVE_WIRE_HMAC_LEN	32u	/* full HMAC-SHA256 in the handshake */
#define HIVE_WIRE_MAC_LEN	16u	/* truncated HMAC-SHA256 trailer */
#define HIVE_WIRE_KEY_LEN	32u	/* cluster transport key, session keys */

#define HIVE_WIRE_HELLO_LEN	72u
#define HIVE_WIRE_CHALLENGE_LEN	96u
#define HIVE_WIRE_AUTH_LEN	32u
#define HIVE_WIRE_RPC_LEN	16u
#define HIVE_WIRE_U64_LEN	8u

/**
 * hive_wire_check_length() - do @payload_len and @pages fit frame @type?
 * @type: an enum hive_wire_type value
 * @payload_len: payload bytes announced in the header, pages included
 * @pages: whole pages announced in the header
 * @payload_max: largest payload before the pages the receiver accepts
 *	for CALL/REPLY/CAST (capped at HIVE_WIRE_PAYLOAD_MAX)
 *
 * Handshake, ACK, PING and PONG frames have exact sizes and no pages;
 * CALL, REPLY and CAST carry at least HIVE_WIRE_RPC_LEN bytes before
 * their pages.
 *
 * Return: 0; -EBADMSG for an unknown type, a length the type cannot have,
 * pages on a type without them or pages that leave less than
 * HIVE_WIRE_RPC_LEN bytes before them; -EMSGSIZE for more than
 * HIVE_WIRE_PAGES_MAX pages or an RPC frame with more than @payload_max
 * bytes before its pages.
 */
int hive_wire_check_length(uint16_t type, uint32_t payload_len,
			   uint32_t pages, uint32_t payload_max);

/**
 * hive_wire_trailer_len() - bytes that follow a frame's payload on a
 * connection protected by HIVE_WIRE_PROTECT_MAC
 * @type: an enum hive_wire_type value
 *
 * Return: 0 for handshake frames, HIVE_WIRE_MAC_LEN for all others.
 */
uint32_t hive_wire_trailer_len(uint16_t type);

/**
 * hive_wire_is_sequenced() - does frame @type consume a sequence number?
 * @type: an enum hive_wire_type value
 *
 * Return: 1 for CALL, REPLY and CAST, else 0.
 */
int hive_wire_is_sequenced(uint16_t type);

/*
 * Sessions.  Each side's state for a peer (what it sent, what it received)
 * belongs to a session: a random non-zero u64 minted with the peer object,
 * so a side that forgot the peer (saw it leave the view) and created it
 * again has a new one.  Each side also remembers the last session it saw
 * from the peer (0: none yet).  Both travel in HELLO and CHALLENGE and are
 * in the transcript; hive_wire_resume() turns them into where each side
 * resumes.
 */

/*
 * How a connection's frames are protected after the handshake; each side
 * says its own in HELLO or CHALLENGE, both are in the transcript, and
 * sides that differ refuse the connection (never one downgrading the
 * other).
 */
enum hive_wire_protection {
	HIVE_WIRE_PROTECT_MAC = 1,	/* MAC trailer per frame, no secrecy */
	HIVE_WIRE_PROTECT_ENCRYPT,	/* the link's AEAD (kTLS AES-GCM) */
};

/*
 * HELLO payload: nonce, who the dialer believes it is calling, where the
 * listener is to resume sending, and both sessions as the dialer knows
 * them.  Every field after target_incarnation is in the transcript (struct
 * hive_wire_handshake), so both proofs cover them.
 */
struct hive_wire_hello {
	uint8_t nonce[HIVE_WIRE_NONCE_LEN];
	uint32_t target;		/* listener's node id */
	uint32_t protection;		/* the dialer's hive_wire_protection */
	uint64_t target_incarnation;	/* listener's incarnation (view) */
	uint64_t rx_next;	/* next sequenced frame the dialer expects */
	uint64_t session;	/* dialer's session for the listener, never 0 */
	uint64_t peer_session;	/* listener session the dialer last saw, or 0 */
};

/*
 * CHALLENGE payload: listener's nonce, its proof, where the dialer
 * resumes, and both sessions as the listener knows them.
 */
struct hive_wire_challenge {
	uint8_t nonce[HIVE_WIRE_NONCE_LEN];
	uint8_t mac[HIVE_WIRE_HMAC_LEN];
	uint64_t rx_next;	/* next sequenced frame expected from dialer */
	uint64_t session;	/* listener's session for the dialer, never 0 */
	uint64_t peer_session;	/* dialer session the listener last saw, or 0 */
	uint32_t protection;	/* the listener's hive_wire_protection */
};

/* AUTH payload: the dialer's proof. */
struct hive_wire_auth {
	uint8_t mac[HIVE_WIRE_HMAC_LEN];
};

/* First HIVE_WIRE_RPC_LEN bytes of a CALL, REPLY or CAST payload. */
struct hive_wire_rpc {
	uint64_t id;		/* CALL/REPLY: call id; CAST: 0 */
	uint16_t op;		/* handler the message is for */
	int32_t status;		/* REPLY: 0 or -errno; else 0 */
};

/*
 * Payload codecs.  Encoders return the bytes written, -EINVAL for a
 * message the decoder would refuse or -ENOSPC, and write nothing on
 * failure; decoders return the bytes read, -EAGAIN for a short buffer,
 * -EBADMSG for a non-zero reserved field, a hive_wire_hello or
 * hive_wire_challenge session of 0 (peer_session 0 is "none seen yet" and
 * fine) or protection that is no hive_wire_protection, or a hive_wire_rpc
 * status outside [-4095, 0], and write their output on success only.  On
 * the wire, big-endian:
 *   hello:     nonce[32] target u32 protection u32 target_incarnation u64
 *              rx_next u64 session u64 peer_session u64
 *   challenge: nonce[32] mac[32] rx_next u64 session u64 peer_session u64
 *              protection u32 reserved u32
 *   auth:      mac[32]
 *   rpc:       id u64 op u16 reserved u16 status s32
 *   u64:       value u64 (ACK, PING, PONG)
 */
int hive_wire_hello_encode(const struct hive_wire_hello *m, uint8_t *buf,
			   size_t len);
int hive_wire_hello_decode(const uint8_t *buf, size_t len,
			   struct hive_wire_hello *m);
int hive_wire_challenge_encode(const struct hive_wire_challenge *m,
			       uint8_t *buf, size_t len);
int hive_wire_challenge_decode(const uint8_t *buf, size_t len,
			       struct hive_wire_challenge *m);
int hive_wire_auth_encode(const struct hive_wire_auth *m, uint8_t *buf,
			  size_t len);
int hive_wire_auth_decode(const uint8_t *buf, size_t len,
			  struct hive_wire_auth *m);
int hive_wire_rpc_encode(const struct hive_wire_rpc *m, uint8_t *buf,
			 size_t len);
int hive_wire_rpc_decode(const uint8_t *buf, size_t len,
			 struct hive_wire_rpc *m);
int hive_wire_u64_encode(uint64_t v, uint8_t *buf, size_t len);
int hive_wire_u64_decode(const uint8_t *buf, size_t len, uint64_t *v);

/* What a handshake MAC or session key is computed for. */
enum hive_wire_purpose {
	HIVE_WIRE_PROOF_LISTENER = 1,	/* CHALLENGE.mac */
	HIVE_WIRE_PROOF_DIALER,		/* AUTH.mac */
	HIVE_WIRE_KEY_DIALER_TX,	/* dialer -> listener frames */
	HIVE_WIRE_KEY_LISTENER_TX,	/* listener -> dialer frames */
};

/*
 * Everything both ends know once HELLO and CHALLENGE have crossed.  The
 * listener has all of it (the dialer's part from HELLO) before it computes
 * its proof, so both proofs and both session keys cover every field, both
 * resume points and all four sessions included.
 */
struct hive_wire_handshake {
	uint32_t cluster_id;
	uint32_t dialer;
	uint64_t dialer_incarnation;
	uint32_t listener;
	uint64_t listener_incarnation;
	uint8_t dialer_nonce[HIVE_WIRE_NONCE_LEN];
	uint8_t listener_nonce[HIVE_WIRE_NONCE_LEN];
	uint64_t dialer_rx_next;	/* HELLO.rx_next */
	uint64_t listener_rx_next;	/* CHALLENGE.rx_next */
	uint64_t dialer_session;	/* HELLO.session */
	uint64_t dialer_seen;		/* HELLO.peer_session */
	uint64_t listener_session;	/* CHALLENGE.session */
	uint64_t listener_seen;		/* CHALLENGE.peer_session */
	uint32_t dialer_protection;	/* HELLO.protection */
	uint32_t listener_protection;	/* CHALLENGE.protection */
};

#define HIVE_WIRE_TRANSCRIPT_LEN	160u

/**
 * hive_wire_transcript() - the bytes a handshake HMAC is computed over
 * @hs: the handshake's facts
 * @purpose: an enum hive_wire_purpose value; it is part of the bytes, so
 *	no MAC or key made for one purpose is valid for another
 * @buf: output
 * @len: its size
 *
 * Layout (big-endian): "hive-hs2" (8 bytes), purpose u32, cluster_id u32,
 * dialer u32, dialer_incarnation u64, listener u32, listener_incarnation
 * u64, dialer_nonce[32], listener_nonce[32], dialer_rx_next u64,
 * listener_rx_next u64, dialer_session u64, dialer_seen u64,
 * listener_session u64, listener_seen u64, dialer_protection u32,
 * listener_protection u32.  The caller computes HMAC-SHA256(cluster
 * transport key, transcript).  Both resume points, all four sessions and
 * both protections are in it, so a man in the middle who changes any of
 * them in HELLO or CHALLENGE breaks both proofs.
 *
 * Return: HIVE_WIRE_TRANSCRIPT_LEN, -ENOSPC for a short @buf, -EINVAL for
 * an unknown @purpose.
 */
int hive_wire_transcript(const struct hive_wire_handshake *hs,
			 uint32_t purpose, uint8_t *buf, size_t len);

/**
 * hive_wire_resume() - where to resume after a handshake
 * @my_session: this side's session for the peer
 * @my_seen: the peer session this side last saw (0: none)
 * @their_session: the session the peer sent now
 * @their_seen: the session of ours the peer last saw (0: none)
 * @their_rx_next: the resume point the peer sent
 * @reset: set to 1 if this side's state for the peer is stale (it saw
 *	another session of the peer: @my_seen != 0 && @my_seen !=
 *	@their_session) and must be reset (fail what waits on the peer, drop
 *	queued frames, sequence numbers back to 1), else 0
 *
 * HELLO and CHALLENGE carry each side's session, seen and rx_next as they
 * were before the handshake.  Each side applies the rule once the peer's
 * proof has verified, never on an unauthenticated HELLO: it resets if told
 * to, remembers @their_session as its new @my_seen, and sends from the
 * number returned.  Both sides apply the one rule to the same values, so
 * the other side sends from 1 to a side that resets (the seen it sent is
 * not the other's session) and to a side that is fresh (it sent seen 0).
 *
 * Return: the first sequence number to send: 1 if the peer's state about
 * us is stale (@their_seen != @my_session: the peer is fresh or reset
 * itself by this same rule), else @their_rx_next.
 */
uint64_t hive_wire_resume(uint64_t my_session, uint64_t my_seen,
			  uint64_t their_session, uint64_t their_seen,
			  uint64_t their_rx_next, int *reset);

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
