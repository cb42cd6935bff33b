// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_LOGGER_HPP
#define HIVED_LOGGER_HPP

#include <string_view>

namespace hived {

enum class Priority { error, info };

/// hived's log: lines on standard error, which systemd may connect to the
/// journal.
class Logger {
public:
	/// Chooses the line prefix from the environment: sd-daemon priorities
	/// ("<3>") when JOURNAL_STREAM says stderr goes to the journal,
	/// "hived: " otherwise.  Makes stderr line-buffered.
	static Logger from_environment();

	/// Writes @p message as one line.
	void log(Priority priority, std::string_view message) const;

private:
	explicit Logger(bool to_journal) : to_journal_(to_journal) {}

	bool to_journal_;
};

} // namespace hived

#endif // HIVED_LOGGER_HPP
