// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_COMMANDS_HPP
#define HIVECTL_COMMANDS_HPP

#include <span>
#include <string_view>

namespace hivectl {

/// The arguments that follow a command's name.
using Arguments = std::span<const std::string_view>;

/// `hivectl status [--json]`; returns the exit status.
int status_command(Arguments args);

/// `hivectl nodes [--json]`; returns the exit status.
int nodes_command(Arguments args);

/// `hivectl ps [--forest] [--node N] [--json]`; returns the exit status.
int ps_command(Arguments args);

/// `hivectl run [--node N|auto [-t|-T]] [--] CMD [ARGS...]`: joins the
/// hive domain and becomes CMD, or runs CMD on node N and ends as it did;
/// returns only when it could not, with the exit status.
int run_command(Arguments args);

/// `hivectl migrate --check PID [--json]`; returns the exit status:
/// exit_cannot_migrate when the process cannot move.
int migrate_command(Arguments args);

/// `hivectl drain NODE`, on NODE: moves each domain process running
/// there to the least loaded other node; returns exit_cannot_migrate when
/// one stays.
int drain_command(Arguments args);

/// `hivectl reconnect NODE`; returns the exit status.
int reconnect_command(Arguments args);

/// `hivectl ping NODE [--count N] [--size BYTES] [--oneway] [--timeout MS]
/// [--json]`; returns the exit status.
int ping_command(Arguments args);

/// `hivectl set-node NODE_ID [CLUSTER_NAME]`; returns the exit status.
int set_node_command(Arguments args);

/// `hivectl keygen [--force] [FILE]`; returns the exit status.
int keygen_command(Arguments args);

} // namespace hivectl

#endif // HIVECTL_COMMANDS_HPP
