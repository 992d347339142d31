// Every code in the registry must appear in at least one golden case
// (tests/cases/**/*.expected, as `[CODE]` in text/github output or `"code": "CODE"` in
// json). Codes that nothing emits yet are listed in tests/unit/diag_pending.txt; a listed
// code that is covered fails too, so the list only shrinks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/diagnostics.h"

namespace bfc {
namespace {

namespace fs = std::filesystem;

std::string all_expected_output() {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(BFC_CASES_DIR)) {
    if (!e.is_regular_file() || e.path().extension() != ".expected") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

std::set<std::string> pending_codes() {
  std::set<std::string> out;
  std::ifstream in(BFC_PENDING_FILE);
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    for (std::string w; words >> w;) out.insert(w);
  }
  return out;
}

bool covered(const std::string& all, std::string_view code) {
  std::string c(code);
  return all.find("[" + c + "]") != std::string::npos ||
         all.find("\"code\": \"" + c + "\"") != std::string::npos;
}

TEST(DiagnosticCoverage, EveryCodeHasAGoldenCase) {
  std::string all = all_expected_output();
  ASSERT_FALSE(all.empty()) << "no .expected files under " << BFC_CASES_DIR;
  std::set<std::string> pending = pending_codes();
  std::string missing;
  for (const auto& info : all_diagnostics())
    if (!pending.count(std::string(info.name)) && !covered(all, info.name))
      missing += " " + std::string(info.name);
  EXPECT_EQ(missing, "") << "codes without a golden case in tests/cases (add one, or, if nothing "
                            "emits the code yet, list it in tests/unit/diag_pending.txt)";
}

TEST(DiagnosticCoverage, PendingListOnlyShrinks) {
  std::string all = all_expected_output();
  std::string now_covered;
  for (const auto& code : pending_codes())
    if (covered(all, code)) now_covered += " " + code;
  EXPECT_EQ(now_covered, "") << "these codes have golden cases now: remove them from "
                                "tests/unit/diag_pending.txt";
}

TEST(DiagnosticCoverage, PendingListNamesRegisteredCodes) {
  std::set<std::string> known;
  for (const auto& info : all_diagnostics()) known.insert(std::string(info.name));
  for (const auto& code : pending_codes())
    EXPECT_TRUE(known.count(code)) << code << " is not in diagnostics.def";
}

TEST(DiagnosticRegistry, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> seen;
  for (const auto& info : all_diagnostics()) {
    EXPECT_TRUE(seen.insert(info.name).second) << info.name;
    ASSERT_EQ(info.name.size(), 5u) << info.name;
    char kind = info.name[0];
    EXPECT_TRUE((kind == 'E' && info.severity == Severity::Error) ||
                (kind == 'W' && info.severity == Severity::Warning))
        << info.name;
    EXPECT_FALSE(info.title.empty()) << info.name;
    EXPECT_EQ(&diag_info(info.code), &info);
  }
}

}  // namespace
}  // namespace bfc
