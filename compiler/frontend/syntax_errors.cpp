// Syntax errors in plain words: "expected `;` after property `cycle`", not token dumps.
#include "frontend/syntax_errors.h"

#include <fmt/format.h>

namespace bfc {

using P = gen::BfParser;

const std::vector<std::string>& declaration_keywords() {
  static const std::vector<std::string> k = {"import", "param",  "workspace",
                                             "task",   "policy", "backfill"};
  return k;
}

namespace {

constexpr uint32_t kEof = static_cast<uint32_t>(antlr4::Token::EOF);

bool expects_value(const antlr4::misc::IntervalSet& s) {
  return s.contains(static_cast<size_t>(P::INT)) && s.contains(static_cast<size_t>(P::STR_OPEN));
}

std::string describe_expected(const antlr4::misc::IntervalSet& s) {
  if (expects_value(s)) return "a value";
  std::vector<std::string> words;
  for (ssize_t t : s.toList()) {
    if (t == P::BAD) continue;
    words.push_back(token_description(static_cast<uint32_t>(t)));
  }
  if (words.empty()) return "something else";
  if (words.size() > 5) return "a declaration or value";
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

// The innermost enclosing rule context of type T, or nullptr.
template <typename T>
T* enclosing(antlr4::ParserRuleContext* c) {
  for (antlr4::tree::ParseTree* p = c; p; p = p->parent)
    if (auto* t = dynamic_cast<T*>(p)) return t;
  return nullptr;
}

}  // namespace

void report_syntax_error(const detail::BuildContext& bc, const SyntaxErrorInfo& info,
                         std::string_view src, DiagnosticSink& diags) {
  const auto& toks = bc.lex.tokens;
  size_t abs = bc.slice_begin + info.offending;
  if (abs >= toks.size()) abs = toks.size() - 1;
  const Token& off = toks[abs];
  auto tok_text = [&](const Token& t) { return src.substr(t.begin, t.end - t.begin); };
  std::string found = off.type == kEof ? "end of file"
                      : (off.type == P::IDENT || off.type == P::INT)
                          ? fmt::format("`{}`", tok_text(off).substr(0, 40))
                          : token_description(off.type);
  Span off_span{bc.file, off.begin, off.end};
  // "expected X after Y" errors point just past the previous token, as clang does.
  Span after_prev = off_span;
  if (abs > bc.slice_begin) {
    const Token& prev = toks[abs - 1];
    after_prev = Span{bc.file, prev.end, prev.end};
  }

  // A misspelled declaration keyword at the top level.
  bool at_top = info.context == nullptr || dynamic_cast<P::SingleItemContext*>(info.context) ||
                (dynamic_cast<P::ItemContext*>(info.context) && info.offending == 0);
  if (at_top && info.offending == 0) {
    if (off.type == P::IDENT) {
      std::string word(tok_text(off));
      std::string best = closest_match(word, declaration_keywords());
      auto& d =
          diags.report(DiagCode::E0012, off_span, fmt::format("unknown declaration `{}`", word));
      if (!best.empty())
        d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
      else
        d.notes.push_back(
            {Span{},
             "a file holds import, param, workspace, task, policy and backfill declarations"});
      return;
    }
    diags.report(
        DiagCode::E0001, off_span,
        fmt::format(
            "expected a declaration (import, param, workspace, task, policy or backfill), found {}",
            found));
    return;
  }

  auto* prop = enclosing<P::PropertyContext>(info.context);
  auto* member = enclosing<P::MemberContext>(info.context);
  auto* item = enclosing<P::ItemContext>(info.context);
  auto* block = enclosing<P::BlockContext>(info.context);
  const antlr4::misc::IntervalSet& exp = info.expected;
  auto name_of = [&](P::NameContext* n) { return std::string(tok_text(bc.tok(n->getStart()))); };

  // Missing `;` at the end of a property, param or import.
  if (exp.contains(static_cast<size_t>(P::SEMI)) && off.type != P::SEMI) {
    std::string what;
    if (prop && prop->name())
      what = fmt::format("after property `{}`", name_of(prop->name()));
    else if (auto* pd = dynamic_cast<P::ParamDeclContext*>(item); pd && pd->name())
      what = fmt::format("after param `{}`", name_of(pd->name()));
    else if (dynamic_cast<P::ImportDeclContext*>(item))
      what = "after the import path";
    else
      what = "here";
    diags.report(DiagCode::E0001, after_prev,
                 fmt::format("expected `;` {}, found {}", what, found));
    return;
  }
  // `name` followed by something other than `=` or `{` inside a block.
  bool after_member_name = false;
  if (block && abs >= bc.slice_begin + 2) {
    uint32_t pt = toks[abs - 1].type, ppt = toks[abs - 2].type;
    after_member_name = (pt == P::IDENT || (pt >= P::KW_IMPORT && pt <= P::KW_BACKFILL)) &&
                        (ppt == P::SEMI || ppt == P::LBRACE || ppt == P::RBRACE) &&
                        off.type != P::ASSIGN && off.type != P::LBRACE;
  }
  if ((member && !prop && exp.contains(static_cast<size_t>(P::ASSIGN))) || after_member_name) {
    std::string n(tok_text(toks[abs - 1]));
    diags.report(DiagCode::E0001, after_prev,
                 fmt::format("expected `=` or `{{` after `{}`, found {}", n, found));
    return;
  }
  // Unclosed block at the end of the input.
  if (off.type == kEof && block) {
    auto& d = diags.report(DiagCode::E0001, after_prev, "expected `}` before the end of the file");
    d.notes.push_back({bc.span(block->getStart()), "to close this `{`"});
    return;
  }
  if (expects_value(exp)) {
    diags.report(DiagCode::E0001, off_span, fmt::format("expected a value, found {}", found));
    return;
  }
  if (exp.contains(static_cast<size_t>(P::IDENT)) && exp.size() <= 8) {
    diags.report(DiagCode::E0001, off_span, fmt::format("expected a name, found {}", found));
    return;
  }
  diags.report(DiagCode::E0001, off_span,
               fmt::format("unexpected {}; expected {}", found, describe_expected(exp)));
}

}  // namespace bfc
