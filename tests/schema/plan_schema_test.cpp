// Compiled plans against the bfc-plan/1 JSON Schema (valijson, through the runtime's
// wrapper) and the runtime's own loader (references, groups, cycles through barriers):
//  - every backfill of every example, compiled by the built `bfc` as a user would, whose
//    `bfc check` must also be clean;
//  - every backfill of every golden case (tests/cases) that compiles without errors,
//    compiled in process.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "driver/pipeline.h"
#include "plan/emit.h"
#include "runtime/plan/load.h"
#include "runtime/plan/schema_check.h"
#include "support/calendar.h"

namespace bfc {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BFC_SOURCE_DIR;
const fs::path kExamples = kSource / "examples";
const fs::path kCases = kSource / "tests" / "cases";
// Fixed reference dates: examples are written for a day after all their dates; the golden
// cases run with --today 2024-04-01.
constexpr const char* kExamplesToday = "2024-12-01";
constexpr const char* kCasesToday = "2024-04-01";

// Examples that exist to show a warning, and the codes `bfc check` must report for them.
// Every other example must check with no diagnostics at all.
const std::map<std::string, std::set<std::string>> kExampleWarnings = {
    // An excluded intermediate task runs as a dry run: that is the point of the example.
    {"dataworks_workspaces.bf", {"W0003"}},
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Problems with a plan document: schema violations first, then what the runtime's loader
// rejects. Empty when the runtime would accept the plan.
std::vector<std::string> plan_problems(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return {"not valid JSON"};
  std::vector<std::string> out = runtime::schema_violations(doc);
  if (!out.empty()) return out;
  runtime::PlanError error;
  if (!runtime::parse_plan(text, "plan.json", error)) return error.messages;
  return {};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "  " + l + "\n";
  return s;
}

struct Loaded {
  Program prog;
  DiagnosticSink diags;
  Analysis analysis;
  bool ok = false;  // loaded and analyzed without errors
};

std::unique_ptr<Loaded> load(const fs::path& file, const fs::path& root) {
  auto l = std::make_unique<Loaded>();
  LoadOptions lo;
  lo.root = root.string();
  lo.stdlib_dir = (kSource / "stdlib").string();
  if (!load_program({file.string()}, lo, l->prog, l->diags)) return l;
  analyze_program(l->prog, l->diags, l->analysis);
  l->ok = !l->diags.has_errors();
  return l;
}

// The plan JSON of one backfill, compiled in process; empty when the backfill has errors.
std::string compile_in_process(Loaded& l, const Backfill& b, int64_t today) {
  size_t errors = l.diags.error_count();
  InstanceGraph g = analyze_backfill(l.analysis, b, "", today, l.diags);
  if (l.diags.error_count() > errors) return "";
  return plan_json(l.prog, g, l.analysis.params);
}

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs the built bfc with `args` in the source directory (so paths stay relative).
CliRun run_bfc(const std::string& args, const fs::path& scratch) {
  fs::path out = scratch / "stdout", err = scratch / "stderr";
  std::string cmd = "cd '" + kSource.string() + "' && NO_COLOR=1 '" + BFC_BINARY + "' " + args +
                    " >'" + out.string() + "' 2>'" + err.string() + "'";
  int status = std::system(cmd.c_str());
  CliRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bfc-schema-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::vector<fs::path> bf_files(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".bf") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(Scratch, EveryExampleChecksClean) {
  auto files = bf_files(kExamples);
  ASSERT_GE(files.size(), 5u);
  std::set<std::string> seen;
  for (const fs::path& f : files) {
    std::string name = f.filename().string();
    seen.insert(name);
    std::string rel = fs::relative(f, kSource).string();
    CliRun r = run_bfc("check " + rel + " --today " + kExamplesToday + " --format json", dir_);
    EXPECT_EQ(r.exit_code, 0) << rel << "\n" << r.out << r.err;
    nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << rel << ": not JSON:\n" << r.out;
    std::set<std::string> codes;
    for (const auto& d : doc["diagnostics"]) codes.insert(d["code"].get<std::string>());
    auto it = kExampleWarnings.find(name);
    std::set<std::string> expected =
        it == kExampleWarnings.end() ? std::set<std::string>{} : it->second;
    EXPECT_EQ(codes, expected) << rel << "\n" << r.out;
  }
  for (const auto& [name, codes] : kExampleWarnings)
    EXPECT_TRUE(seen.count(name)) << name
                                  << " is listed in kExampleWarnings but is not in examples/";
}

TEST_F(Scratch, EveryExampleBackfillCompilesToAValidPlan) {
  int plans = 0;
  for (const fs::path& f : bf_files(kExamples)) {
    auto l = load(f, kExamples);
    ASSERT_TRUE(l->ok) << f;
    std::string rel = fs::relative(f, kSource).string();
    for (const Backfill& b : l->analysis.model.backfills) {
      fs::path out = dir_ / (b.name + ".json");
      std::string args = "compile " + rel + " --backfill " + b.name + " --today " + kExamplesToday +
                         " -o '" + out.string() + "'";
      CliRun r = run_bfc(args, dir_);
      ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
      std::string text = slurp(out);
      EXPECT_EQ(plan_problems(text), std::vector<std::string>{}) << args << "\n"
                                                                 << joined(plan_problems(text));
      // Same input and --today: the same bytes, from another process.
      CliRun again = run_bfc(args, dir_);
      ASSERT_EQ(again.exit_code, 0) << args;
      EXPECT_TRUE(slurp(out) == text) << args << ": a second compile wrote different bytes";
      ++plans;
    }
  }
  // Each example has at least one backfill.
  EXPECT_GE(plans, 5);
  // Only the plans are left: no temporary files from the atomic writes.
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_TRUE(e.path().extension() == ".json" || e.path().filename() == "stdout" ||
                e.path().filename() == "stderr")
        << e.path();
}

// A plan that could not be written is an I/O error (exit 2), not a success.
TEST_F(Scratch, CompileToAFullStdoutFails) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  std::string cmd = "cd '" + kSource.string() + "' && '" + BFC_BINARY +
                    "' compile examples/quickstart.bf --today " + kExamplesToday +
                    " >/dev/full 2>'" + (dir_ / "stderr").string() + "'";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(slurp(dir_ / "stderr").find("cannot write the plan to standard output"),
            std::string::npos)
      << slurp(dir_ / "stderr");
}

TEST(GoldenCases, EveryCompilableBackfillIsAValidPlan) {
  int64_t today = *cal::parse_date(kCasesToday);
  int plans = 0;
  std::string failures;
  for (const fs::path& f : bf_files(kCases)) {
    auto l = load(f, kCases);
    if (!l->ok) continue;  // a case about an error
    for (const Backfill& b : l->analysis.model.backfills) {
      std::string text = compile_in_process(*l, b, today);
      if (text.empty()) continue;  // this backfill is the error the case is about
      ++plans;
      auto problems = plan_problems(text);
      if (!problems.empty())
        failures +=
            fs::relative(f, kCases).string() + " --backfill " + b.name + ":\n" + joined(problems);
    }
  }
  EXPECT_EQ(failures, "");
  // A guard against this test quietly validating nothing (e.g. cases moved or renamed);
  // 11 backfills compiled when this was written.
  EXPECT_GE(plans, 10) << "too few golden cases compiled; did tests/cases move?";
}

// The validation above must be able to fail: break a real plan in ways the schema and the
// runtime's loader reject.
TEST(Validator, RejectsBrokenPlans) {
  auto l = load(kExamples / "quickstart.bf", kExamples);
  ASSERT_TRUE(l->ok);
  ASSERT_FALSE(l->analysis.model.backfills.empty());
  std::string text =
      compile_in_process(*l, l->analysis.model.backfills[0], *cal::parse_date(kExamplesToday));
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(plan_problems(text), std::vector<std::string>{});
  nlohmann::json plan = nlohmann::json::parse(text);
  ASSERT_GE(plan["instances"].size(), 2u);

  auto broken = [&](auto&& edit) {
    nlohmann::json p = plan;
    edit(p);
    return !plan_problems(p.dump()).empty();
  };
  EXPECT_TRUE(broken([](nlohmann::json& p) { p["instances"][0]["priority"] = 4; }));
  EXPECT_TRUE(broken([](nlohmann::json& p) { p.erase("format"); }));
  EXPECT_TRUE(broken([](nlohmann::json& p) { p["extra"] = 1; }));
  EXPECT_TRUE(broken([](nlohmann::json& p) { p["instances"][0]["bizdate"] = "2024-3-1"; }));
  EXPECT_TRUE(
      broken([](nlohmann::json& p) { p["instances"][0]["deps"].push_back("nope@2024-03-01"); }));
  EXPECT_TRUE(broken([](nlohmann::json& p) { p["instances"][1]["id"] = p["instances"][0]["id"]; }));
}

}  // namespace
}  // namespace bfc
