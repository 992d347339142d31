// Internal to the front end: turns ANTLR's view of a syntax error (offending token,
// expected token set, rule context) into a plain-words diagnostic.
#pragma once

#include "antlr4-runtime.h"
#include "frontend/build_context.h"

namespace bfc {

struct SyntaxErrorInfo {
  size_t offending = 0;  // token index within the item's slice
  antlr4::ParserRuleContext* context = nullptr;
  antlr4::misc::IntervalSet expected;
  bool no_viable = false;
};

void report_syntax_error(const detail::BuildContext& bc, const SyntaxErrorInfo& info,
                         std::string_view src, DiagnosticSink& diags);

// Property names each block kind accepts (also used by the property checker).
const std::vector<std::string>& declaration_keywords();

}  // namespace bfc
