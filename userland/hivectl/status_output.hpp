// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_STATUS_OUTPUT_HPP
#define HIVECTL_STATUS_OUTPUT_HPP

#include <string>

#include "hive/status.hpp"
#include "hive/sysfs.hpp"

namespace hivectl {

/// `hivectl status`: one aligned "label  value" line per field, the
/// node's (netlink) then its transport's (sysfs).
std::string status_table(const hive::Status &status, const hive::TransportStatus &transport);

/// `hivectl status --json`: one JSON object on one line, the transport's
/// fields in the object "transport".
std::string status_json(const hive::Status &status, const hive::TransportStatus &transport);

} // namespace hivectl

#endif // HIVECTL_STATUS_OUTPUT_HPP
