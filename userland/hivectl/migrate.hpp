// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_MIGRATE_HPP
#define HIVECTL_MIGRATE_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hive/migrate.hpp"
#include "hive/processes.hpp"
#include "hive/result.hpp"

namespace hivectl {

/// `hivectl migrate [--check]`'s exit status when the process cannot move.
inline constexpr int exit_cannot_migrate = 3;

/// `hivectl migrate`'s command line.
struct MigrateOptions {
	uint32_t pid = 0;
	uint32_t node = 0;	///< the target; 0 for auto, and with --check
	bool check = false;
	bool json = false;
};

/// What `hivectl drain` did so far.
struct DrainTally {
	uint32_t moved = 0;
	uint32_t stayed = 0;
	uint32_t ended = 0;
};

/// `hivectl drain`'s lines for process @p p and what moving it gave:
/// where it went, the reasons or the error that keep it, or that it
/// @p ended before it could move; counted in @p tally.
std::string drain_text(const hive::Process &p, const hive::Result<hive::MigrateMove> &move,
		       bool ended, DrainTally *tally);

/// `hivectl drain`'s last line: how many moved off @p node, and stayed.
std::string drain_summary(const DrainTally &tally, uint32_t node);

/// `hivectl drain`'s line while @p processes that moved off @p node still
/// take their memory from it.
std::string drain_served_text(uint64_t processes, uint32_t node);

/// Reads the arguments after "migrate": PID NODE|auto, or --check PID [--json].
/// Errors start with "migrate: ".
hive::Result<MigrateOptions> parse_migrate_options(std::span<const std::string_view> args);

/// @p bytes as a person reads a size: "512 B", "5.2 KiB", "1.4 MiB",
/// "3.1 GiB" (one decimal below 100 of a unit).
std::string size_text(uint64_t bytes);

/// `hivectl migrate --check`'s text: whether the process can move, a
/// line per reason it cannot, and the state a migration would send.
std::string migrate_check_text(const hive::MigrateCheck &check);

/// `hivectl migrate --check --json`: one JSON object on one line.
std::string migrate_check_json(const hive::MigrateCheck &check);

/// `hivectl migrate PID NODE`'s text: where the process runs now, or the
/// reasons that keep it here.
std::string migrate_move_text(const hive::MigrateMove &move);

} // namespace hivectl

#endif // HIVECTL_MIGRATE_HPP
