#include "sema/expr_types.h"

namespace bfc {

const char* type_name(Type t) {
  switch (t) {
    case Type::Int:
      return "int";
    case Type::Bool:
      return "bool";
    case Type::Duration:
      return "duration";
    case Type::Date:
      return "date";
    case Type::Time:
      return "time";
    case Type::DateTime:
      return "datetime";
    case Type::String:
      return "string";
    case Type::Error:
      return "error";
  }
  return "?";
}

uint8_t builtin_reads(const std::string& n) {
  if (n == "bizdate") return kReadsBizdate;
  if (n == "interval_start") return kReadsStart;
  if (n == "interval_end") return kReadsEnd;
  if (n == "cyctime") return kReadsCyctime;
  if (n == "task") return kReadsTask;
  if (n == "backfill") return kReadsBackfill;
  if (n == "workspace") return kReadsWorkspace;
  if (n == "status") return kReadsStatus;
  return 0;
}

std::optional<int64_t> const_duration(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Duration) return e.int_value;
  if (e.kind == ast::ExprKind::Unary && e.items.size() == 1) {
    auto v = const_duration(*e.items[0]);
    if (v) return -*v;
  }
  return std::nullopt;
}

}  // namespace bfc
