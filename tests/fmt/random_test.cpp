// Generated plans with random operators, parentheses, lists and comments between any two
// tokens: formatting must parse, keep the AST and every comment, and be idempotent.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fmt_test_util.h"

namespace bfc::fmttest {
namespace {

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}

  // A whole file as tokens; separators (with comments) are chosen when joining.
  std::string file() {
    toks_.clear();
    int decls = 1 + pick(3);
    for (int d = 0; d < decls; ++d) {
      if (pick(3) == 0) {
        add({"param", "p" + std::to_string(d), "="});
        expr(3);
        add({";"});
      } else {
        add({"task", "t" + std::to_string(d), "{"});
        int members = pick(4);
        for (int m = 0; m < members; ++m) member(m);
        if (pick(2)) {
          add({"alert", "{"});
          member(9);
          add({"}"});
        }
        add({"}"});
      }
    }
    std::string out;
    for (const auto& t : toks_) {
      out += t;
      out += separator();
    }
    return out;
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  void add(std::initializer_list<std::string> ts) { toks_.insert(toks_.end(), ts); }

  void member(int m) {
    add({"m" + std::to_string(m), "="});
    expr(3);
    if (pick(3) == 0) {
      add({","});
      expr(2);
    }
    add({";"});
  }

  void expr(int depth) {
    bool paren = pick(3) == 0;
    if (paren) add({"("});
    if (depth == 0 || pick(3) == 0) {
      leaf(depth);
    } else {
      switch (pick(6)) {
        case 0:
          add({"-"});
          expr(depth - 1);
          break;
        case 1:
          expr(depth - 1);
          add({"["});
          expr(depth - 1);
          add({"]"});
          break;
        case 2:
          expr(depth - 1);
          add({".."});
          expr(depth - 1);
          break;
        default: {
          static const char* ops[] = {"+", "-", "*", "/", "%", "&"};
          expr(depth - 1);
          add({ops[pick(6)]});
          expr(depth - 1);
        }
      }
    }
    if (paren) add({")"});
  }

  void leaf(int depth) {
    static const char* leaves[] = {"a",
                                   "bizdate",
                                   "42",
                                   "1d",
                                   "30s",
                                   "1h30m",
                                   "2024-03-01",
                                   "00:30",
                                   "2024-03-01T05:00",
                                   "true",
                                   "\"s ${x + 1} $${y}\"",
                                   "\"\"",
                                   "a_rather_long_task_name_so_that_lists_pass_the_width_limit"};
    int k = pick(16);
    if (k < 13) {
      add({leaves[k]});
    } else if (k == 13) {
      add({"<<EOT\n    line ${dt}\n  EOT"});
    } else if (k == 14 && depth > 0) {
      add({"f", "("});
      expr(depth - 1);
      add({",", "\"%Y\"", ")"});
    } else {
      add({"["});
      int n = pick(4);
      for (int i = 0; i < n; ++i) {
        if (i) add({","});
        expr(depth > 0 ? depth - 1 : 0);
      }
      add({"]"});
    }
  }

  std::string separator() {
    switch (pick(12)) {
      case 0:
        return " /* c" + std::to_string(++n_) + " */ ";
      case 1:
        return " # c" + std::to_string(++n_) + "\n";
      case 2:
        return "\n// c" + std::to_string(++n_) + "\n";
      case 3:
        return "\n\n";
      case 4:
        return "\n";
      case 5:
        return " # c" + std::to_string(++n_) + "  \r\n";
      default:
        return " ";
    }
  }

  std::mt19937 rng_;
  std::vector<std::string> toks_;
  int n_ = 0;
};

TEST(FmtRandom, GeneratedPlansKeepMeaningCommentsAndAreFixedPoints) {
  int parsed = 0;
  for (uint32_t seed = 1; seed <= 600; ++seed) {
    std::string src = Gen(seed).file();
    bool ok = false;
    std::string before = dump_ast(src, &ok);
    if (!ok) continue;  // e.g. a heredoc opener followed by a comment on its line
    ++parsed;
    Formatted f = format_text(src);
    ASSERT_TRUE(f.ok) << src;
    Formatted again = format_text(f.text);
    ASSERT_TRUE(again.ok) << "seed " << seed << ":\n"
                          << src << "\n---\n"
                          << f.text << again.diagnostics;
    EXPECT_EQ(again.text, f.text) << "seed " << seed << ":\n" << src;
    EXPECT_EQ(dump_ast(f.text), before) << "seed " << seed << ":\n" << src << "\n---\n" << f.text;
    // Every comment is kept. (Their order may change when a comment hoisted above a
    // property follows, in the source, a comment inside one of its broken lists.)
    std::vector<std::string> want = comment_texts(src), got = comment_texts(f.text);
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "seed " << seed << ":\n" << src << "\n---\n" << f.text;
  }
  EXPECT_GT(parsed, 300);
}

}  // namespace
}  // namespace bfc::fmttest
