// The names the stdlib modules declare, for hints when a plan uses one without importing
// its module ("`ds` is defined in `std/airflow.bf`; add `import ...`").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"

namespace bfc {

// One top-level declaration of a stdlib module.
struct StdlibDecl {
  std::string name;
  ast::DeclKind kind;
  std::string module;  // as imported: "std/airflow.bf"
};

// Every declaration of the `.bf` modules in `dir` (sorted by module, then source order);
// parsed once per directory and process. Unreadable or broken modules are skipped.
const std::vector<StdlibDecl>& stdlib_declarations(const std::string& dir);

// The note for `name` used as a `kind` the plan does not declare, when a stdlib module
// declares it: "`ds` is defined in `std/airflow.bf`; add `import "std/airflow.bf";`".
// Empty when no module does.
std::string stdlib_hint(const std::string& dir, std::string_view name, ast::DeclKind kind);

}  // namespace bfc
