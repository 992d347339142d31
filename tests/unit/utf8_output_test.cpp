// Every output format stays valid UTF-8 when a message, a path or a source line holds
// bytes that are not: they are written as `\xNN` (support/utf8.h), not dropped or thrown on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "support/diagnostics.h"

namespace bfc::test {
namespace {

TEST(Utf8Output, EscapesOnlyInvalidBytes) {
  EXPECT_EQ(escape_invalid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(escape_invalid_utf8("caf\xe9!"), "caf\\xe9!");
  EXPECT_EQ(escape_invalid_utf8("\x80\xff"), "\\x80\\xff");
  EXPECT_EQ(escape_invalid_utf8("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(escape_invalid_utf8("\xe2\x82"), "\\xe2\\x82");           // truncated
}

// A diagnostic whose file path, message and note hold invalid bytes.
struct BadBytes {
  SourceManager sm;
  std::vector<Diagnostic> diags;
  BadBytes() {
    uint32_t f = sm.add("plan\xe9.bf", "/tmp/plan\xe9.bf", "task t\x80 { }\n");
    diags.push_back(Diagnostic{DiagCode::E0210,
                               Span{f, 5, 7},
                               "no backfill named `b\xff`",
                               {Note{Span{f, 0, 4}, "note \xc0"}}});
  }
};

TEST(Utf8Output, JsonSarifAndGitlabAreValidAndKeepTheBytesEscaped) {
  BadBytes b;
  for (DiagFormat f : {DiagFormat::Json, DiagFormat::Sarif, DiagFormat::Gitlab}) {
    std::string out;
    ASSERT_NO_THROW(out = render_diagnostics(b.sm, b.diags, f));
    EXPECT_EQ(escape_invalid_utf8(out), out);
    EXPECT_NO_THROW((void)nlohmann::json::parse(out));
    EXPECT_NE(out.find("b\\\\xff"), std::string::npos) << out;  // JSON-escaped backslash
    EXPECT_NE(out.find("plan\\\\xe9.bf"), std::string::npos) << out;
  }
}

TEST(Utf8Output, TextAndGithubAreValid) {
  BadBytes b;
  for (DiagFormat f : {DiagFormat::Text, DiagFormat::Github}) {
    std::string out = render_diagnostics(b.sm, b.diags, f);
    EXPECT_EQ(escape_invalid_utf8(out), out) << out;
    EXPECT_NE(out.find("b\\xff"), std::string::npos) << out;
  }
}

TEST(Utf8Valid, WholeTextsAtEveryAlignment) {
  // The 8-byte ASCII steps must not skip a bad byte wherever it falls.
  for (std::size_t pad = 0; pad < 17; ++pad) {
    std::string a(pad, 'x');
    EXPECT_TRUE(is_valid_utf8(a + "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" + a));
    for (const char* bad : {"\xff", "\x80", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                            "\xe2\x82", "\xf0\x9f\x98"}) {
      EXPECT_FALSE(is_valid_utf8(a + bad + a)) << pad << " " << bad;
      EXPECT_FALSE(is_valid_utf8(a + bad)) << pad << " " << bad;  // truncated at the end
    }
  }
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));
}

TEST(Utf8Output, CaretLinesUpWithTheEscapedLine) {
  BadBytes b;
  std::string out = render_text(b.sm, b.diags[0]);
  // "task t\x80 { }": the span [5, 7) is `t` plus the stray byte, shown as `t\x80`.
  EXPECT_NE(out.find("    1 | task t\\x80 { }\n      |      ^~~~~\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace bfc::test
