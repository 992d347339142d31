// Plan loading: schema validation, reference checks, cycles, and the embedded schema.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "common/file_io.h"
#include "common/sha256.h"
#include "plan_builder.h"
#include "plan_describe.h"
#include "runtime/exec/process.h"
#include "runtime/exec/window.h"
#include "runtime/plan/cache.h"
#include "runtime/plan/load.h"
#include "runtime/plan/sax_reader.h"
#include "runtime/plan/schema_check.h"

namespace bfc::runtime::testing {
namespace {

std::vector<std::string> errors_of(const nlohmann::json& doc) {
  PlanError e;
  EXPECT_FALSE(parse_plan(doc.dump(), "p.json", e).has_value());
  return e.messages;
}

PlanBuilder two() {
  PlanBuilder b;
  b.group({"2024-03-01"});
  b.add("a", "2024-03-01");
  b.add("b", "2024-03-01", {"a@2024-03-01"});
  return b;
}

TEST(Plan, FixtureLoadsAndIndexes) {
  PlanError e;
  auto plan = load_plan(std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json", e);
  ASSERT_TRUE(plan) << (e.messages.empty() ? "" : e.messages[0]);
  EXPECT_EQ(plan->backfill, "fix_march");
  EXPECT_EQ(plan->instances.size(), 12u);
  EXPECT_EQ(plan->sha256.size(), 64u);
  const auto& daily = plan->instances[plan->find("events_daily@2024-03-02")];
  EXPECT_EQ(daily.group_index, 0);
  EXPECT_EQ(daily.date_index, 1);
  EXPECT_EQ(daily.dep_index.size(), 1u);
  EXPECT_TRUE(plan->instances[plan->find("raw_events@2024-03-01T00:00")].command.is_list);
  EXPECT_TRUE(plan->settings.alert.has_value());
}

TEST(Plan, ACopyHasItsOwnIndexAndAMovedPlanKeepsIt) {
  // The index's keys view the instances' ids: a copy must not view the original's.
  PlanError e;
  std::optional<Plan> original =
      load_plan(std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json", e);
  ASSERT_TRUE(original);
  Plan copy = *original;
  Plan assigned;
  assigned = *original;
  original.reset();
  for (const Plan* p : {&copy, &assigned}) {
    ASSERT_EQ(p->index.size(), p->instances.size());
    for (std::size_t i = 0; i < p->instances.size(); ++i) {
      EXPECT_EQ(p->find(p->instances[i].id), int(i));
      EXPECT_EQ(p->index.find(p->instances[i].id)->first.data(), p->instances[i].id.data());
    }
  }
  Plan moved = std::move(copy);
  for (std::size_t i = 0; i < moved.instances.size(); ++i)
    EXPECT_EQ(moved.find(moved.instances[i].id), int(i));
}

TEST(Plan, TheBinaryCacheGivesBackThePlanOnlyForTheSameFile) {
  const std::string fixture = std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json";
  PlanError e;
  auto plan = load_plan(fixture, e);
  ASSERT_TRUE(plan);
  const std::string cache =
      (std::filesystem::temp_directory_path() / ("bfc_cache_" + std::to_string(getpid()))).string();
  auto stamp = file_stamp(fixture);
  ASSERT_TRUE(stamp);
  ASSERT_TRUE(write_plan_cache(cache, *plan, *stamp));
  auto back = read_plan_cache(cache, fixture, *stamp);
  ASSERT_TRUE(back);
  EXPECT_EQ(describe(*back), describe(*plan));
  FileStamp other = *stamp;
  other.mtime_ns += 1;  // the file was written again
  EXPECT_FALSE(read_plan_cache(cache, fixture, other));
  // Its header alone names the plan's hash, for the same file only.
  EXPECT_EQ(cached_plan_sha256(cache, *stamp), plan->sha256);
  EXPECT_FALSE(cached_plan_sha256(cache, other));
  EXPECT_FALSE(cached_plan_sha256(cache + ".missing", *stamp));
  // Damage is never taken for a plan, nor a crash: truncations and flipped bytes.
  std::string bytes;
  ASSERT_TRUE(read_file(cache, bytes));
  std::mt19937 rng(7);
  int accepted = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bad = bytes;
    if (round % 3 == 0)
      bad.resize(rng() % bad.size());
    else
      bad[rng() % bad.size()] ^= char(1 + rng() % 255);
    std::string error;
    ASSERT_TRUE(write_atomically(cache, bad, error)) << error;
    accepted += read_plan_cache(cache, fixture, *stamp).has_value();
  }
  EXPECT_EQ(accepted, 0);  // the checksum sees every change
  std::filesystem::remove(cache);
}

TEST(Plan, EmbeddedSchemaMatchesTheRepositoryFile) {
  std::ifstream in(BFC_SCHEMA_PATH);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), embedded_plan_schema());
}

nlohmann::json fixture_json() {
  std::ifstream in(std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json");
  return nlohmann::json::parse(in);
}

TEST(Plan, FastSchemaCheckWasWrittenForTheEmbeddedSchema) {
  EXPECT_EQ(sha256_hex(embedded_plan_schema()), kFastCheckSchemaSha256)
      << "schema/bfc-plan-1.schema.json changed: make fast_plan_check() "
         "(runtime/plan/schema_check.cpp) accept only "
         "what the new schema accepts, then set kFastCheckSchemaSha256 to the new schema's SHA-256 "
         "(until then "
         "plans are validated by the generic validator only, which is correct but slow)";
}

TEST(Plan, FastSchemaCheckAcceptsValidPlans) {
  EXPECT_TRUE(fast_plan_check(fixture_json()));
  EXPECT_TRUE(fast_plan_check(two().doc()));
}

// fast_plan_check() may never accept what the schema rejects. Every value of the fixture, in
// turn, is replaced by each of a set of awkward values (or removed, or given a sibling).
TEST(Plan, FastSchemaCheckAcceptsNothingTheSchemaRejects) {
  nlohmann::json base = fixture_json();
  base["instances"][1]["image"] = "registry/etl:1.0";  // optional: present on one
  ASSERT_TRUE(fast_plan_check(base));
  const std::vector<nlohmann::json> values = {
      nullptr,
      true,
      false,
      0,
      -1,
      1,
      2,
      4,
      5,
      8,
      9,
      1.0,
      1.5,
      -0.5,
      18446744073709551615ull,
      9223372036854775807ll,
      9223372036854775808ull,
      -9223372036854775807ll - 1,
      "",
      " ",
      "x",
      "run",
      "dry_run",
      "excluded",
      "a@2024-03-01",
      "a b@2024-03-01",
      "a@b@2024-03-01",
      "a@2024-03-01T23:59",
      "a@2024-03-01T24:00",
      "a@2024-03-01T",
      "a@2024-3-01",
      "a\t@2024-03-01",
      "@2024-03-01",
      "a@2024-03-01\n",
      "2024-03-01",
      "2024-02-30",
      "2024-13-01",
      "2024-00-10",
      "2024-03-32",
      "2024-03-01T00:00",
      "2024-03-01T23:59",
      "2024-03-01T24:00",
      "2024-03-01 00:00",
      "2024-03-01T00:60",
      "00:00",
      "23:59",
      "24:00",
      "9:00",
      "ascending",
      "failure",
      "bfc-plan/1",
      std::string(64, 'a'),
      std::string(64, 'A'),
      std::string(63, 'a'),
      nlohmann::json::array(),
      nlohmann::json::object(),
      nlohmann::json::array({""}),
      nlohmann::json::array({1}),
      nlohmann::json::array({"a@2024-03-01"}),
      nlohmann::json::array({"a@2024-03-01", "a@2024-03-01"}),
      nlohmann::json::array({"2024-03-01", "2024-03-01"}),
      nlohmann::json::array({"2024-03-01"}),
      nlohmann::json::array({"true", "x"}),
      nlohmann::json{{"start", "22:00"}, {"end", "06:00"}},
      nlohmann::json{{"start", "22:00"}},
      nlohmann::json{{"on", "always"}, {"command", "x"}},
      nlohmann::json{{"path", "p"}, {"sha256", std::string(64, '0')}}};
  std::vector<nlohmann::json::json_pointer> pointers;
  const nlohmann::json flat = base.flatten();
  for (const auto& [path, value] : flat.items()) {
    // Every prefix of every leaf's path is a value of the document.
    auto ptr = nlohmann::json::json_pointer(path);
    for (; !ptr.empty(); ptr = ptr.parent_pointer())
      if (std::find(pointers.begin(), pointers.end(), ptr) == pointers.end())
        pointers.push_back(ptr);
  }
  int checked = 0, fast_accepted = 0;
  auto check = [&](const nlohmann::json& doc, const std::string& what) {
    ++checked;
    if (!fast_plan_check(doc)) return;
    ++fast_accepted;
    EXPECT_TRUE(schema_accepts(doc))
        << "fast_plan_check() accepts what the schema rejects: " << what;
  };
  for (const auto& ptr : pointers) {
    for (const auto& v : values) {
      nlohmann::json doc = base;
      doc[ptr] = v;
      check(doc, ptr.to_string() + " = " + v.dump());
    }
    nlohmann::json doc = base;
    const std::string last = ptr.back();
    auto& parent = doc[ptr.parent_pointer()];
    if (parent.is_object()) {
      parent.erase(last);
      check(doc, "without " + ptr.to_string());
      parent = base[ptr.parent_pointer()];
      parent["extra"] = 1;
      check(doc, "extra key next to " + ptr.to_string());
    }
  }
  EXPECT_GT(checked, 5000);
  EXPECT_GT(fast_accepted, 100);  // the substitutions that keep the plan valid
}

// The fast path (rapidjson) yields exactly the plan of the general path (nlohmann + valijson)
// and never accepts what the schema rejects: the fixture, and every substitution of the
// fixture mutation test that it accepts.
TEST(Plan, FastLoadingMatchesTheGeneralPath) {
  nlohmann::json base = fixture_json();
  base["settings"]["window"] = {{"start", "22:00"}, {"end", "06:30"}};
  base["settings"]["max_running"] = 3;
  base["instances"][0]["timeout_s"] = 60;
  base["instances"][1]["mode"] = "dry_run";
  base["instances"][0]["not_before"] = "2024-03-02T00:00";  // optional: present on one
  base["instances"][1]["image"] = "registry/etl:1.0";       // optional: present on one
  base["instances"][1]["dry_run_reason"] = "excluded";
  base["instances"][2]["workspace"] = "ws \u00e9\n";
  base["instances"][2]["command"] = "run \"a b\" \u0000 x";
  base["external_deps"] = {"ext@2024-02-28", "ext2@2024-02-28T05:00"};
  base["sources"] = {{{"path", "a.bf"}, {"sha256", std::string(64, 'e')}}};
  std::vector<nlohmann::json> docs = {fixture_json(), base, two().doc()};
  const nlohmann::json flat = base.flatten();
  for (const auto& [path, value] : flat.items()) {
    for (const nlohmann::json& v :
         {nlohmann::json(nullptr), nlohmann::json(0), nlohmann::json(2), nlohmann::json(-1),
          nlohmann::json(1.0), nlohmann::json(""), nlohmann::json("x"),
          nlohmann::json("a@2024-03-01"), nlohmann::json("2024-03-01"),
          nlohmann::json("2024-03-01T00:00"), nlohmann::json("10:00"),
          nlohmann::json::array({"a@2024-03-01", "a@2024-03-01"})}) {
      nlohmann::json doc = base;
      doc[nlohmann::json::json_pointer(path)] = v;
      docs.push_back(doc);
    }
  }
  int fast = 0;
  for (const auto& doc : docs) {
    const std::string text = doc.dump(1);
    Plan p;
    if (!fast_parse_plan(text, p)) continue;
    ++fast;
    ASSERT_TRUE(schema_accepts(doc)) << "fast path accepts what the schema rejects: " << text;
    PlanError e1, e2;
    auto a = parse_plan(text, "p.json", e1, true), b = parse_plan(text, "p.json", e2, false);
    ASSERT_EQ(a.has_value(), b.has_value()) << text;
    EXPECT_EQ(e1.messages, e2.messages);
    if (a) EXPECT_EQ(describe(*a), describe(*b)) << text;
  }
  EXPECT_GT(fast, 50);
}

// `image` is optional on each instance; both paths read it the same, and an instance without
// one has none.
TEST(Plan, AnImageLoadsAlikeOnTheFastAndTheGeneralPath) {
  for (const char* format : {"bfc-plan/2", "bfc-plan/1"}) {
    nlohmann::json doc = fixture_json();
    doc["format"] = format;
    if (std::string(format) == "bfc-plan/2")  // the fixture is a bfc-plan/1 plan
      for (auto& in : doc["instances"]) in["fingerprint"] = in["lineage"] = "0123456789abcdef";
    doc["instances"][0]["image"] = "registry.example.com/etl/load:1.0";
    const std::string text = doc.dump(1);
    Plan fast;
    ASSERT_TRUE(fast_parse_plan(text, fast)) << format;
    PlanError e1, e2;
    auto a = parse_plan(text, "p.json", e1, true), b = parse_plan(text, "p.json", e2, false);
    ASSERT_TRUE(a && b) << format;
    EXPECT_EQ(describe(*a), describe(*b));
    EXPECT_EQ(a->instances[0].image, "registry.example.com/etl/load:1.0");
    EXPECT_EQ(b->instances[0].image, "registry.example.com/etl/load:1.0");
    for (std::size_t i = 1; i < a->instances.size(); ++i) EXPECT_EQ(a->instances[i].image, "");
  }
  // An empty image is a schema violation, with the field named.
  nlohmann::json doc = fixture_json();
  doc["instances"][0]["image"] = "";
  Plan p;
  EXPECT_FALSE(fast_parse_plan(doc.dump(), p));
  auto errors = errors_of(doc);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("/instances/0/image"), std::string::npos) << errors[0];
}

TEST(Plan, FastLoadingLeavesTheUnusualToTheGeneralPath) {
  Plan p;
  std::string text = fixture_json().dump();
  EXPECT_TRUE(fast_parse_plan(text, p));
  EXPECT_FALSE(fast_parse_plan("{", p));
  EXPECT_FALSE(fast_parse_plan(text + " x", p));
  auto doc = fixture_json();
  doc["instances"][0]["priority"] = 5.0;  // the schema's enum accepts it; the fast path does not
  EXPECT_FALSE(fast_parse_plan(doc.dump(), p));
  PlanError e;
  auto plan = parse_plan(doc.dump(), "p.json", e);
  ASSERT_TRUE(plan) << (e.messages.empty() ? "" : e.messages[0]);
  EXPECT_EQ(plan->instances[0].priority, 5);
  // A repeated key: nlohmann keeps the last value; the fast path declines.
  std::string dup = text;
  dup.insert(dup.find("\"backfill\""), "\"backfill\":\"first\",");
  EXPECT_FALSE(fast_parse_plan(dup, p));
}

// Both paths on one text: the same plan, or the same diagnostics.
void expect_same_as_general(const std::string& text, bool fast_accepts) {
  Plan p;
  EXPECT_EQ(fast_parse_plan(text, p), fast_accepts) << text;
  PlanError e1, e2;
  auto a = parse_plan(text, "p.json", e1, true), b = parse_plan(text, "p.json", e2, false);
  ASSERT_EQ(a.has_value(), b.has_value()) << text;
  EXPECT_EQ(e1.messages, e2.messages);
  if (a) EXPECT_EQ(describe(*a), describe(*b));
}

// The fast path reads "instances" element by element, wherever it is among the members.
TEST(Plan, FastLoadingTakesTheMembersInAnyOrder) {
  const auto fixture = nlohmann::ordered_json::parse(fixture_json().dump());
  nlohmann::ordered_json first, last;
  first["instances"] = fixture["instances"];
  for (const auto& [k, v] : fixture.items()) {
    if (k != "instances") first[k] = v, last[k] = v;
  }
  last["instances"] = fixture["instances"];
  ASSERT_EQ(first.begin().key(), "instances");
  ASSERT_EQ(last.back(), fixture["instances"]);
  for (const auto& doc : {first, last}) expect_same_as_general(doc.dump(2), true);
  nlohmann::ordered_json none = last;
  none["instances"] = nlohmann::json::array();
  expect_same_as_general(none.dump(), true);
}

TEST(Plan, FastLoadingSplitsOnlyTheTopLevelInstances) {
  for (auto where :
       {"/settings/instances", "/groups/0/instances", "/instances/3/instances", "/sources/0"}) {
    auto doc = fixture_json();
    doc["sources"] = {{{"path", "a.bf"}, {"sha256", std::string(64, 'e')}}};
    doc[nlohmann::json::json_pointer(where)] = fixture_json()["instances"];
    expect_same_as_general(doc.dump(), false);  // the schema has no such key
  }
  auto doc = fixture_json();
  doc["instances"] = {{"instances", fixture_json()["instances"]}};
  expect_same_as_general(doc.dump(), false);
  doc["instances"] = fixture_json()["instances"][0];
  expect_same_as_general(doc.dump(), false);
}

// An invalid instance amid valid ones: the general path explains it, as before.
TEST(Plan, FastLoadingFallsBackOnAnInvalidInstanceMidway) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (int i = 0; i < 20; ++i) b.add("t" + std::to_string(i), "2024-03-01");
  b.doc()["instances"][10]["priority"] = 4;
  b.doc()["instances"][11]["retries"] = -1;
  expect_same_as_general(b.doc().dump(), false);
  PlanError e;
  EXPECT_FALSE(parse_plan(b.doc().dump(), "p.json", e));
  std::sort(e.messages.begin(), e.messages.end());
  ASSERT_EQ(e.messages.size(), 2u);
  EXPECT_EQ(e.messages[0].rfind("/instances/10/priority: ", 0), 0u) << e.messages[0];
  EXPECT_EQ(e.messages[1].rfind("/instances/11/retries: ", 0), 0u) << e.messages[1];
}

TEST(Plan, FastLoadingDeclinesTruncatedPlans) {
  const std::string text = fixture_json().dump(1);
  for (std::size_t n : {std::size_t(0), std::size_t(1), text.size() / 3,
                        text.find("\"instances\"") + 20, text.rfind('}') - 1, text.size() - 1}) {
    expect_same_as_general(text.substr(0, n), false);
    PlanError e;
    EXPECT_FALSE(parse_plan(text.substr(0, n), "p.json", e));
    ASSERT_EQ(e.messages.size(), 1u);
    EXPECT_NE(e.messages[0].find("not valid JSON"), std::string::npos) << e.messages[0];
  }
}

// Many instances (the fast path reserves for them after a first pass): the same plan.
TEST(Plan, FastLoadingManyInstances) {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (int i = 0; i < 9000; ++i) {
    std::vector<std::string> deps;
    if (i % 100) deps.push_back("t" + std::to_string(i - 1) + "@2024-03-01");
    b.add("t" + std::to_string(i), "2024-03-01", deps);
  }
  expect_same_as_general(b.doc().dump(), true);
}

// load_plan reads the file exactly, and still reads what is not a regular file.
TEST(Plan, LoadPlanReadsFilesAndPipes) {
  const std::string text = fixture_json().dump(1);
  const std::string dir = ::testing::TempDir() + "bfc_plan_read_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  { std::ofstream(dir + "/p.json", std::ios::binary) << text; }
  PlanError e;
  auto plan = load_plan(dir + "/p.json", e);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->sha256, sha256_hex(text));
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(dir + "/fifo", std::ios::binary) << text; });
  auto piped = load_plan(dir + "/fifo", e);
  writer.join();
  ASSERT_TRUE(piped);
  EXPECT_EQ(describe(*piped), describe(*plan).replace(0, (dir + "/p.json").size(), dir + "/fifo"));
  std::filesystem::remove_all(dir);
}

TEST(Plan, UnreadableFileIsAnIoError) {
  PlanError e;
  EXPECT_FALSE(load_plan("/nonexistent/plan.json", e));
  EXPECT_TRUE(e.io);
  EXPECT_EQ(e.messages.at(0), "cannot read plan: No such file or directory");
}

TEST(Plan, BadJsonNamesLineAndColumn) {
  PlanError e;
  EXPECT_FALSE(parse_plan("{\n  \"format\": ,\n}", "p.json", e));
  EXPECT_FALSE(e.io);
  ASSERT_EQ(e.messages.size(), 1u);
  EXPECT_EQ(e.messages[0].rfind("2:13: not valid JSON: ", 0), 0u) << e.messages[0];
}

TEST(Plan, NumberTooLargeIsNotValidJsonAtItsPlace) {
  PlanError e;
  EXPECT_FALSE(parse_plan("{\"format\": \"bfc-plan/1\",\n \"x\": 5e999}", "p.json", e).has_value());
  EXPECT_FALSE(e.io);
  ASSERT_EQ(e.messages.size(), 1u);
  EXPECT_EQ(e.messages[0], "2:7: not valid JSON: number overflow parsing '5e999'");
}

TEST(Plan, NulByteAfterAValidPlanIsNotValidJson) {
  std::ifstream in(std::string(BFC_RUNTIME_FIXTURES) + "/small.plan.json");
  std::stringstream text;
  text << in.rdbuf();
  PlanError ok;
  ASSERT_TRUE(parse_plan(text.str(), "p.json", ok).has_value());
  std::string bad = text.str() + std::string(1, '\0') + "junk";
  PlanError e;
  EXPECT_FALSE(parse_plan(bad, "p.json", e).has_value());
  ASSERT_EQ(e.messages.size(), 1u);
  EXPECT_NE(e.messages[0].find("not valid JSON"), std::string::npos) << e.messages[0];
}

TEST(Plan, SchemaViolationsNameTheField) {
  auto b = two();
  b.doc()["instances"][1]["priority"] = 4;
  b.doc()["settings"]["throttle_s"] = -1;
  auto errors = errors_of(b.doc());
  std::sort(errors.begin(), errors.end());
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "/instances/1/priority: failed to match against any enum values",
                        "/settings/throttle_s: expected number greater than or equal to 0"}));
}

TEST(Plan, DurationsUpToAHundredYearsLoadWhole) {
  // The compiler accepts durations up to 100 years (3,153,600,000 s, more than an int holds).
  auto b = two();
  b.doc()["settings"]["throttle_s"] = kMaxSeconds;
  b.doc()["instances"][0]["timeout_s"] = kMaxSeconds;
  b.doc()["instances"][0]["retry_delay_s"] = kMaxSeconds;
  b.doc()["instances"][0]["retries"] = kMaxCount;
  for (bool fast : {true, false}) {
    PlanError e;
    auto p = parse_plan(b.doc().dump(), "p.json", e, fast);
    ASSERT_TRUE(p.has_value()) << (e.messages.empty() ? "" : e.messages[0]);
    EXPECT_EQ(p->settings.throttle_s, 3153600000);
    EXPECT_EQ(p->instances[0].timeout_s, 3153600000);
    EXPECT_EQ(p->instances[0].retry_delay_s, 3153600000);
    EXPECT_EQ(p->instances[0].retries, 2147483647);
  }
}

TEST(Plan, NumbersBeyondTheBoundsAreSchemaViolations) {
  auto b = two();
  b.doc()["instances"][0]["retries"] = kMaxCount + 1;
  b.doc()["instances"][1]["retry_delay_s"] = kMaxSeconds + 1;
  b.doc()["settings"]["parallel"] = std::int64_t(1) << 32;  // was read as 0
  auto errors = errors_of(b.doc());
  std::sort(errors.begin(), errors.end());
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "/instances/0/retries: expected number less than or equal to 2147483647",
                "/instances/1/retry_delay_s: expected number less than or equal to 3153600000",
                "/settings/parallel: expected number less than or equal to 2147483647"}));
}

TEST(Plan, ANullableFieldOutOfRangeIsOneLine) {
  // timeout_s is oneOf [integer 1..max, null]: one line that says why, not one per branch.
  auto b = two();
  b.doc()["instances"][0]["timeout_s"] = 0;
  b.doc()["instances"][1]["timeout_s"] = "1h";
  b.doc()["settings"]["max_running"] = kMaxCount + 1;
  auto errors = errors_of(b.doc());
  std::sort(errors.begin(), errors.end());
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "/instances/0/timeout_s: expected number greater than or equal to 1",
                "/instances/1/timeout_s: value type not permitted by 'type' constraint",
                "/settings/max_running: expected number less than or equal to 2147483647"}));
}

TEST(Plan, RejectsUnknownKeysAndWrongFormat) {
  auto b = two();
  b.doc()["format"] = "bfc-plan/3";
  b.doc()["instances"][0]["extra"] = true;
  auto errors = errors_of(b.doc());
  std::sort(errors.begin(), errors.end());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rfind("/format: ", 0), 0u) << errors[0];
  EXPECT_EQ(
      errors[1],
      "/instances/0: object contains a property that could not be validated using 'properties' or "
      "'additionalProperties' constraints: 'extra'");
}

TEST(Plan, RejectsDependencyOutsideThePlan) {
  auto b = two();
  b.doc()["instances"][1]["deps"] = {"zzz@2024-03-01"};
  EXPECT_EQ(errors_of(b.doc()).at(0),
            "/instances/1/deps/0: `b@2024-03-01` depends on `zzz@2024-03-01`, which is not in the "
            "plan (list it in "
            "external_deps if it is outside the backfill)");
}

TEST(Plan, RejectsDuplicateIdsAndForeignGroups) {
  auto b = two();
  b.doc()["instances"][1]["id"] = "a@2024-03-01";
  b.doc()["instances"][1]["task"] = "a";
  b.doc()["instances"][1]["deps"] = nlohmann::json::array();
  auto errors = errors_of(b.doc());
  EXPECT_EQ(errors.at(0), "/instances/1/id: duplicate instance id `a@2024-03-01`");
  auto c = two();
  c.doc()["instances"][0]["group"] = 7;
  EXPECT_EQ(errors_of(c.doc()).at(0),
            "/instances/0/group: `a@2024-03-01` is in group 7, which is not in /groups");
  auto d = two();
  d.doc()["instances"][0]["bizdate"] = "2024-03-09";
  EXPECT_EQ(errors_of(d.doc()).at(0),
            "/instances/0/bizdate: `a@2024-03-01` has bizdate 2024-03-09, which is not a date of "
            "group 0");
}

TEST(Plan, FindsCyclesThroughDayBarriers) {
  PlanBuilder b;
  b.group({"2024-03-02", "2024-03-01"});  // descending: 03-01 waits for 03-02
  b.add("t", "2024-03-01");
  b.add("t", "2024-03-02", {"t@2024-03-01"});  // self-dependency on the previous day
  EXPECT_EQ(errors_of(b.doc()).at(0),
            "/instances: dependency cycle (day barriers included): t@2024-03-02 -> (day barrier "
            "after 2024-03-02 in "
            "group 0) -> t@2024-03-01 -> t@2024-03-02");
}

TEST(PlanWindow, InclusiveToTheMinuteAcrossMidnight) {
  PlanWindow w{22 * 60, 6 * 60, "22:00..06:00"};
  EXPECT_TRUE(window_open(w, 22 * 3600));
  EXPECT_TRUE(window_open(w, 0));
  EXPECT_TRUE(window_open(w, 6 * 3600 + 59));
  EXPECT_FALSE(window_open(w, 6 * 3600 + 60));
  EXPECT_FALSE(window_open(w, 21 * 3600 + 59 * 60 + 59));
  EXPECT_EQ(seconds_until_open(w, 12 * 3600), 10 * 3600);
  EXPECT_EQ(seconds_until_open(w, 23 * 3600), 0);
  PlanWindow day{9 * 60, 17 * 60, "09:00..17:00"};
  EXPECT_EQ(seconds_until_open(day, 18 * 3600), 15 * 3600);
  EXPECT_TRUE(window_open(day, 17 * 3600 + 59));
}

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CommandArgv, ExecsSimpleCommandsDirectly) {
  Command c;
  c.text = "  run-job   --date\t2024-03-01 ";
  EXPECT_EQ(command_argv(c), (std::vector<std::string>{"run-job", "--date", "2024-03-01"}));
  c.text = "spark-submit --conf a=b job.py";
  EXPECT_EQ(command_argv(c).size(), 4u);
  c.text = "true";
  EXPECT_EQ(command_argv(c), (std::vector<std::string>{"true"}));
}

TEST(CommandArgv, UsesTheShellForShellSyntax) {
  for (std::string text : {"echo $HOME",  "a | b",
                           "a > f",       "echo 'x y'",
                           "cd /tmp",     "X=1 run",
                           "a && b",      "ls *.txt",
                           "exit 3",      "a\nb",
                           "a ^ b",       "echo -e x",
                           "printf %s x", "pwd",
                           "kill -l",     "test -f x",
                           "time run",    "in x",
                           "type ls",     "hash",
                           "true --help", "false --version",
                           "  ",          ""}) {
    Command c;
    c.text = text;
    EXPECT_EQ(command_argv(c), (std::vector<std::string>{"/bin/sh", "-c", text})) << text;
  }
}

TEST(CommandArgv, ListCommandsAreUsedAsGiven) {
  Command c;
  c.is_list = true;
  c.argv = {"echo", "$HOME; rm -rf /"};
  EXPECT_EQ(command_argv(c), c.argv);
}

}  // namespace
}  // namespace bfc::runtime::testing
