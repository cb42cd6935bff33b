// SPDX-License-Identifier: GPL-2.0
#ifndef HIVED_CONFIGURE_HPP
#define HIVED_CONFIGURE_HPP

#include <optional>
#include <string>

#include "hive/authkey.hpp"
#include "hive/config.hpp"
#include "hive/result.hpp"

namespace hived {

/// What hived tells hive.ko before it follows corosync, every time it
/// starts: the node (SET_NODE), then the transport key and whether to
/// encrypt (SET_KEY) when the cluster has a key.  The key goes in before any view, which brings the
/// peers the transport authenticates with it.  @p kernel is a hive::Client,
/// or a fake in the tests.
template <typename Kernel>
hive::Result<void> configure_kernel(Kernel &kernel, const hive::Config &config,
				    const std::optional<hive::TransportKey> &key)
{
	if (const auto set = kernel.set_node(config.node_id, config.cluster_name); !set)
		return set.error();
	if (!key)
		return {};
	if (const auto set = kernel.set_key(*key, config.encryption); !set)
		return hive::Error{"cannot give hive.ko the transport key: " + set.error().message};
	return {};
}

/// The transport key, when hive.conf lists the cluster's nodes: derived
/// from the cluster key at @p authkey_path, which must then be there.
/// Without a node list there is no cluster to talk to, and no key needed.
inline hive::Result<std::optional<hive::TransportKey>>
transport_key_for(const hive::Config &config, const std::string &authkey_path)
{
	if (config.nodes.empty())
		return std::optional<hive::TransportKey>();
	auto key = hive::load_transport_key(authkey_path);
	if (!key)
		return key.error();
	return std::optional<hive::TransportKey>(key.value());
}

} // namespace hived

#endif // HIVED_CONFIGURE_HPP
