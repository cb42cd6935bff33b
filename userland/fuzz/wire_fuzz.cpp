// SPDX-License-Identifier: GPL-2.0
// Fuzz the frame header decoder with arbitrary bytes, as a peer could send:
// it must never read out of bounds, and whatever it accepts must encode back
// to the same bytes.  Also drives the cluster-name check, which sees
// configuration and netlink input.
#include <cstdlib>
#include <cstring>
#include "hive/core.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hive_wire_header h;
	uint8_t again[HIVE_WIRE_HEADER_LEN];
	uint32_t limit = HIVE_WIRE_PAYLOAD_MAX;

	hive_core_check_cluster_name(reinterpret_cast<const char *>(data), size);
	if (size > HIVE_WIRE_HEADER_LEN + 4)
		std::memcpy(&limit, data + HIVE_WIRE_HEADER_LEN, 4);
	if (hive_wire_header_decode(data, size, limit, &h) < 0)
		return 0;
	if (h.payload_len > limit ||
	    hive_wire_header_encode(&h, again, sizeof(again)) != int(sizeof(again)) ||
	    std::memcmp(again, data, sizeof(again)) != 0)
		std::abort();
	return 0;
}
