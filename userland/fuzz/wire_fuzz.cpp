// SPDX-License-Identifier: GPL-2.0
// Fuzz everything the core decodes from a peer, with arbitrary bytes: the
// frame header (and through it the seq rule and hive_wire_check_length()),
// then the payload its type announces, and every payload decoder on the raw
// input too.  None may read out of bounds; whatever one accepts must encode
// back to the same bytes.  Also drives the cluster-name check, which sees
// configuration and netlink input, the handshake transcript, the encoders'
// refusal of what the decoders refuse (an RPC status outside the errno
// range, a HELLO or CHALLENGE session of 0) and the resume rule, applied
// by both sides of a handshake.  The process messages (entry, LIST request
// and reply, KILL request) are RPC bodies: every decoder and encoder sees
// the raw input, the whole-reply check is held to what the entry decoder
// says of each entry, and the PID partition to its own inverse.  The
// page-ownership messages (hive_dsm_wire) likewise.  A migration record
// (hive_mig_decode()) is the whole input, and the input is also a stream
// of records, each after a 2-byte length, for the receiver's order.
//
// Input: a 48-byte header, 4 bytes of the receiver's payload limit (host
// order), then the payload.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include "hive/core.h"
#include "hive/dsm.h"
#include "hive/exec.h"
#include "hive/migrate.h"
#include "hive/process.h"
#include "hive_netlink.h"

namespace {

constexpr size_t limit_off = HIVE_WIRE_HEADER_LEN;
constexpr size_t payload_off = HIVE_WIRE_HEADER_LEN + 4;
// fuzz_payload() re-encodes into a buffer this long.
constexpr size_t payload_fixed_max = HIVE_MIG_PAGES_REPLY_LEN;

static_assert(payload_fixed_max >= HIVE_WIRE_HELLO_LEN &&
	      payload_fixed_max >= HIVE_WIRE_AUTH_LEN &&
	      payload_fixed_max >= HIVE_WIRE_RPC_LEN &&
	      payload_fixed_max >= HIVE_WIRE_U64_LEN &&
	      payload_fixed_max >= HIVE_PROC_ENTRY_LEN &&
	      payload_fixed_max >= HIVE_PROC_LIST_REQ_LEN &&
	      payload_fixed_max >= HIVE_EXEC_START_LEN &&
	      payload_fixed_max >= HIVE_EXEC_HEAD_LEN &&
	      payload_fixed_max >= HIVE_EXEC_LOAD_LEN &&
	      payload_fixed_max >= HIVE_PROC_LIST_REPLY_LEN &&
	      payload_fixed_max >= HIVE_KILL_REQ_LEN &&
	      payload_fixed_max >= HIVE_MIG_CHECK_REQ_LEN &&
	      payload_fixed_max >= HIVE_MIG_CHECK_REPLY_LEN &&
	      payload_fixed_max >= HIVE_WIRE_CHALLENGE_LEN &&
	      payload_fixed_max >= HIVE_MIG_PAGES_REQ_LEN &&
	      payload_fixed_max >= HIVE_MIG_EXIT_LEN && payload_fixed_max >= HIVE_MIG_ABORT_LEN);

void check(bool ok)
{
	if (!ok)
		std::abort();
}

// A decoder answers with its length, -EAGAIN exactly when the input is
// shorter, or -EBADMSG; what it accepts encodes back to the same bytes.
template <typename Msg, typename Dec, typename Enc>
void fuzz_payload(const uint8_t *data, size_t size, size_t len, Dec dec, Enc enc)
{
	Msg m{};
	uint8_t again[payload_fixed_max];
	int rc = dec(data, size, &m);

	if (size < len) {
		check(rc == -EAGAIN);
		return;
	}
	check(rc == int(len) || rc == -EBADMSG);
	if (rc < 0)
		return;
	check(enc(m, again, sizeof(again)) == int(len));
	check(std::memcmp(again, data, len) == 0);
}

bool protection_known(uint32_t p)
{
	return p == HIVE_WIRE_PROTECT_MAC || p == HIVE_WIRE_PROTECT_ENCRYPT;
}

// A HELLO or CHALLENGE that decodes has a session and a protection this
// version knows; peer_session may be 0.
void fuzz_hello(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_wire_hello>(d, n, HIVE_WIRE_HELLO_LEN, hive_wire_hello_decode,
		[](const hive_wire_hello &m, uint8_t *b, size_t l) {
			check(m.session != 0 && protection_known(m.protection));
			return hive_wire_hello_encode(&m, b, l);
		});
}

void fuzz_challenge(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_wire_challenge>(d, n, HIVE_WIRE_CHALLENGE_LEN,
		hive_wire_challenge_decode,
		[](const hive_wire_challenge &m, uint8_t *b, size_t l) {
			check(m.session != 0 && protection_known(m.protection));
			return hive_wire_challenge_encode(&m, b, l);
		});
}

// Any HELLO or CHALLENGE the caller hands in: encoded exactly when its
// session is not 0 and its protection known, else -EINVAL with nothing
// written.
template <typename Msg, typename Enc>
void fuzz_session_encode(const uint8_t *d, size_t n, size_t len, Enc enc)
{
	Msg m;
	uint8_t out[payload_fixed_max + 1];
	int rc;

	if (n < sizeof(m))
		return;
	std::memcpy(&m, d, sizeof(m));
	std::memset(out, 0x5a, sizeof(out));
	rc = enc(&m, out, sizeof(out));
	if (m.session == 0 || !protection_known(m.protection)) {
		check(rc == -EINVAL);
		for (uint8_t b : out)
			check(b == 0x5a);
		return;
	}
	check(rc == int(len) && out[len] == 0x5a);
}

void fuzz_handshake_encode(const uint8_t *d, size_t n)
{
	fuzz_session_encode<hive_wire_hello>(d, n, HIVE_WIRE_HELLO_LEN,
					     hive_wire_hello_encode);
	fuzz_session_encode<hive_wire_challenge>(d, n, HIVE_WIRE_CHALLENGE_LEN,
						 hive_wire_challenge_encode);
}

void fuzz_auth(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_wire_auth>(d, n, HIVE_WIRE_AUTH_LEN, hive_wire_auth_decode,
		[](const hive_wire_auth &m, uint8_t *b, size_t l) {
			return hive_wire_auth_encode(&m, b, l);
		});
}

void fuzz_rpc(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_wire_rpc>(d, n, HIVE_WIRE_RPC_LEN, hive_wire_rpc_decode,
		[](const hive_wire_rpc &m, uint8_t *b, size_t l) {
			// The encoder refuses what the decoder does; this was
			// accepted, so it must encode.
			check(m.status >= -4095 && m.status <= 0);
			return hive_wire_rpc_encode(&m, b, l);
		});
}

// Any message the caller hands in: encoded exactly when the decoder would
// accept it, else -EINVAL with nothing written.
void fuzz_rpc_encode(const uint8_t *d, size_t n)
{
	struct hive_wire_rpc m;
	uint8_t out[HIVE_WIRE_RPC_LEN + 1];
	int rc;

	if (n < sizeof(m.id) + sizeof(m.op) + sizeof(m.status))
		return;
	std::memcpy(&m.id, d, sizeof(m.id));
	std::memcpy(&m.op, d + sizeof(m.id), sizeof(m.op));
	std::memcpy(&m.status, d + sizeof(m.id) + sizeof(m.op), sizeof(m.status));
	std::memset(out, 0x5a, sizeof(out));
	rc = hive_wire_rpc_encode(&m, out, sizeof(out));
	if (m.status < -4095 || m.status > 0) {
		check(rc == -EINVAL);
		for (uint8_t b : out)
			check(b == 0x5a);
		return;
	}
	check(rc == int(HIVE_WIRE_RPC_LEN) && out[HIVE_WIRE_RPC_LEN] == 0x5a);
}

void fuzz_u64(const uint8_t *d, size_t n)
{
	fuzz_payload<uint64_t>(d, n, HIVE_WIRE_U64_LEN, hive_wire_u64_decode,
		[](const uint64_t &v, uint8_t *b, size_t l) {
			return hive_wire_u64_encode(v, b, l);
		});
}

void fuzz_proc_entry(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_proc_entry>(d, n, HIVE_PROC_ENTRY_LEN, hive_proc_entry_decode,
		[](const hive_proc_entry &m, uint8_t *b, size_t l) {
			check(m.pid != 0 && hive_core_check_node_id(m.node) == 0);
			check(std::memchr(m.comm, 0, sizeof(m.comm)) != nullptr);
			return hive_proc_entry_encode(&m, b, l);
		});
}

void fuzz_proc_list_req(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_proc_list_req>(d, n, HIVE_PROC_LIST_REQ_LEN,
		hive_proc_list_req_decode,
		[](const hive_proc_list_req &m, uint8_t *b, size_t l) {
			check(m.max >= 1 && m.max <= HIVE_PROC_LIST_MAX);
			return hive_proc_list_req_encode(&m, b, l);
		});
}

void fuzz_proc_list_reply(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_proc_list_reply>(d, n, HIVE_PROC_LIST_REPLY_LEN,
		hive_proc_list_reply_decode,
		[](const hive_proc_list_reply &m, uint8_t *b, size_t l) {
			check(m.count <= HIVE_PROC_LIST_MAX);
			return hive_proc_list_reply_encode(&m, b, l);
		});
}

void fuzz_kill_req(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_kill_req>(d, n, HIVE_KILL_REQ_LEN, hive_kill_req_decode,
		[](const hive_kill_req &m, uint8_t *b, size_t l) {
			check(m.pid > 0 || (m.pid < -1 && m.pid != INT32_MIN));
			check(m.sig <= HIVE_KILL_SIG_MAX);
			return hive_kill_req_encode(&m, b, l);
		});
}

void fuzz_dsm(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_dsm_wire>(d, n, HIVE_DSM_WIRE_LEN, hive_dsm_wire_decode,
		[](const hive_dsm_wire &m, uint8_t *b, size_t l) {
			check(m.page.space && m.page.region &&
			      m.page.index < HIVE_DSM_INDEX_LIMIT);
			check(m.msg.type >= HIVE_DSM_REQ && m.msg.type < __HIVE_DSM_MSG_COUNT);
			check(hive_core_check_node_id(m.msg.from) == 0 &&
			      hive_core_check_node_id(m.msg.to) == 0);
			check((m.msg.txn == 0) == (m.msg.type == HIVE_DSM_REQ));
			check(m.msg.status <= 0 && m.msg.status >= -4095);
			return hive_dsm_wire_encode(&m, b, l);
		});
}

void fuzz_exec(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_exec_start>(d, n, HIVE_EXEC_START_LEN, hive_exec_start_decode,
		[](const hive_exec_start &m, uint8_t *b, size_t l) {
			check(m.session && m.origin_pid);
			check(m.ngroups <= HIVE_EXEC_START_GROUPS_MAX);
			check(m.spec_len >= 1 && m.spec_len <= HIVE_EXEC_START_SPEC_MAX);
			check(!(m.flags & ~HIVE_EXEC_START_FLAGS));
			check(m.cgroup_len >= 1 && m.cgroup_len <= HIVE_EXEC_START_CGROUP_MAX);
			check(m.label_len <= HIVE_EXEC_START_LABEL_MAX);
			return hive_exec_start_encode(&m, b, l);
		});
	fuzz_payload<hive_exec_head>(d, n, HIVE_EXEC_HEAD_LEN, hive_exec_head_decode,
		[](const hive_exec_head &m, uint8_t *b, size_t l) {
			check(m.session && m.error <= 0 && m.error >= -4095);
			return hive_exec_head_encode(&m, b, l);
		});
	fuzz_payload<hive_exec_window>(d, n, HIVE_EXEC_WINDOW_LEN, hive_exec_window_decode,
		[](const hive_exec_window &m, uint8_t *b, size_t l) {
			check(m.room >= 1 && m.room <= HIVE_EXEC_WINDOW_MAX);
			return hive_exec_window_encode(&m, b, l);
		});
	fuzz_payload<hive_exec_load>(d, n, HIVE_EXEC_LOAD_LEN, hive_exec_load_decode,
		[](const hive_exec_load &m, uint8_t *b, size_t l) {
			check(m.cpus >= 1 && m.cpus <= HIVE_EXEC_LOAD_CPUS_MAX);
			return hive_exec_load_encode(&m, b, l);
		});
}

// A whole START against its header: accepted exactly when the header
// decodes, the length is header + groups + cgroup + label + spec, the
// cgroup is a path as the kernel writes one and the label printable
// ASCII without a space at either end; the groups read back.
// The oracle's own reading of a cgroup path: "/" or "/name/name...", no
// name empty, "." or ".." or holding a NUL.
bool cgroup_path_ok(std::string_view p)
{
	if (p == "/")
		return true;
	if (!p.starts_with('/'))
		return false;
	p.remove_prefix(1);
	for (;;) {
		const std::string_view name = p.substr(0, p.find('/'));
		if (name.empty() || name == "." || name == ".." ||
		    name.find('\0') != std::string_view::npos)
			return false;
		if (name.size() == p.size())
			return true;
		p.remove_prefix(name.size() + 1);
	}
}

// The oracle's reading of a label: bytes 0x20..0x7e, no space first or last.
bool label_ok(std::string_view l)
{
	for (const char c : l)
		if (c < 0x20 || c > 0x7e)
			return false;
	return l.empty() || (l.front() != ' ' && l.back() != ' ');
}

void fuzz_exec_start_check(const uint8_t *d, size_t n)
{
	static uint32_t groups[HIVE_EXEC_START_GROUPS_MAX];
	struct hive_exec_start m = {}, head;
	int rc = hive_exec_start_check(d, n, &m, groups);

	if (hive_exec_start_decode(d, n, &head) < 0) {
		check(rc == (n < HIVE_EXEC_START_LEN ? -EAGAIN : -EBADMSG));
		return;
	}
	const size_t cgroup = HIVE_EXEC_START_LEN + 4 * size_t(head.ngroups);
	const size_t label = cgroup + head.cgroup_len;
	if (n != label + head.label_len + head.spec_len ||
	    !cgroup_path_ok(std::string_view(reinterpret_cast<const char *>(d) + cgroup,
					     head.cgroup_len)) ||
	    !label_ok(std::string_view(reinterpret_cast<const char *>(d) + label,
				       head.label_len))) {
		check(rc == -EBADMSG);
		return;
	}
	check(rc == 0 && m.session == head.session && m.ngroups == head.ngroups &&
	      m.cgroup_len == head.cgroup_len && m.label_len == head.label_len);
	for (uint32_t i = 0; i < m.ngroups; i++) {
		const uint8_t *g = d + HIVE_EXEC_START_LEN + 4 * i;

		check(groups[i] == (uint32_t(g[0]) << 24 | uint32_t(g[1]) << 16 |
				    uint32_t(g[2]) << 8 | g[3]));
	}
}

// The whole-reply check against an oracle made of the header and entry
// decoders: the exact length, every entry valid, pids ascending, next 0 or
// past the last.  Nothing it accepts may fail to decode afterwards.
void fuzz_proc_list_reply_check(const uint8_t *d, size_t n)
{
	struct hive_proc_list_reply r = { 7, 7 }, head;
	int rc = hive_proc_list_reply_check(d, n, &r);
	int want = 0;
	uint32_t last = 0;

	if (hive_proc_list_reply_decode(d, n, &head) < 0) {
		check(rc == (n < HIVE_PROC_LIST_REPLY_LEN ? -EAGAIN : -EBADMSG));
		check(r.next == 7 && r.count == 7);
		return;
	}
	if (n != HIVE_PROC_LIST_REPLY_LEN + size_t(head.count) * HIVE_PROC_ENTRY_LEN)
		want = -EBADMSG;
	for (uint32_t i = 0; i < head.count && !want; i++) {
		size_t off = HIVE_PROC_LIST_REPLY_LEN + size_t(i) * HIVE_PROC_ENTRY_LEN;
		struct hive_proc_entry e = {};

		if (hive_proc_entry_decode(d + off, n - off, &e) != int(HIVE_PROC_ENTRY_LEN) ||
		    e.pid <= last)
			want = -EBADMSG;
		else
			last = e.pid;
	}
	if (!want && head.next != 0 && head.next <= last)
		want = -EBADMSG;
	check(rc == want);
	if (rc < 0) {
		check(r.next == 7 && r.count == 7);
		return;
	}
	check(r.next == head.next && r.count == head.count);
}

// Big-endian, as the wire has it, for the encode checks below.
void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = uint8_t(v >> 24);
	p[1] = uint8_t(v >> 16);
	p[2] = uint8_t(v >> 8);
	p[3] = uint8_t(v);
}

// Any message the caller hands in (arbitrary struct bytes): the encoder
// refuses it with -EINVAL and writes nothing exactly when the decoder
// refuses its fields laid out on the wire (reserved bytes zero).
template <typename Msg, typename Enc, typename Dec, typename Lay>
void fuzz_proc_encode(const uint8_t *d, size_t n, size_t len, Enc enc, Dec dec, Lay lay)
{
	Msg m, out;
	uint8_t wire[payload_fixed_max] = {}, got[payload_fixed_max + 1];
	int rc, want;

	if (n < sizeof(m))
		return;
	std::memcpy(&m, d, sizeof(m));
	lay(m, wire);
	want = dec(wire, len, &out);
	check(want == int(len) || want == -EBADMSG);
	std::memset(got, 0x5a, sizeof(got));
	rc = enc(&m, got, sizeof(got));
	if (want < 0) {
		check(rc == -EINVAL);
		for (uint8_t b : got)
			check(b == 0x5a);
		return;
	}
	check(rc == int(len) && got[len] == 0x5a);
	check(std::memcmp(got, wire, len) == 0);
}

void fuzz_process_encode(const uint8_t *d, size_t n)
{
	fuzz_proc_encode<hive_proc_entry>(d, n, HIVE_PROC_ENTRY_LEN, hive_proc_entry_encode,
		hive_proc_entry_decode, [](const hive_proc_entry &m, uint8_t *w) {
			put_be32(w, m.pid);
			put_be32(w + 4, m.ppid);
			put_be32(w + 8, m.pgid);
			put_be32(w + 12, m.sid);
			put_be32(w + 16, m.uid);
			put_be32(w + 20, m.node);
			w[24] = m.state;
			put_be32(w + 32, uint32_t(m.start_ns >> 32));
			put_be32(w + 36, uint32_t(m.start_ns));
			std::memcpy(w + 40, m.comm, sizeof(m.comm));
		});
	fuzz_proc_encode<hive_proc_list_req>(d, n, HIVE_PROC_LIST_REQ_LEN,
		hive_proc_list_req_encode, hive_proc_list_req_decode,
		[](const hive_proc_list_req &m, uint8_t *w) {
			put_be32(w, m.cursor);
			put_be32(w + 4, m.max);
		});
	fuzz_proc_encode<hive_proc_list_reply>(d, n, HIVE_PROC_LIST_REPLY_LEN,
		hive_proc_list_reply_encode, hive_proc_list_reply_decode,
		[](const hive_proc_list_reply &m, uint8_t *w) {
			put_be32(w, m.next);
			put_be32(w + 4, m.count);
		});
	fuzz_proc_encode<hive_kill_req>(d, n, HIVE_KILL_REQ_LEN, hive_kill_req_encode,
		hive_kill_req_decode, [](const hive_kill_req &m, uint8_t *w) {
			put_be32(w, uint32_t(m.pid));
			put_be32(w + 4, m.sig);
			put_be32(w + 8, m.sender);
			put_be32(w + 12, m.uid);
			put_be32(w + 16, m.euid);
			put_be32(w + 20, m.flags);
		});
}

// The PID partition from a pid, a size and a node: hive_pid_home() and
// hive_pid_range() are each other's inverse, within hive_pid_max_node().
void fuzz_pid_space(const uint8_t *d, size_t n)
{
	uint32_t v[3], first = 7, end = 9, home, max;
	int rc;

	if (n < sizeof(v))
		return;
	std::memcpy(v, d, sizeof(v));
	const uint32_t pid = v[0], size = v[1], node = v[2];
	home = hive_pid_home(pid, size);
	max = hive_pid_max_node(size);
	check(home <= max && max <= HIVE_NODE_ID_MAX);
	if (home) {
		check(hive_pid_range(home, size, &first, &end) == 0);
		check(first <= pid && pid < end && first >= size && end <= HIVE_PID_LIMIT);
	} else if (max && pid < HIVE_PID_LIMIT) {
		// No node's: below the first range or above the last.
		check(pid / size == 0 || pid / size > max);
	}
	first = 7;
	end = 9;
	rc = hive_pid_range(node, size, &first, &end);
	check(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc < 0) {
		check(first == 7 && end == 9);
		check(rc == -EINVAL ? max == 0 || hive_core_check_node_id(node) != 0 : node > max);
		return;
	}
	check(node <= max && end - first == size);
	check(hive_pid_home(first, size) == node && hive_pid_home(end - 1, size) == node);
	check(hive_pid_home(first - 1, size) == node - 1);
}

void fuzz_payload_of(uint16_t type, const uint8_t *d, size_t n)
{
	switch (type) {
	case HIVE_WIRE_HELLO:
		return fuzz_hello(d, n);
	case HIVE_WIRE_CHALLENGE:
		return fuzz_challenge(d, n);
	case HIVE_WIRE_AUTH:
		return fuzz_auth(d, n);
	case HIVE_WIRE_CALL:
	case HIVE_WIRE_REPLY:
	case HIVE_WIRE_CAST:
		return fuzz_rpc(d, n);
	case HIVE_WIRE_ACK:
	case HIVE_WIRE_PING:
	case HIVE_WIRE_PONG:
		return fuzz_u64(d, n);
	}
	std::abort();	// the header decoder accepted an unknown type
}

uint32_t be32(const uint8_t *p)
{
	return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

uint64_t be64(const uint8_t *p)
{
	return uint64_t(be32(p)) << 32 | be32(p + 4);
}

// Sequenced frames count from 1, all others carry 0.
bool seq_fits(uint16_t type, uint64_t seq)
{
	return hive_wire_is_sequenced(type) ? seq != 0 : seq == 0;
}

void fuzz_frame(const uint8_t *data, size_t size)
{
	struct hive_wire_header h;
	uint8_t again[HIVE_WIRE_HEADER_LEN];
	uint32_t limit = HIVE_WIRE_PAYLOAD_MAX;
	int rc;

	if (size >= payload_off)
		std::memcpy(&limit, data + limit_off, 4);
	rc = hive_wire_header_decode(data, size, limit, &h);

	// Magic and version right: the rest is the seq rule,
	// hive_wire_check_length() on the announced type, length and pages,
	// then the limit for every type.
	if (size >= HIVE_WIRE_HEADER_LEN && be32(data) == HIVE_WIRE_MAGIC &&
	    data[4] == 0 && data[5] == HIVE_WIRE_VERSION) {
		uint16_t type = uint16_t(data[6] << 8 | data[7]);
		uint32_t len = be32(data + 8);
		uint32_t pages = be32(data + 20);
		int want = hive_wire_check_length(type, len, pages, limit);

		check(want == 0 || want == -EBADMSG || want == -EMSGSIZE);
		if (!seq_fits(type, be64(data + 40)))
			want = -EBADMSG;
		else if (!want)
			want = len - uint64_t(pages) * HIVE_WIRE_PAGE_SIZE > limit ?
				       -EMSGSIZE : int(HIVE_WIRE_HEADER_LEN);
		check(rc == want);
	}
	if (rc < 0)
		return;
	check(hive_wire_inline_len(&h) <= limit &&
	      hive_wire_inline_len(&h) <= HIVE_WIRE_PAYLOAD_MAX);
	check(h.pages <= HIVE_WIRE_PAGES_MAX &&
	      uint64_t(h.pages) * HIVE_WIRE_PAGE_SIZE + hive_wire_inline_len(&h) ==
		      h.payload_len);
	check(!h.pages || hive_wire_is_sequenced(h.type));
	check(seq_fits(h.type, h.seq));
	check(hive_wire_trailer_len(h.type) == 0 || hive_wire_trailer_len(h.type) == HIVE_WIRE_MAC_LEN);
	check(hive_wire_header_encode(&h, again, sizeof(again)) == int(sizeof(again)));
	check(std::memcmp(again, data, sizeof(again)) == 0);

	// What a receiver does next: decode the payload the header announced,
	// from as much of it as arrived.
	if (size > payload_off) {
		size_t avail = size - payload_off;

		fuzz_payload_of(h.type, data + payload_off,
				avail < hive_wire_inline_len(&h) ?
					avail : hive_wire_inline_len(&h));
	}
}

// A migration record that decodes encodes back to the same bytes, with its
// path or XSAVE state copied and its groups and signals written through
// the tail accessors.
void fuzz_migrate_record(const uint8_t *d, size_t n)
{
	static uint8_t again[HIVE_WIRE_PAYLOAD_MAX];
	struct hive_mig_record rec;
	int rc = hive_mig_decode(d, n, &rec);

	check(rc == 0 || rc == -EAGAIN || rc == -EBADMSG);
	if (rc < 0)
		return;
	check(n <= sizeof(again));
	struct hive_mig_record enc = rec;
	const bool copies = (rec.head.type == HIVE_MIG_VMA && rec.vma.path_len) ||
			    rec.head.type == HIVE_MIG_FILE || rec.head.type == HIVE_MIG_THREAD;
	enc.tail_len = !copies ? 0 : rec.head.type == HIVE_MIG_VMA ? rec.vma.path_len :
		       rec.head.type == HIVE_MIG_FILE ? rec.file.path_len :
							rec.thread.xstate_len;
	enc.tail = copies ? rec.tail : nullptr;
	check(hive_mig_record_len(&enc) == int(n));
	check(hive_mig_encode(&enc, again, sizeof(again)) == int(n));
	for (uint32_t i = 0; rec.head.type == HIVE_MIG_BEGIN && i < rec.begin.ngroups; i++)
		check(hive_mig_put_group(&enc, again, n, i, hive_mig_get_group(&rec, i)) == 0);
	struct hive_mig_siginfo si;
	for (uint32_t i = 0; hive_mig_get_siginfo(&rec, i, &si) == 0; i++)
		check(hive_mig_put_siginfo(&enc, again, n, i, &si) == 0);
	check(std::memcmp(again, d, n) == 0);
}

// MIGRATE_CHECK: the request and the reply's head as payloads; a whole
// reply accepted exactly when its head decodes and the reasons it names
// decode one after another to its end.
void fuzz_migrate_check(const uint8_t *d, size_t n)
{
	fuzz_payload<hive_mig_check_req>(d, n, HIVE_MIG_CHECK_REQ_LEN, hive_mig_check_req_decode,
		[](const hive_mig_check_req &m, uint8_t *b, size_t l) {
			check(m.pid != 0 && m.pid < HIVE_PID_LIMIT && m.flags <= 1);
			return hive_mig_check_req_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_check_reply>(d, n, HIVE_MIG_CHECK_REPLY_LEN,
		hive_mig_check_reply_decode,
		[](const hive_mig_check_reply &m, uint8_t *b, size_t l) {
			check(m.nwhys <= HIVE_MIG_WHYS_MAX);
			return hive_mig_check_reply_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_pages_req>(d, n, HIVE_MIG_PAGES_REQ_LEN, hive_mig_pages_req_decode,
		[](const hive_mig_pages_req &m, uint8_t *b, size_t l) {
			check(m.migration && m.start < m.end);
			return hive_mig_pages_req_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_pages_reply>(d, n, HIVE_MIG_PAGES_REPLY_LEN,
		hive_mig_pages_reply_decode,
		[](const hive_mig_pages_reply &m, uint8_t *b, size_t l) {
			check(m.npages <= HIVE_MIG_PAGES_MAX);
			return hive_mig_pages_reply_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_exit>(d, n, HIVE_MIG_EXIT_LEN, hive_mig_exit_decode,
		[](const hive_mig_exit &m, uint8_t *b, size_t l) {
			check(m.migration && m.status <= 0xffff);
			return hive_mig_exit_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_abort>(d, n, HIVE_MIG_ABORT_LEN, hive_mig_abort_decode,
		[](const hive_mig_abort &m, uint8_t *b, size_t l) {
			check(m.migration != 0);
			return hive_mig_abort_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_move_req>(d, n, HIVE_MIG_MOVE_REQ_LEN, hive_mig_move_req_decode,
		[](const hive_mig_move_req &m, uint8_t *b, size_t l) {
			check(m.who.pid && m.node <= HIVE_NODE_ID_MAX &&
			      m.hops <= HIVE_MIG_MOVE_HOPS_MAX);
			return hive_mig_move_req_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_move_reply>(d, n, HIVE_MIG_MOVE_REPLY_LEN, hive_mig_move_reply_decode,
		[](const hive_mig_move_reply &m, uint8_t *b, size_t l) {
			check(m.node <= HIVE_NODE_ID_MAX);
			return hive_mig_move_reply_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_moved>(d, n, HIVE_MIG_MOVED_LEN, hive_mig_moved_decode,
		[](const hive_mig_moved &m, uint8_t *b, size_t l) {
			check(m.migration && m.node >= HIVE_NODE_ID_MIN &&
			      m.node <= HIVE_NODE_ID_MAX && m.stage >= HIVE_MIG_MOVED_GOING &&
			      m.stage < __HIVE_MIG_MOVED_STAGE_COUNT);
			return hive_mig_moved_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_signal>(d, n, HIVE_MIG_SIGNAL_LEN, hive_mig_signal_decode,
		[](const hive_mig_signal &m, uint8_t *b, size_t l) {
			check(m.migration && m.info.signo >= 1 && m.info.signo <= 64 &&
			      m.info.signo != 9);
			return hive_mig_signal_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_fwd_req>(d, n, HIVE_MIG_FWD_REQ_LEN, hive_mig_fwd_req_decode,
		[](const hive_mig_fwd_req &m, uint8_t *b, size_t l) {
			check(m.handle && m.op >= 1 && m.op < __HIVE_MIG_FWD_OP_COUNT &&
			      m.len <= HIVE_MIG_FWD_DATA_MAX);
			return hive_mig_fwd_req_encode(&m, b, l);
		});
	fuzz_payload<hive_mig_fwd_reply>(d, n, HIVE_MIG_FWD_REPLY_LEN, hive_mig_fwd_reply_decode,
		[](const hive_mig_fwd_reply &m, uint8_t *b, size_t l) {
			return hive_mig_fwd_reply_encode(&m, b, l);
		});
	struct hive_mig_check_reply head;
	bool want = hive_mig_check_reply_decode(d, n, &head) == int(HIVE_MIG_CHECK_REPLY_LEN);
	size_t off = HIVE_MIG_CHECK_REPLY_LEN;
	for (uint32_t i = 0; want && i < head.nwhys; i++) {
		struct hive_mig_why why;
		const uint8_t *detail;
		int rc = hive_mig_why_decode(d + off, n - off, &why, &detail);

		want = rc > 0;
		if (want) {
			check(why.code >= 1 && why.code < HIVE_MIG_WHY_CODE_MAX &&
			      detail == d + off + HIVE_MIG_WHY_LEN &&
			      std::memchr(detail, 0, why.detail_len) == nullptr);
			off += size_t(rc);
		}
	}
	want = want && off == n;
	check((hive_mig_check_reply_check(d, n, &head) == 0) == want);
}

// Records of one stream: once the receiver refuses one it refuses every
// later one, and it is done exactly after an END it took.
void fuzz_migrate_stream(const uint8_t *d, size_t n)
{
	struct hive_mig_rx rx;
	bool failed = false, ended = false;

	hive_mig_rx_init(&rx);
	while (n >= 2) {
		size_t len = size_t(d[0]) << 8 | d[1];
		struct hive_mig_record rec;

		d += 2;
		n -= 2;
		len = len < n ? len : n;
		if (hive_mig_decode(d, len, &rec) == 0) {
			int rc = hive_mig_rx_step(&rx, &rec);

			check(rc == 0 || rc == -EPROTO);
			check(!(failed || ended) || rc == -EPROTO);
			failed = failed || rc < 0;
			ended = rc == 0 && rec.head.type == HIVE_MIG_END;
		}
		check(hive_mig_rx_done(&rx) == (ended && !failed));
		d += len;
		n -= len;
	}
}

// Two sides' sessions, seens and resume points, each side applying the rule
// to what the other sent: each answer is the documented one, and the two
// agree (a side that resets, or never saw the other, is sent from 1).
void fuzz_resume(const uint8_t *data, size_t size)
{
	uint64_t v[6];
	int reset_a = -1, reset_b = -1;

	if (size < sizeof(v))
		return;
	std::memcpy(v, data, sizeof(v));
	const uint64_t a = v[0], a_seen = v[1], a_rx = v[2];
	const uint64_t b = v[3], b_seen = v[4], b_rx = v[5];
	uint64_t a_first = hive_wire_resume(a, a_seen, b, b_seen, b_rx, &reset_a);
	uint64_t b_first = hive_wire_resume(b, b_seen, a, a_seen, a_rx, &reset_b);

	check(reset_a == (a_seen != 0 && a_seen != b));
	check(reset_b == (b_seen != 0 && b_seen != a));
	check(a_first == (b_seen == a ? b_rx : 1));
	check(b_first == (a_seen == b ? a_rx : 1));
	if (a == 0 || b == 0)	// no peer sends one (the decoders refuse it)
		return;
	if (reset_a || a_seen == 0)
		check(b_first == 1);
	if (reset_b || b_seen == 0)
		check(a_first == 1);
}

void fuzz_transcript(const uint8_t *data, size_t size)
{
	struct hive_wire_handshake hs;
	uint32_t purpose;
	uint8_t out[HIVE_WIRE_TRANSCRIPT_LEN];
	int rc;

	if (size < sizeof(hs) + sizeof(purpose))
		return;
	std::memcpy(&hs, data, sizeof(hs));
	std::memcpy(&purpose, data + sizeof(hs), sizeof(purpose));
	rc = hive_wire_transcript(&hs, purpose, out, sizeof(out));
	check(rc == (purpose >= HIVE_WIRE_PROOF_LISTENER && purpose <= HIVE_WIRE_KEY_LISTENER_TX ?
		     int(HIVE_WIRE_TRANSCRIPT_LEN) : -EINVAL));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hive_core_check_cluster_name(reinterpret_cast<const char *>(data), size);
	fuzz_frame(data, size);
	fuzz_hello(data, size);
	fuzz_challenge(data, size);
	fuzz_auth(data, size);
	fuzz_rpc(data, size);
	fuzz_rpc_encode(data, size);
	fuzz_handshake_encode(data, size);
	fuzz_u64(data, size);
	fuzz_transcript(data, size);
	fuzz_resume(data, size);
	fuzz_proc_entry(data, size);
	fuzz_proc_list_req(data, size);
	fuzz_proc_list_reply(data, size);
	fuzz_proc_list_reply_check(data, size);
	fuzz_kill_req(data, size);
	fuzz_dsm(data, size);
	fuzz_exec(data, size);
	fuzz_exec_start_check(data, size);
	fuzz_process_encode(data, size);
	fuzz_pid_space(data, size);
	fuzz_migrate_record(data, size);
	fuzz_migrate_check(data, size);
	fuzz_migrate_stream(data, size);
	return 0;
}
