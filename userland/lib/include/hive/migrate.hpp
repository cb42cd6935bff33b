// SPDX-License-Identifier: GPL-2.0
#ifndef HIVE_MIGRATE_HPP
#define HIVE_MIGRATE_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hive {

/// One reason a process cannot migrate (HIVE_ATTR_MIGRATE_WHY): an enum
/// hive_why code, its ARG and its DETAIL.
struct MigrateWhy {
	uint32_t code = 0;
	uint32_t arg = 0;
	std::string detail;

	bool operator==(const MigrateWhy &) const = default;
};

/// What HIVE_CMD_MIGRATE_CHECK found: the state a migration would send,
/// and every reason the process cannot move (none: it can).
struct MigrateCheck {
	uint32_t pid = 0;
	uint32_t threads = 0;
	uint32_t mappings = 0;
	uint32_t state_bytes = 0;	///< the stream's records, pages not counted
	uint64_t memory = 0;		///< anonymous memory resident, bytes
	std::vector<MigrateWhy> whys;
	uint32_t whys_left = 0;		///< reasons past those listed

	bool operator==(const MigrateCheck &) const = default;
};

/// What HIVE_CMD_MIGRATE did: moved the process to @c node, or kept it
/// here for the reasons in @c check.
struct MigrateMove {
	bool moved = false;
	uint32_t node = 0;
	MigrateCheck check;
};

/// @p why as a sentence without its final stop, e.g. "thread 1234 is
/// traced (ptrace), and a traced process stays where its tracer is".
std::string why_text(const MigrateWhy &why);

/// The reason's name in JSON, e.g. "ptraced", "descriptor"; empty for an
/// unknown code.
std::string_view why_name(uint32_t code);

} // namespace hive

#endif // HIVE_MIGRATE_HPP
