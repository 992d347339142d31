// The property registry: the properties and nested blocks each kind of block accepts, and
// for each scalar property the rule it is read by and where its value goes. The check for
// unknown and duplicate properties and the resolver both read it, so a property is
// declared once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"
#include "sema/model.h"
#include "sema/prop_reader.h"
#include "support/diagnostics.h"

namespace bfc {

// One property a block accepts. A scalar has a rule and (unless it is only validated) a
// setter into a Task or into Settings; the others (names, lists, expressions) are read by
// the resolver by hand.
struct PropertyDef {
  const char* name;
  std::optional<PropRule> rule;
  void (*set_task)(Task&, PropValue) = nullptr;
  void (*set_settings)(Settings&, PropValue) = nullptr;

  // Stores a value read by `rule` (no-op for a property that is only validated).
  void set(Task& t, PropValue v) const {
    if (set_task) set_task(t, v);
  }
  void set(Settings& s, PropValue v) const {
    if (set_settings) set_settings(s, v);
  }
};

// What a block may contain: plain properties and nested blocks.
struct BlockSchema {
  const char* what;  // "task", "alert block", ...
  std::vector<PropertyDef> properties;
  std::vector<std::string> blocks;

  // The property called `name`, or nullptr.
  const PropertyDef* find(std::string_view name) const;
  // The names of the properties, in declaration order.
  std::vector<std::string> property_names() const;
};

// The schema of a declaration's body ("declaration" with nothing in it for params and imports).
const BlockSchema& schema_for(ast::DeclKind kind);
// The schema of a nested block (`alert`, `limits`), or nullptr.
const BlockSchema* nested_schema(const std::string& block_name);

// Reports unknown properties/blocks (with "did you mean") and duplicates in one file.
void check_properties(const ast::File& file, DiagnosticSink& diags);

}  // namespace bfc
