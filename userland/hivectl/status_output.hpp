// SPDX-License-Identifier: GPL-2.0
#ifndef HIVECTL_STATUS_OUTPUT_HPP
#define HIVECTL_STATUS_OUTPUT_HPP

#include <string>

#include "hive/status.hpp"

namespace hivectl {

/// `hivectl status`: one aligned "label  value" line per field.
std::string status_table(const hive::Status &status);

/// `hivectl status --json`: one JSON object on one line.
std::string status_json(const hive::Status &status);

} // namespace hivectl

#endif // HIVECTL_STATUS_OUTPUT_HPP
