// SPDX-License-Identifier: GPL-2.0
#include "probe_options.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace hive::tools;

hive::Result<ProbeOptions> parse(std::vector<std::string_view> args)
{
	return parse_probe_options(args);
}

std::string error_of(std::vector<std::string_view> args)
{
	const auto options = parse(std::move(args));
	return options ? "(accepted)" : options.error().message;
}

TEST(ProbeOptions, DefaultsMakeAValidHello)
{
	const auto o = parse({"10.0.0.2", "7400", "bad-magic"});
	ASSERT_TRUE(o) << o.error().message;
	EXPECT_EQ(o.value().host, "10.0.0.2");
	EXPECT_EQ(o.value().port, 7400);
	EXPECT_EQ(o.value().probe, ProbeCase::bad_magic);
	EXPECT_EQ(o.value().cluster, "hive");
	EXPECT_EQ(o.value().node, 1u);
	EXPECT_FALSE(o.value().incarnation);
	EXPECT_EQ(o.value().epoch, 0u);
	EXPECT_EQ(o.value().target, 2u);
	EXPECT_EQ(o.value().wait, std::chrono::seconds(8));
}

TEST(ProbeOptions, KnowsEveryCaseByName)
{
	for (const std::string_view name :
	     {"random", "truncated", "huge-length", "bad-magic", "bad-version", "paged", "bad-cluster",
	      "not-member", "silent", "flood"}) {
		const auto o = parse({"h", "1", name});
		ASSERT_TRUE(o) << name << ": " << o.error().message;
		EXPECT_EQ(probe_case_name(o.value().probe), name);
	}
	EXPECT_EQ(error_of({"h", "1", "bad_magic"}), "unknown case 'bad_magic'");
}

TEST(ProbeOptions, ReadsHeaderOptionsAnywhere)
{
	const auto o = parse({"--as", "3", "h", "--incarnation=18446744073709551615", "1",
			      "not-member", "--epoch", "9", "--target", "1023",
			      "--target-incarnation", "0", "--cluster", "lab.1", "--wait", "2"});
	ASSERT_TRUE(o) << o.error().message;
	EXPECT_EQ(o.value().host, "h");
	EXPECT_EQ(o.value().node, 3u);
	EXPECT_EQ(o.value().incarnation, 18446744073709551615u);
	EXPECT_EQ(o.value().epoch, 9u);
	EXPECT_EQ(o.value().target, 1023u);
	EXPECT_EQ(o.value().target_incarnation, 0u);
	EXPECT_EQ(o.value().cluster, "lab.1");
	EXPECT_EQ(o.value().wait, std::chrono::seconds(2));
}

TEST(ProbeOptions, RefusesOptionsTheCaseDoesNotUse)
{
	EXPECT_EQ(error_of({"h", "1", "random", "--as", "3"}), "random does not take --as");
	EXPECT_EQ(error_of({"h", "1", "silent", "--count", "3"}), "silent does not take --count");
	EXPECT_EQ(error_of({"h", "1", "flood", "--key", "k"}), "flood does not take --key");
	EXPECT_EQ(error_of({"h", "1", "bad-magic", "--count", "3"}),
		  "bad-magic does not take --count");
}

TEST(ProbeOptions, WrongKeyNeedsAllItsOptions)
{
	std::vector<std::string_view> full{"h", "1", "wrong-key", "--key", "/etc/hive/authkey",
					   "--as", "1", "--incarnation", "5", "--target", "2",
					   "--target-incarnation", "6", "--cluster", "hive"};
	const auto o = parse(full);
	ASSERT_TRUE(o) << o.error().message;
	EXPECT_EQ(o.value().key_path, "/etc/hive/authkey");
	EXPECT_EQ(o.value().incarnation, 5u);
	EXPECT_EQ(o.value().target_incarnation, 6u);
	// Drop each option with its value in turn.
	for (size_t i = 3; i < full.size(); i += 2) {
		auto missing = full;
		missing.erase(missing.begin() + i, missing.begin() + i + 2);
		EXPECT_EQ(error_of(missing), "wrong-key needs " + std::string(full[i]));
	}
}

TEST(ProbeOptions, RefusesBadValues)
{
	EXPECT_EQ(error_of({"h", "1", "not-member", "--as", "0"}),
		  "not-member: --as: '0' is not a node id (must be 1..1023)");
	EXPECT_EQ(error_of({"h", "1", "not-member", "--target", "1024"}),
		  "not-member: --target: '1024' is not a node id (must be 1..1023)");
	EXPECT_NE(error_of({"h", "1", "bad-cluster", "--cluster", "a b"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "bad-cluster", "--cluster", ""}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "silent", "--wait", "0"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "silent", "--wait", "3601"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "flood", "--count", "0"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "flood", "--count", "65537"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "not-member", "--incarnation", "-1"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "not-member", "--epoch", "1.5"}), "(accepted)");
	EXPECT_NE(error_of({"h", "1", "wrong-key", "--key", "", "--as", "1", "--incarnation",
			    "5", "--target", "2", "--target-incarnation", "6", "--cluster",
			    "hive"}),
		  "(accepted)");
}

TEST(ProbeOptions, RefusesBadWordsAndPorts)
{
	EXPECT_EQ(error_of({}), "needs ADDRESS PORT CASE");
	EXPECT_EQ(error_of({"h", "1"}), "needs ADDRESS PORT CASE");
	EXPECT_EQ(error_of({"h", "1", "random", "extra"}), "unexpected argument 'extra'");
	EXPECT_EQ(error_of({"h", "0", "random"}), "PORT: '0' is not a number in 1..65535");
	EXPECT_EQ(error_of({"h", "7400x", "random"}),
		  "PORT: '7400x' is not a number in 1..65535");
	EXPECT_EQ(error_of({"h", "1", "random", "--wait", "1", "--wait", "2"}),
		  "--wait given twice");
}

TEST(ProbeOptions, FloodTakesCountAndWait)
{
	const auto o = parse({"h", "1", "flood", "--count", "500", "--wait", "3"});
	ASSERT_TRUE(o) << o.error().message;
	EXPECT_EQ(o.value().count, 500u);
	EXPECT_EQ(o.value().wait, std::chrono::seconds(3));
	EXPECT_EQ(parse({"h", "1", "flood"}).value().count, 100u);
}

TEST(ProbeOptions, EveryCaseTakesFrom)
{
	for (const char *name : {"random", "not-member", "flood", "silent"}) {
		const auto o = parse({"h", "1", name, "--from", "198.18.0.99"});
		ASSERT_TRUE(o) << name << ": " << o.error().message;
		EXPECT_EQ(o.value().from, "198.18.0.99");
	}
	EXPECT_EQ(parse({"h", "1", "random"}).value().from, "");
	EXPECT_EQ(error_of({"h", "1", "random", "--from", ""}), "random: --from: empty");
}

} // namespace
