// Source spans: positions of tokens and AST nodes through the SourceManager.
#include <gtest/gtest.h>

#include "test_util.h"

namespace bfc::test {
namespace {

std::string pos(const SourceManager& sm, Span s) {
  Position b = sm.begin(s), e = sm.end(s);
  return std::to_string(b.line) + ":" + std::to_string(b.column) + "-" + std::to_string(e.line) +
         ":" + std::to_string(e.column);
}

TEST(SourceManager, LineTableAndPositions) {
  SourceManager sm;
  uint32_t id = sm.add("a.bf", "/a.bf", "ab\ncd\r\n\nlast");
  EXPECT_EQ(sm.count(), 1u);
  EXPECT_EQ(sm.position(id, 0).line, 1u);
  EXPECT_EQ(sm.position(id, 3).line, 2u);
  EXPECT_EQ(sm.position(id, 4).column, 2u);
  EXPECT_EQ(sm.position(id, 7).line, 3u);
  EXPECT_EQ(sm.position(id, 8).line, 4u);
  EXPECT_EQ(sm.position(id, 11).column, 4u);
  EXPECT_EQ(sm.position(id, 12).column, 5u);  // the end of the text is a valid position
  EXPECT_EQ(sm.line_text(id, 2), "cd");       // without the \r
  EXPECT_EQ(sm.line_text(id, 3), "");
  EXPECT_EQ(sm.line_text(id, 4), "last");
  EXPECT_EQ(sm.line_text(id, 5), "");
  EXPECT_EQ(sm.find("/a.bf"), id);
  EXPECT_EQ(sm.find("/b.bf"), 0u);
  EXPECT_EQ(sm.text(Span{id, 3, 5}), "cd");
  EXPECT_EQ(sm.text(Span{id, 5, 3}), "");    // reversed: empty, no crash
  EXPECT_EQ(sm.text(Span{id, 0, 999}), "");  // out of range: empty, no crash
  EXPECT_EQ(sm.position(0, 5).line, 0u);     // file 0: no location
}

TEST(SourceManager, ByteOrderMarkIsNotAColumn) {
  SourceManager sm;
  uint32_t id = sm.add("a.bf", "/a.bf",
                       "\xEF\xBB\xBF"
                       "ab\ncd");
  EXPECT_EQ(sm.position(id, 3).column, 1u);  // `a` is column 1
  EXPECT_EQ(sm.position(id, 4).column, 2u);
  EXPECT_EQ(sm.position(id, 0).line, 1u);  // inside the mark: 1:1, no underflow
  EXPECT_EQ(sm.position(id, 0).column, 1u);
  EXPECT_EQ(sm.line_text(id, 1), "ab");  // the quoted line has no mark
  EXPECT_EQ(sm.position(id, 7).column, 2u);
}

TEST(Spans, Tokens) {
  auto l = lex_source("task t {\n  at = 00:30;\n  c = \"a${x}\";\n}");
  const auto& toks = l->result.tokens;
  // `at` `=` `00:30` `;` on line 2
  EXPECT_EQ(pos(l->sm, Span{l->file, toks[3].begin, toks[3].end}), "2:3-2:5");
  EXPECT_EQ(pos(l->sm, Span{l->file, toks[5].begin, toks[5].end}), "2:8-2:13");
  // the string: `"` text `${` x `}` `"`
  EXPECT_EQ(l->text(9), "\"");
  EXPECT_EQ(l->text(10), "a");
  EXPECT_EQ(l->text(11), "${");
  EXPECT_EQ(l->text(12), "x");
  EXPECT_EQ(pos(l->sm, Span{l->file, toks[14].begin, toks[14].end}), "3:13-3:14");
  // EOF sits at the end of the text
  EXPECT_EQ(toks.back().begin, l->sm.file(l->file).text.size());
}

TEST(Spans, DeclarationsAndMembers) {
  auto p = parse_source(
      "import \"std/x.bf\";\n"
      "task load {\n"
      "  cycle = daily;\n"
      "  alert { on = failure; }\n"
      "}\n"
      "param dt = fmt(bizdate, \"%Y\");\n");
  ASSERT_FALSE(p->diags.has_errors()) << p->rendered();
  ASSERT_EQ(p->file.decls.size(), 3u);
  const auto& imp = p->file.decls[0];
  EXPECT_EQ(imp.kind, ast::DeclKind::Import);
  EXPECT_EQ(p->text(imp.span), "import \"std/x.bf\";");
  EXPECT_EQ(p->text(imp.value->span), "\"std/x.bf\"");
  const auto& task = p->file.decls[1];
  EXPECT_EQ(p->text(task.keyword_span), "task");
  EXPECT_EQ(p->text(task.name_span), "load");
  EXPECT_EQ(pos(p->sm, task.span), "2:1-5:2");
  EXPECT_EQ(pos(p->sm, task.body.span), "2:11-5:2");
  const auto& cycle = task.body.members[0];
  EXPECT_EQ(p->text(cycle.span), "cycle = daily;");
  EXPECT_EQ(p->text(cycle.name_span), "cycle");
  EXPECT_EQ(p->text(cycle.values[0]->span), "daily");
  const auto& alert = task.body.members[1];
  ASSERT_TRUE(alert.is_block());
  EXPECT_EQ(p->text(alert.span), "alert { on = failure; }");
  EXPECT_EQ(p->text(alert.block->span), "{ on = failure; }");
  EXPECT_EQ(p->text(alert.block->members[0].span), "on = failure;");
  const auto& param = p->file.decls[2];
  EXPECT_EQ(p->text(param.span), "param dt = fmt(bizdate, \"%Y\");");
  EXPECT_EQ(p->text(param.value->span), "fmt(bizdate, \"%Y\")");
  EXPECT_EQ(p->text(param.value->name_span), "fmt");
  EXPECT_EQ(p->text(param.value->items[1]->span), "\"%Y\"");
}

TEST(Spans, Expressions) {
  auto p = parse_source(
      "param p = (a + b) & c[-1d];\nparam q = \"x${y + 1}z\";\nparam r = <<T\n  ${w}\nT;");
  ASSERT_FALSE(p->diags.has_errors()) << p->rendered();
  const auto& e = *p->file.decls[0].value;
  EXPECT_EQ(p->text(e.span), "(a + b) & c[-1d]");
  EXPECT_EQ(p->text(e.items[0]->span), "(a + b)");  // parentheses kept in the span
  EXPECT_EQ(p->text(e.items[0]->items[1]->span), "b");
  EXPECT_EQ(p->text(e.items[1]->span), "c[-1d]");
  EXPECT_EQ(p->text(e.items[1]->items[1]->span), "-1d");
  const auto& s = *p->file.decls[1].value;
  ASSERT_EQ(s.parts.size(), 3u);
  EXPECT_EQ(p->text(s.parts[0].span), "x");
  EXPECT_EQ(p->text(s.parts[1].span), "${y + 1}");
  EXPECT_EQ(p->text(s.parts[1].expr->span), "y + 1");
  EXPECT_EQ(p->text(s.parts[2].span), "z");
  const auto& h = *p->file.decls[2].value;
  EXPECT_EQ(pos(p->sm, h.span), "3:11-5:2");
  EXPECT_EQ(pos(p->sm, h.parts[0].expr->span), "4:5-4:6");
}

TEST(Spans, MultiByteCharactersCountAsBytesInColumns) {
  auto p = parse_source("param p = \"é\" + x y;");
  ASSERT_EQ(p->diag_lines().size(), 1u);
  EXPECT_EQ(p->diag_lines()[0], "E0001 1:19 expected `;` after param `p`, found `y`");
  // ... but the caret in the rendered text is placed by characters.
  EXPECT_EQ(p->rendered(),
            "t.bf:1:19: error[E0001]: expected `;` after param `p`, found `y`\n"
            "    1 | param p = \"é\" + x y;\n"
            "      |                  ^\n");
}

}  // namespace
}  // namespace bfc::test
