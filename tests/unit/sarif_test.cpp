// `--format sarif`, `--format github` and `--format gitlab` over the diagnostics of every
// golden case (the whole pipeline: front end, program analysis, every backfill): each SARIF
// document must validate against the SARIF 2.1.0 schema GitHub code scanning uses
// (tests/data), carry what GitHub needs beyond the schema, each github line must be a
// workflow command, and each gitlab report a Code Quality array GitLab reads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "driver/pipeline.h"
#include "frontend/loader.h"

namespace bfc::test {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const valijson::Schema& sarif_schema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    nlohmann::json doc =
        nlohmann::json::parse(read_all(fs::path(BFC_DATA_DIR) / "sarif-2.1.0-rtm.5.json"));
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

std::string schema_errors(const nlohmann::json& doc) {
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  valijson::ValidationResults results;
  if (validator.validate(sarif_schema(), target, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    for (const auto& c : e.context) out += c;
    out += ": " + e.description + "\n";
  }
  return out;
}

// The diagnostics bfc check would print for one case (imports followed, all backfills).
struct Checked {
  Program prog;
  DiagnosticSink diags;
};

std::unique_ptr<Checked> check_case(const fs::path& bf) {
  auto c = std::make_unique<Checked>();
  LoadOptions opts;
  opts.root = BFC_CASES_DIR;
  if (!load_program({bf.string()}, opts, c->prog, c->diags)) return c;
  if (!c->diags.has_errors()) {
    Analysis a;
    analyze_program(c->prog, c->diags, a);
    if (!c->diags.has_errors())
      for (const Backfill& b : a.model.backfills)
        analyze_backfill(a, b, "", 19875 /* 2024-06-01 */, c->diags);
  }
  return c;
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(BFC_CASES_DIR))
    if (e.is_regular_file() && e.path().extension() == ".bf") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Sarif, SchemaLoads) {
  EXPECT_EQ(schema_errors(nlohmann::json::parse(R"({"version":"2.1.0","runs":[]})")), "");
}

TEST(Sarif, SchemaRejectsWhatGithubWouldReject) {
  // The schema is really applied: a result without a message is invalid.
  auto bad = nlohmann::json::parse(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"bfc"}},
                                       "results":[{"ruleId":"E0001"}]}]})");
  EXPECT_NE(schema_errors(bad), "");
}

TEST(Sarif, EveryGoldenCaseGivesValidSarifAndGithubLines) {
  const std::regex github_line(
      R"(^::(error|warning|notice)( file=[^,:]+,line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?,title=[^:]*| title=[^:]*)::[^\r\n]*$)");
  size_t documents = 0, results = 0;
  for (const auto& bf : cases()) {
    auto c = check_case(bf);
    const auto& diags = c->diags.diagnostics();
    if (diags.empty()) continue;
    SCOPED_TRACE(bf.string());
    nlohmann::json doc =
        nlohmann::json::parse(render_diagnostics(c->prog.sources, diags, DiagFormat::Sarif));
    ASSERT_EQ(schema_errors(doc), "");
    ++documents;
    // Beyond the schema, GitHub code scanning wants a rule id that names a rule of the
    // driver, a message and exactly one location with a 1-based region per result.
    const auto& run = doc["runs"][0];
    const auto& rules = run["tool"]["driver"]["rules"];
    ASSERT_EQ(run["results"].size(), diags.size());
    for (const auto& r : run["results"]) {
      ++results;
      int index = r["ruleIndex"].get<int>();
      ASSERT_GE(index, 0);
      ASSERT_LT(static_cast<size_t>(index), rules.size());
      EXPECT_EQ(rules[index]["id"], r["ruleId"]);
      EXPECT_FALSE(r["message"]["text"].get<std::string>().empty());
      ASSERT_EQ(r["locations"].size(), 1u) << r.dump();
      const auto& loc = r["locations"][0]["physicalLocation"];
      EXPECT_FALSE(loc["artifactLocation"]["uri"].get<std::string>().empty());
      EXPECT_GE(loc["region"]["startLine"].get<int>(), 1);
      EXPECT_GE(loc["region"]["startColumn"].get<int>(), 1);
    }
    std::istringstream lines(render_diagnostics(c->prog.sources, diags, DiagFormat::Github));
    // One ::error or ::warning line per diagnostic; notes with a location follow as ::notice.
    size_t n = 0;
    for (std::string line; std::getline(lines, line);) {
      EXPECT_TRUE(std::regex_match(line, github_line)) << line;
      n += line.rfind("::notice", 0) != 0;
    }
    EXPECT_EQ(n, diags.size());
  }
  std::printf("[ sarif    ] %zu documents, %zu results validated\n", documents, results);
  EXPECT_GT(documents, 100u);
}

TEST(Sarif, SpanlessDiagnosticStillHasALocation) {
  Program prog;
  DiagnosticSink diags;
  load_text("plan.bf", "task t { cycle = daily; }\n", prog, diags);
  diags.report(DiagCode::E0210, Span{}, "no backfill named `x`");
  nlohmann::json doc = nlohmann::json::parse(
      render_diagnostics(prog.sources, diags.diagnostics(), DiagFormat::Sarif));
  EXPECT_EQ(schema_errors(doc), "");
  const auto& loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "plan.bf");
  EXPECT_EQ(loc["region"]["startLine"], 1);
}

// GitLab Code Quality: every entry has the fields GitLab reads, with their types, a
// severity GitLab knows, and a fingerprint no other entry of the report has.
TEST(Gitlab, EveryGoldenCaseGivesAReportGitlabReads) {
  const std::set<std::string> severities{"info", "minor", "major", "critical", "blocker"};
  const std::regex fingerprint("^[0-9a-f]{32}$");
  size_t reports = 0, entries = 0;
  for (const auto& bf : cases()) {
    auto c = check_case(bf);
    const auto& diags = c->diags.diagnostics();
    SCOPED_TRACE(bf.string());
    nlohmann::json doc =
        nlohmann::json::parse(render_diagnostics(c->prog.sources, diags, DiagFormat::Gitlab));
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), diags.size());
    std::set<std::string> seen;
    for (size_t i = 0; i < doc.size(); ++i) {
      const auto& e = doc[i];
      ++entries;
      ASSERT_TRUE(e["description"].is_string()) << e.dump();
      EXPECT_EQ(e["check_name"], std::string(diag_info(diags[i].code).name));
      ASSERT_TRUE(e["fingerprint"].is_string()) << e.dump();
      EXPECT_TRUE(std::regex_match(e["fingerprint"].get<std::string>(), fingerprint));
      EXPECT_TRUE(seen.insert(e["fingerprint"].get<std::string>()).second)
          << "fingerprint repeats: " << e.dump();
      ASSERT_TRUE(e["severity"].is_string()) << e.dump();
      EXPECT_TRUE(severities.count(e["severity"].get<std::string>())) << e.dump();
      ASSERT_TRUE(e["location"]["path"].is_string()) << e.dump();
      EXPECT_FALSE(e["location"]["path"].get<std::string>().empty()) << e.dump();
      ASSERT_TRUE(e["location"]["lines"]["begin"].is_number_integer()) << e.dump();
      EXPECT_GE(e["location"]["lines"]["begin"].get<int>(), 1);
    }
    reports += !diags.empty();
  }
  std::printf("[ gitlab   ] %zu reports, %zu entries checked\n", reports, entries);
  EXPECT_GT(reports, 100u);
}

// The same finding twice in one file: two fingerprints. Lines added above both: the same
// two fingerprints, the lines moved. A leading `./` is not part of the path.
TEST(Gitlab, FingerprintsKeepIdenticalFindingsApartAndIgnoreLines) {
  auto report = [](const std::string& above) {
    Program prog;
    DiagnosticSink diags;
    std::string text = above + "task a { }\ntask b { }\n";
    load_text("./plan.bf", text, prog, diags);
    uint32_t at = static_cast<uint32_t>(above.size());
    diags.report(DiagCode::E0205, Span{1, at + 5, at + 6}, "unknown task `x`");
    diags.report(DiagCode::E0205, Span{1, at + 16, at + 17}, "unknown task `x`");
    diags.report(DiagCode::W0001, Span{1, at + 16, at + 17}, "a  warning\n here");
    return nlohmann::json::parse(
        render_diagnostics(prog.sources, diags.diagnostics(), DiagFormat::Gitlab));
  };
  nlohmann::json first = report("");
  nlohmann::json moved = report("# two\n# lines\n");
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_NE(first[0]["fingerprint"], first[1]["fingerprint"]);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(first[i]["fingerprint"], moved[i]["fingerprint"]) << i;
    EXPECT_EQ(first[i]["location"]["path"], "plan.bf");
    EXPECT_EQ(moved[i]["location"]["lines"]["begin"].get<int>(),
              first[i]["location"]["lines"]["begin"].get<int>() + 2);
  }
  EXPECT_EQ(first[0]["severity"], "critical");
  EXPECT_EQ(first[2]["severity"], "minor");
  EXPECT_EQ(first[2]["description"], "a  warning\n here");
}

TEST(Gitlab, NoFindingsIsAnEmptyArray) {
  Program prog;
  EXPECT_EQ(render_diagnostics(prog.sources, {}, DiagFormat::Gitlab), "[]\n");
}

}  // namespace
}  // namespace bfc::test
