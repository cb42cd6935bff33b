// SPDX-License-Identifier: GPL-2.0
// Fuzz the exec protocol's decoders, which read what another node's
// hivectl or hive-exec sent: the spec and a chunk of records, each on the
// raw input.  Neither may read out of bounds; whatever one accepts must
// encode back to the same bytes, and the error text maker must always
// produce a message the chunk decoder accepts.
#include <cstdlib>
#include <string>
#include <string_view>

#include "hive/exec_protocol.hpp"

namespace {

void check(bool ok)
{
	if (!ok)
		std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const std::string_view bytes(reinterpret_cast<const char *>(data), size);

	if (const auto spec = hive::decode_exec_spec(bytes); spec.ok()) {
		const auto again = hive::encode_exec_spec(spec.value());
		check(again.ok() && again.value() == bytes);
	}

	if (const auto records = hive::decode_exec_chunk(bytes); records.ok()) {
		std::string again;
		for (const hive::ExecRecord &record : records.value())
			hive::append_exec_record(again, record);
		check(again == bytes);
	}

	const std::string text = hive::exec_error_text(bytes);
	check(hive::decode_exec_chunk(hive::exec_chunk(hive::ErrorRecord{text})).ok());
	return 0;
}
