// Loads entry files and, transitively, their imports into one Program.
#pragma once

#include <string>
#include <vector>

#include "frontend/ast.h"
#include "frontend/lexer.h"
#include "support/diagnostics.h"

namespace bfc {

// Every parsed file of one compilation, entry files first, each file once.
struct Program {
  SourceManager sources;
  std::vector<ast::File> files;
  std::vector<uint32_t> entry_files;  // file ids of the files named on the command line
  std::string root;                   // the project root imports may not escape
  std::string stdlib_dir;             // where `std/` imports are found (for hints too)
};

// Where imports are looked up and how much input the lexer accepts.
struct LoadOptions {
  std::string stdlib_dir;  // empty: BFC_STDLIB env, then the compiled-in default
  std::string root;        // empty: nearest ancestor of the first entry with .git or bfc.project
  LexLimits limits;
};

// The stdlib directory actually used.
std::string resolve_stdlib_dir(const LoadOptions& opts);

// Loads and parses. Returns false when an entry file itself cannot be read (a usage/IO
// problem: exit 2); syntax and import errors are reported to `diags`.
bool load_program(const std::vector<std::string>& entries, const LoadOptions& opts, Program& out,
                  DiagnosticSink& diags);

// Loads a program from in-memory text (tests, fuzzing). Imports are not followed.
void load_text(const std::string& path, std::string text, Program& out, DiagnosticSink& diags,
               const LexLimits& limits = {});

}  // namespace bfc
