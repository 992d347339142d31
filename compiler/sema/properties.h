// The properties each kind of block accepts, and the check for unknown and duplicate ones.
#pragma once

#include <string>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace bfc {

// What a block may contain: plain properties and nested blocks.
struct BlockSchema {
  const char* what;  // "task", "alert block", ...
  std::vector<std::string> properties;
  std::vector<std::string> blocks;
};

const BlockSchema& schema_for(ast::DeclKind kind);
const BlockSchema* nested_schema(const std::string& block_name);

// Reports unknown properties/blocks (with "did you mean") and duplicates in one file.
void check_properties(const ast::File& file, DiagnosticSink& diags);

}  // namespace bfc
