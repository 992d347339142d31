// Parsing one .bf file into the AST (lexer + ANTLR parser + AST builder).
#pragma once

#include <string_view>

#include "frontend/ast.h"
#include "frontend/lexer.h"
#include "support/diagnostics.h"

namespace bfc {

// Parses a file already registered in a SourceManager under `file_id`. Syntax errors are
// reported (at most one per top-level declaration, to avoid cascades) and the declarations
// that parsed are kept. Never throws for any input.
ast::File parse_file(uint32_t file_id, std::string_view text, DiagnosticSink& diags,
                     const LexLimits& limits = {});

}  // namespace bfc
