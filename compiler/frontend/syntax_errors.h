// Internal to the front end: turns ANTLR's view of a syntax error (offending token,
// expected token set, rule context) into a plain-words diagnostic.
#pragma once

#include "antlr4-runtime.h"
#include "frontend/build_context.h"

namespace bfc {

// What ANTLR's error listener saw at one syntax error.
struct SyntaxErrorInfo {
  size_t offending = 0;  // token index within the item's slice
  antlr4::ParserRuleContext* context = nullptr;
  antlr4::misc::IntervalSet expected;
  bool no_viable = false;
};

// Reports the syntax error of one top-level item (`bc`'s slice) as one diagnostic in plain
// words: what was expected where, with a "did you mean" for misspelt keywords.
void report_syntax_error(const detail::BuildContext& bc, const SyntaxErrorInfo& info,
                         std::string_view src, DiagnosticSink& diags);

// The top-level declaration keywords (import, param, workspace, task, policy, backfill),
// for "did you mean" on an unknown declaration.
const std::vector<std::string>& declaration_keywords();

}  // namespace bfc
