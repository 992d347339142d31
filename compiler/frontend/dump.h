// Text dumps of the front end's output for `bfc check --dump=tokens|ast`, and the small
// text helpers the later stages' dumps share (positions, quoting). Stable and
// deterministic: golden tests compare them byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontend/ast.h"
#include "frontend/lexer.h"
#include "support/source.h"

namespace bfc {

// "path:line:col" of a span's start, or "-" for a span with no location.
std::string span_position(const SourceManager& sm, Span s);

// `text` in double quotes with C escapes (\n, \t, \", \\, \xNN for other control bytes).
std::string quoted(std::string_view text);

// "1 task", "2 tasks": `n` with the singular or the plural noun.
std::string counted(size_t n, std::string_view one, std::string_view many);

// The lexer's token stream of one loaded file: one line per token (position, kind, source
// text). Re-lexes the file's text with `limits`; lexical errors were already reported.
std::string dump_tokens(const SourceManager& sm, uint32_t file, const LexLimits& limits = {});

// One parsed file as an indented tree: declarations, members, expressions, each with its
// position.
std::string dump_ast(const SourceManager& sm, const ast::File& file);

}  // namespace bfc
