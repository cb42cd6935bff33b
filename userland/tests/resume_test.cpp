// SPDX-License-Identifier: GPL-2.0
// hive_wire_resume(): the rule case by case, then a model of two peers
// that send, acknowledge, lose connections, forget each other and shake
// hands again, applying the rule on both sides.  After every handshake each
// side must send first exactly what the other expects next (no gap, no old
// frame taken for a new one, none dropped as a duplicate), from frames it
// still holds; at the end every frame was delivered once or failed to its
// sender, none lost silently, and none failed unless a side forgot the
// other.  The model runs every event sequence up to a
// depth, every combination of fresh and old sides and who forgot whom, and
// random sequences; rules with a part missing fail it.
#include <array>
#include <cstdint>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <vector>
#include <gtest/gtest.h>
#include "hive/core.h"

namespace {

struct Outcome {
	uint64_t first;
	int reset;
};

Outcome resume(uint64_t my_session, uint64_t my_seen, uint64_t their_session,
	       uint64_t their_seen, uint64_t their_rx_next)
{
	int reset = 7;	// the rule writes it on every call
	uint64_t first = hive_wire_resume(my_session, my_seen, their_session,
					  their_seen, their_rx_next, &reset);

	return { first, reset };
}

const uint64_t rx_nexts[] = { 1, 2, uint64_t(1) << 40, UINT64_MAX };

} // namespace

// Two sides that never met: nothing to reset, both send from 1, whatever
// resume point the other claims.
TEST(Resume, FirstContactSendsFromOne)
{
	for (uint64_t rx_next : rx_nexts) {
		Outcome o = resume(0xa, 0, 0xb, 0, rx_next);

		EXPECT_EQ(1u, o.first);
		EXPECT_EQ(0, o.reset);
	}
}

// Each side saw the other's current session: resume where the peer is.
TEST(Resume, BothCurrentResumeAtThePeersRxNext)
{
	for (uint64_t rx_next : rx_nexts) {
		Outcome o = resume(0xa, 0xb, 0xb, 0xa, rx_next);

		EXPECT_EQ(rx_next, o.first);
		EXPECT_EQ(0, o.reset);
	}
}

// The peer forgot us: it comes back with a new session and has seen none
// of ours.  Our state is stale (reset) and the peer expects 1.
TEST(Resume, PeerForgotUsResetsUsAndSendsFromOne)
{
	Outcome o = resume(0xa, 0xb, 0xb2, 0, 1);

	EXPECT_EQ(1u, o.first);
	EXPECT_EQ(1, o.reset);
}

// We forgot the peer: we are fresh (nothing to reset), and the peer's
// state is about a session of ours that is gone, so it resets by the same
// rule and expects 1, whatever rx_next it sent from before.
TEST(Resume, WeForgotThePeerSendsFromOneWithoutReset)
{
	Outcome o = resume(0xa2, 0, 0xb, 0xa, 9);

	EXPECT_EQ(1u, o.first);
	EXPECT_EQ(0, o.reset);
}

// Both forgot: both fresh, nothing to reset, both from 1.
TEST(Resume, BothForgotSendFromOne)
{
	Outcome o = resume(0xa2, 0, 0xb2, 0, 9);

	EXPECT_EQ(1u, o.first);
	EXPECT_EQ(0, o.reset);
}

// The peer saw a session of ours, not this one, and we saw its current
// one: it resets (by the same rule) and expects 1; we keep our state.
TEST(Resume, PeerSawAnotherSessionOfOursSendsFromOne)
{
	Outcome o = resume(0xa2, 0xb, 0xb, 0xa, 9);

	EXPECT_EQ(1u, o.first);
	EXPECT_EQ(0, o.reset);
}

// Every combination of a few sessions (sessions are never 0; seen is 0 or
// a session) against the documented rule, @reset written every time.
TEST(Resume, EveryCombinationOfFewSessionsFollowsTheDocumentedRule)
{
	const uint64_t sessions[] = { 1, 2, 3, UINT64_MAX };
	const uint64_t seens[] = { 0, 1, 2, 3, UINT64_MAX };
	int checked = 0;

	for (uint64_t mine : sessions)
		for (uint64_t my_seen : seens)
			for (uint64_t theirs : sessions)
				for (uint64_t their_seen : seens)
					for (uint64_t rx_next : { uint64_t(1), uint64_t(5), UINT64_MAX }) {
						bool stale_here = my_seen != 0 && my_seen != theirs;
						bool stale_there = their_seen != mine;
						Outcome o = resume(mine, my_seen, theirs, their_seen,
								   rx_next);

						ASSERT_EQ(stale_here ? 1 : 0, o.reset);
						ASSERT_EQ(stale_there ? 1 : rx_next, o.first);
						checked++;
					}
	EXPECT_EQ(4 * 5 * 4 * 5 * 3, checked);
}

namespace {

using Rule = uint64_t (*)(uint64_t my_session, uint64_t my_seen,
			  uint64_t their_session, uint64_t their_seen,
			  uint64_t their_rx_next, int *reset);

// A sequenced frame: its number on the wire and which message it is.
struct Frame {
	uint64_t seq;
	uint64_t id;
};

// One side's state for the other.
struct Side {
	uint64_t session = 0;
	uint64_t seen = 0;
	uint64_t tx_next = 1;		// number of the next new frame
	uint64_t rx_next = 1;		// next number expected from the peer
	std::deque<Frame> queue;	// sent, not acknowledged, in order
};

// What a side puts in HELLO (side 0, the dialer) or CHALLENGE (side 1).
struct Sent {
	uint64_t session, seen, rx_next;
};

enum class Event {
	send0, send1,		// a side queues a frame, sent at once if connected
	ack0, ack1,		// a side acknowledges what it received
	drop,			// the connection breaks
	forget0, forget1,	// a side forgets the other (leave, pause, partition)
	handshake,		// both sides complete a handshake
	dialer_only,		// only the dialer applies it (AUTH lost)
	listener_only,		// only the listener applies it
	count,
};

constexpr int event_count = int(Event::count);

// Two sides and the connection between them.  Sessions are drawn from a
// counter: distinct, as 64 random bits are.  step() returns false once an
// invariant broke; failure() says which.
class Model {
public:
	explicit Model(Rule rule) : rule_(rule)
	{
		forget(0);
		forget(1);
	}

	bool step(Event e)
	{
		switch (e) {
		case Event::send0:
			return send(0);
		case Event::send1:
			return send(1);
		case Event::ack0:
			return ack(0);
		case Event::ack1:
			return ack(1);
		case Event::drop:
			connected_ = false;
			return ok();
		case Event::forget0:
			return forget(0);
		case Event::forget1:
			return forget(1);
		case Event::handshake:
			return handshake(true, true);
		case Event::dialer_only:
			return handshake(true, false);
		case Event::listener_only:
			return handshake(false, true);
		case Event::count:
			break;
		}
		return fail("unknown event");
	}

	// A last handshake that both complete, every frame resent and
	// acknowledged: then each frame ever sent was delivered once or
	// failed to its sender, and nothing is left queued.
	bool finish()
	{
		if (!handshake(true, true) || !ack(0) || !ack(1))
			return false;
		for (const Side &s : side_)
			if (!s.queue.empty())
				return fail("frames still queued after every ACK");
		for (uint64_t id = 1; id < next_id_; id++)
			if (!delivered_.count(id) && !failed_.count(id))
				return fail("message " + std::to_string(id) + " lost silently");
		// A reset fails what waits on the peer: only a side that was
		// forgotten has reason to.
		if (!forgotten_ && !failed_.empty())
			return fail("frames failed though neither side forgot the other");
		return true;
	}

	const std::string &failure() const { return failure_; }
	const Side &side(int i) const { return side_[i]; }
	uint64_t last_first(int i) const { return last_first_[i]; }
	int last_reset(int i) const { return last_reset_[i]; }

private:
	bool ok() const { return failure_.empty(); }

	bool fail(const std::string &why)
	{
		if (failure_.empty())
			failure_ = why;
		return false;
	}

	bool deliver(int to, const Frame &f)
	{
		Side &r = side_[to];

		if (f.seq != r.rx_next)
			return fail("side " + std::to_string(to) + " expects " +
				    std::to_string(r.rx_next) + ", gets " +
				    std::to_string(f.seq) + (f.seq > r.rx_next ? " (gap)" :
							     " (taken for a duplicate)"));
		if (!delivered_.insert(f.id).second)
			return fail("message " + std::to_string(f.id) + " delivered twice");
		r.rx_next++;
		return true;
	}

	bool send(int i)
	{
		Side &s = side_[i];
		Frame f{ s.tx_next++, next_id_++ };

		s.queue.push_back(f);
		return !connected_ || deliver(1 - i, f);
	}

	// Side i tells the other what it has; only a live connection carries it.
	bool ack(int i)
	{
		std::deque<Frame> &q = side_[1 - i].queue;

		if (!connected_)
			return ok();
		while (!q.empty() && q.front().seq < side_[i].rx_next)
			q.pop_front();
		return ok();
	}

	// What waits on the peer fails; the peer object is created anew.
	void fail_queue(Side &s)
	{
		for (const Frame &f : s.queue)
			failed_.insert(f.id);
		s.queue.clear();
	}

	bool forget(int i)
	{
		forgotten_ |= side_[i].session != 0;
		fail_queue(side_[i]);
		side_[i] = Side{};
		side_[i].session = next_session_++;
		connected_ = false;
		return ok();
	}

	// Side i applies the rule to what the other sent, resets if told to,
	// and drops what the other has.  It must still hold every frame from
	// the first it is to send.
	bool apply(int i, const Sent &them)
	{
		Side &me = side_[i];
		int reset = -1;
		uint64_t first = rule_(me.session, me.seen, them.session, them.seen,
				       them.rx_next, &reset);

		if (reset != 0 && reset != 1)
			return fail("reset is neither 0 nor 1");
		last_first_[i] = first;
		last_reset_[i] = reset;
		if (reset) {
			fail_queue(me);
			me.tx_next = 1;
			me.rx_next = 1;
		}
		me.seen = them.session;
		if (first > me.tx_next)
			return fail("side " + std::to_string(i) + " is to send from " +
				    std::to_string(first) + ", has sent up to " +
				    std::to_string(me.tx_next - 1));
		if (!me.queue.empty() ? first < me.queue.front().seq : first != me.tx_next)
			return fail("side " + std::to_string(i) + " is to send from " +
				    std::to_string(first) + ", no longer holds it");
		while (!me.queue.empty() && me.queue.front().seq < first)
			me.queue.pop_front();
		return true;
	}

	// HELLO and CHALLENGE carry each side's values from before the
	// handshake; then each side that completes it applies the rule.  Frames
	// flow only once both have.
	bool handshake(bool dialer_applies, bool listener_applies)
	{
		const Sent hello{ side_[0].session, side_[0].seen, side_[0].rx_next };
		const Sent challenge{ side_[1].session, side_[1].seen, side_[1].rx_next };

		connected_ = false;
		if (dialer_applies && !apply(0, challenge))
			return false;
		if (listener_applies && !apply(1, hello))
			return false;
		if (!dialer_applies || !listener_applies)
			return ok();

		// The invariant: each sends first what the other expects next.
		for (int i = 0; i < 2; i++)
			if (last_first_[i] != side_[1 - i].rx_next)
				return fail("side " + std::to_string(i) + " sends from " +
					    std::to_string(last_first_[i]) + ", side " +
					    std::to_string(1 - i) + " expects " +
					    std::to_string(side_[1 - i].rx_next));
		connected_ = true;
		for (int i = 0; i < 2; i++)
			for (const Frame &f : side_[i].queue)
				if (!deliver(1 - i, f))
					return false;
		return true;
	}

	Rule rule_;
	std::array<Side, 2> side_;
	bool connected_ = false;
	bool forgotten_ = false;
	uint64_t next_session_ = 1;
	uint64_t next_id_ = 1;
	std::array<uint64_t, 2> last_first_{};
	std::array<int, 2> last_reset_{};
	std::set<uint64_t> delivered_;
	std::set<uint64_t> failed_;
	std::string failure_;
};

const char *event_name(Event e)
{
	static const char *const names[] = {
		"send0", "send1", "ack0", "ack1", "drop", "forget0", "forget1",
		"handshake", "dialer_only", "listener_only",
	};

	return names[int(e)];
}

// Runs @events then finish(); returns "" or what broke, and where.
std::string run(Rule rule, const std::vector<Event> &events)
{
	Model m(rule);
	std::string trace;

	for (Event e : events) {
		trace += std::string(event_name(e)) + " ";
		if (!m.step(e))
			return trace + ": " + m.failure();
	}
	if (!m.finish())
		return trace + "finish: " + m.failure();
	return "";
}

// Every sequence of up to @depth events, each followed by finish().
// Returns the first failure, or "".
std::string explore(Rule rule, const Model &m, std::vector<Event> &trace, int depth,
		    long &runs)
{
	for (int e = 0; e < event_count; e++) {
		Model next = m;

		trace.push_back(Event(e));
		runs++;
		if (!next.step(Event(e)))
			return run(rule, trace);
		if (Model done = next; !done.finish())
			return run(rule, trace);
		if (depth > 1) {
			std::string why = explore(rule, next, trace, depth - 1, runs);

			if (!why.empty())
				return why;
		}
		trace.pop_back();
	}
	return "";
}

std::string explore(Rule rule, int depth, long *runs)
{
	std::vector<Event> trace;
	long n = 0;
	std::string why = explore(rule, Model(rule), trace, depth, n);

	if (runs)
		*runs = n;
	return why;
}

// @seeds random sequences of @len events; forgetting is rarer than
// sending, as in life, and every other sequence has none at all (the
// model then also checks that no frame failed).
std::string random_runs(Rule rule, int seeds, int len)
{
	static const Event weighted[] = {
		Event::send0, Event::send0, Event::send0, Event::send1, Event::send1,
		Event::send1, Event::ack0, Event::ack0, Event::ack1, Event::ack1,
		Event::drop, Event::forget0, Event::forget1, Event::handshake,
		Event::handshake, Event::handshake, Event::dialer_only,
		Event::listener_only,
	};

	for (int seed = 1; seed <= seeds; seed++) {
		std::mt19937_64 rng(seed);
		std::vector<Event> events;

		while (int(events.size()) < len) {
			Event e = weighted[rng() % std::size(weighted)];

			if (seed % 2 && (e == Event::forget0 || e == Event::forget1))
				continue;
			events.push_back(e);
		}
		std::string why = run(rule, events);
		if (!why.empty())
			return "seed " + std::to_string(seed) + ": " + why;
	}
	return "";
}

// Rules with one part missing, which the model must catch.
uint64_t never_resets(uint64_t my_session, uint64_t my_seen, uint64_t their_session,
		      uint64_t their_seen, uint64_t their_rx_next, int *reset)
{
	uint64_t first = hive_wire_resume(my_session, my_seen, their_session, their_seen,
					  their_rx_next, reset);

	*reset = 0;
	return first;
}

uint64_t trusts_rx_next(uint64_t my_session, uint64_t my_seen, uint64_t their_session,
			uint64_t their_seen, uint64_t their_rx_next, int *reset)
{
	hive_wire_resume(my_session, my_seen, their_session, their_seen, their_rx_next, reset);
	return their_rx_next;
}

uint64_t ignores_sessions(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t their_rx_next,
			  int *reset)
{
	*reset = 0;
	return their_rx_next;
}

// Resets also when this side is fresh, failing frames it queued before it
// ever met the peer.
uint64_t resets_when_fresh(uint64_t my_session, uint64_t my_seen, uint64_t their_session,
			      uint64_t their_seen, uint64_t their_rx_next, int *reset)
{
	uint64_t first = hive_wire_resume(my_session, my_seen, their_session, their_seen,
					  their_rx_next, reset);

	if (my_seen == 0)
		*reset = 1;
	return first;
}

} // namespace

// Old and fresh sides, each forgetting or not, one handshake: who resets
// and where each side starts, as the rule says, then the model's checks.
TEST(ResumeModel, EveryFreshOldAndForgetCombination)
{
	enum class Forgot { none, dialer, listener, both };

	for (bool old : { false, true })
		for (Forgot forgot : { Forgot::none, Forgot::dialer, Forgot::listener,
				       Forgot::both }) {
			Model m(hive_wire_resume);
			std::vector<Event> setup;

			SCOPED_TRACE(testing::Message() << "old " << old << " forgot " << int(forgot));
			if (old) {
				// Connected, three frames each way, two of each
				// acknowledged, then one more each way unsent.
				setup = { Event::handshake, Event::send0, Event::send1,
					  Event::send0, Event::send1, Event::ack1, Event::ack0,
					  Event::send0, Event::send1, Event::drop, Event::send0,
					  Event::send1 };
			}
			if (forgot == Forgot::dialer || forgot == Forgot::both)
				setup.push_back(Event::forget0);
			if (forgot == Forgot::listener || forgot == Forgot::both)
				setup.push_back(Event::forget1);
			for (Event e : setup)
				ASSERT_TRUE(m.step(e)) << m.failure();

			const uint64_t rx0 = m.side(0).rx_next, rx1 = m.side(1).rx_next;
			bool dialer_stale = old && forgot == Forgot::listener;
			bool listener_stale = old && forgot == Forgot::dialer;
			bool both_kept = old && forgot == Forgot::none;

			ASSERT_TRUE(m.step(Event::handshake)) << m.failure();
			// A side resets when it saw the other, and the other forgot it.
			EXPECT_EQ(dialer_stale ? 1 : 0, m.last_reset(0));
			EXPECT_EQ(listener_stale ? 1 : 0, m.last_reset(1));
			// Sides that both kept their state resume where they were.
			EXPECT_EQ(both_kept ? rx1 : 1, m.last_first(0));
			EXPECT_EQ(both_kept ? rx0 : 1, m.last_first(1));
			if (both_kept) {
				EXPECT_EQ(4u, rx0);
				EXPECT_EQ(4u, rx1);
			}
			ASSERT_TRUE(m.finish()) << m.failure();
		}
}

// Every sequence of up to 6 events (10^6 of them, each finished with a
// handshake), from two sides that never met.
TEST(ResumeModel, EverySequenceOfSixEvents)
{
	long runs = 0;

	EXPECT_EQ("", explore(hive_wire_resume, 6, &runs));
	EXPECT_EQ(10l + 100 + 1000 + 10000 + 100000 + 1000000, runs);
}

TEST(ResumeModel, RandomSequences)
{
	EXPECT_EQ("", random_runs(hive_wire_resume, 2000, 300));
}

// The model is strict enough to fail a rule with any part missing.
TEST(ResumeModel, CatchesBrokenRules)
{
	for (Rule broken : { never_resets, trusts_rx_next, ignores_sessions,
			     resets_when_fresh }) {
		EXPECT_NE("", explore(broken, 4, nullptr));
		EXPECT_NE("", random_runs(broken, 200, 300));
	}
}
