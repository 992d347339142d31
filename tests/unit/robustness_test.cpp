// Hostile inputs generated in memory (too big to commit): each must give one located
// error, no crash, and finish quickly. Times are printed; only a generous 10 s guard is an
// assertion, so a slow machine does not fail the suite (the goal is well under 1 s each).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "frontend/loader.h"
#include "sema/properties.h"
#include "test_util.h"

namespace bfc::test {
namespace {

using Lines = std::vector<std::string>;

// Parses `src` (plus the property check) and returns the diagnostics; records the time.
Lines parse_timed(const std::string& what, const std::string& src, double* seconds = nullptr) {
  auto t0 = std::chrono::steady_clock::now();
  auto p = parse_source(src);
  check_properties(p->file, p->diags);
  std::string rendered = p->rendered();  // rendering must cope too
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("[ timing   ] %s: %.1f MB in %.3f s\n", what.c_str(), src.size() / 1e6, s);
  EXPECT_LT(s, 10.0) << what;
  if (seconds) *seconds = s;
  return p->diag_lines();
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(Robustness, HundredThousandNestedParentheses) {
  std::string src =
      "task t { c = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "; }";
  // `{` is level 1, so the 200th `(` (offset 13 + 199) is level 201.
  EXPECT_EQ(parse_timed("100k (", src),
            (Lines{"E0006 1:213 nesting deeper than 200 levels; simplify the expression"}));
}

TEST(Robustness, HundredThousandNestedBrackets) {
  std::string src = "param p = " + std::string(100000, '[');
  EXPECT_EQ(parse_timed("100k [", src),
            (Lines{"E0006 1:211 nesting deeper than 200 levels; simplify the expression"}));
}

TEST(Robustness, HundredThousandNestedBraces) {
  std::string src = "task t " + std::string(100000, '{');
  EXPECT_EQ(parse_timed("100k {", src),
            (Lines{"E0006 1:208 nesting deeper than 200 levels; simplify the expression"}));
}

TEST(Robustness, HundredThousandNestedInterpolations) {
  // Unclosed: one error at the first `${`.
  std::string src = "param p = " + repeat("\"${", 100000);
  EXPECT_EQ(parse_timed("100k ${", src),
            (Lines{"E0002 1:12 unterminated `${`: no `}` closes it before the end of the line"}));
  // Closed: the nesting guard stops it.
  std::string closed = "param p = " + repeat("\"${", 100000) + "1" + repeat("}\"", 100000) + ";";
  EXPECT_EQ(parse_timed("100k closed ${", closed),
            (Lines{"E0006 1:612 nesting deeper than 200 levels; simplify the expression"}));
}

TEST(Robustness, HundredThousandUnaryMinus) {
  std::string src = "task t { c = " + std::string(100000, '-') + "1; }";
  EXPECT_EQ(parse_timed("100k -", src),
            (Lines{"E0006 1:2014 more than 2000 operators in one statement; split it up"}));
}

TEST(Robustness, MillionPlusChain) {
  std::string src = "param p = 1" + repeat(" + 1", 1000000) + ";";
  EXPECT_EQ(parse_timed("1M + chain", src),
            (Lines{"E0006 1:8013 more than 2000 operators in one statement; split it up"}));
}

TEST(Robustness, LongestAllowedChainParses) {
  // 2000 operators is the limit: the deepest tree the parser has to build.
  std::string src = "param p = 1" + repeat(" + 1", 2000) + ";\nparam q = " + repeat("-", 1999) +
                    "1;\n" + "param r = " + std::string(199, '(') + "1" + std::string(199, ')') +
                    ";";
  EXPECT_EQ(parse_timed("2000 operators, 199 parens", src), Lines{});
}

TEST(Robustness, FiftyMegabytesOfRandomBytes) {
  std::mt19937_64 rng(20240301);
  std::string src(50u << 20, '\0');
  for (size_t i = 0; i < src.size(); i += 8) {
    uint64_t v = rng();
    std::memcpy(&src[i], &v, std::min<size_t>(8, src.size() - i));
  }
  Lines d = parse_timed("50 MB random bytes", src);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].substr(0, 6), "E0005 ");
  EXPECT_NE(d[0].find("invalid UTF-8 byte sequence"), std::string::npos);
}

TEST(Robustness, TenMegabytesOfRandomAscii) {
  // Valid UTF-8 all the way: the lexer and the parser see every byte.
  std::mt19937_64 rng(7);
  const std::string alphabet = "abcdefgh tk{}()[];,=.+-*/%&\"$<>#:0123456789\n\t";
  std::string src(10u << 20, ' ');
  for (char& c : src) c = alphabet[rng() % alphabet.size()];
  double s = 0;
  Lines d = parse_timed("10 MB random ASCII", src, &s);
  EXPECT_FALSE(d.empty());
}

TEST(Robustness, SeventyMegabytesHitTheSizeGuard) {
  std::string src(70u << 20, 'a');
  EXPECT_EQ(parse_timed("70 MB", src),
            (Lines{"E0007 1:1 file is 73400320 bytes; the limit is 67108864 bytes"}));
}

TEST(Robustness, SeventyMegabyteFileThroughTheLoader) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("bfc-robustness-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path big = dir / "big.bf";
  {
    std::ofstream(big, std::ios::binary).put('#');
    fs::resize_file(big, 70u << 20);
  }
  Program prog;
  DiagnosticSink diags;
  LoadOptions opts;
  opts.root = dir.string();
  ASSERT_TRUE(load_program({big.string()}, opts, prog, diags));
  ASSERT_EQ(diags.diagnostics().size(), 1u);
  EXPECT_EQ(diags.diagnostics()[0].code, DiagCode::E0007);
  EXPECT_EQ(diags.diagnostics()[0].message, "file is 73400320 bytes; the limit is 67108864 bytes");
  // Refused before it is read: only the head (to quote line 1) is kept in memory.
  EXPECT_LE(prog.sources.file(prog.entry_files.at(0)).text.size(), 4096u);
  fs::remove_all(dir);
}

TEST(Robustness, OneMegabyteLine) {
  std::string src = "param p = \"" + std::string(1u << 20, 'x') + "\" y;";
  EXPECT_EQ(parse_timed("1 MB line", src),
            (Lines{"E0001 1:1048589 expected `;` after param `p`, found `y`"}));
}

TEST(Robustness, TenThousandBrokenDeclarations) {
  // One error per declaration, nothing lost. Each costs ~70 us (ANTLR reports syntax errors
  // by throwing through deep parser frames), so 100k take ~7 s: see the note in the report.
  std::string src = repeat("tsak t {}\n", 10000);
  Lines d = parse_timed("10k broken declarations", src);
  ASSERT_EQ(d.size(), 10000u);
  EXPECT_EQ(d.back(), "E0012 10000:1 unknown declaration `tsak`");
}

TEST(Robustness, UnterminatedConstructsAtEndOfInput) {
  EXPECT_EQ(
      parse_timed("open string", "param p = \"abc"),
      (Lines{"E0002 1:11 unterminated string; a `\"` is missing before the end of the line"}));
  EXPECT_EQ(parse_timed("open heredoc", "param p = <<EOT\nabc"),
            (Lines{"E0003 1:11 unterminated heredoc: no line ends it with `EOT`"}));
  EXPECT_EQ(parse_timed("open comment", "param p = 1; /*"),
            (Lines{"E0011 1:14 unterminated `/*` comment"}));
  EXPECT_EQ(parse_timed("open interpolation", "param p = \"${"),
            (Lines{"E0002 1:12 unterminated `${`: no `}` closes it before the end of the line"}));
  EXPECT_EQ(
      parse_timed("lone backslash", "param p = \"\\"),
      (Lines{"E0002 1:11 unterminated string; a `\"` is missing before the end of the line"}));
}

TEST(Robustness, NulBytes) {
  std::string src("task t {\0}", 10);
  EXPECT_EQ(parse_timed("NUL", src), (Lines{"E0004 1:9 unexpected character `\\x00`"}));
  EXPECT_EQ(parse_timed("all NUL", std::string(1000, '\0')).size(), 1000u);
}

// A `(` left open inside a broken block must not count against later declarations: 205
// broken tasks give 205 syntax errors, not a false "nesting too deep" at the 200th.
TEST(Robustness, UnclosedParensDoNotLeakAcrossBlocks) {
  std::string src;
  for (int i = 0; i < 205; ++i) src += "task t" + std::to_string(i) + " { x = (1; }\n";
  Lines diags = parse_timed("205 broken blocks", src);
  EXPECT_EQ(diags.size(), 205u);
  for (const auto& d : diags) EXPECT_EQ(d.find("E0006"), std::string::npos) << d;
}

}  // namespace
}  // namespace bfc::test
