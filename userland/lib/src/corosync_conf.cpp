// SPDX-License-Identifier: GPL-2.0
#include "hive/corosync_conf.hpp"

#include <string>
#include <string_view>

#include "file_io.hpp"
#include "hive/authkey.hpp"

namespace hive {

std::string corosync_conf(const Config &config)
{
	// corosync's parser wants a newline after every '{'.
	std::string text =
		"# Written by 'hived --write-corosync-conf' from hive.conf(5).  Edit\n"
		"# /etc/hive/hive.conf and run it again instead of editing this file.\n"
		"totem {\n"
		"\tversion: 2\n"
		"\tcluster_name: " + config.cluster_name + "\n"
		"\ttransport: knet\n"
		"\tcrypto_cipher: aes256\n"
		"\tcrypto_hash: sha256\n"
		"\ttoken: " + std::to_string(config.corosync_token_ms) + "\n"
		"}\n"
		"\n"
		"nodelist {\n";
	for (const ConfigNode &node : config.nodes) {
		const std::string id = std::to_string(node.node_id);
		text += "\tnode {\n"
			"\t\tnodeid: " + id + "\n"
			"\t\tname: node" + id + "\n"
			"\t\tring0_addr: " + node.address + "\n"
			"\t}\n";
	}
	text += "}\n"
		"\n"
		"quorum {\n"
		"\tprovider: corosync_votequorum\n"
		"}\n"
		"\n"
		"logging {\n"
		"\tto_stderr: yes\n"
		"\tto_syslog: no\n"
		"\ttimestamp: on\n"
		"}\n";
	return text;
}

Result<void> write_corosync_files(const Config &config, const std::string &authkey_path,
				  const std::string &corosync_dir)
{
	if (config.nodes.empty())
		return Error{"hive.conf lists no nodes (node.ID = ADDRESS lines); corosync needs "
			     "every node of the cluster"};
	const auto authkey = load_authkey(authkey_path);
	if (!authkey)
		return authkey.error();
	const auto key = derive_corosync_key(authkey.value());
	if (!key)
		return key.error();
	const auto wrote_key = write_file_atomically(
		corosync_dir + "/authkey",
		std::string_view(reinterpret_cast<const char *>(key.value().data()), key.value().size()),
		0400);
	if (!wrote_key)
		return wrote_key;
	return write_file_atomically(corosync_dir + "/corosync.conf", corosync_conf(config), 0644);
}

} // namespace hive
