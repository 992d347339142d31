// `bfc fmt` as a library: the canonical layout of a parsed .bf file.
//
// The layout: two-space indentation, one `name = value;` per line, `a, b` lists with a
// space, binary operators spaced, ranges and unary minus tight, minimal parentheses,
// literals, strings and heredocs copied byte for byte from the source, every comment
// kept. See docs/fmt.md for the full description.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frontend/ast.h"
#include "support/diagnostics.h"
#include "support/source.h"

namespace bfc {

// Formats a file that parsed without errors. `sm` must hold the file's text under
// `file.file_id`. The result is a fixed point: formatting it again returns it unchanged.
std::string format_file(const ast::File& file, const SourceManager& sm);

// Parses the file registered in `sm` under `file_id` and formats it. Returns nothing when
// the file has syntax errors (reported to `diags`): a file that does not parse is never
// rewritten.
std::optional<std::string> format_source(const SourceManager& sm, uint32_t file_id,
                                         DiagnosticSink& diags);

}  // namespace bfc
