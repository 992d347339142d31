// The vocabulary of parameter expressions shared by the type checker and the evaluator:
// types, values, the per-instance environment and which of its fields an expression reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "frontend/ast.h"

namespace bfc {

// The type of a parameter expression; Error once a mistake was reported.
enum class Type : uint8_t { Error, Int, Bool, Duration, Date, Time, DateTime, String };
// The type as the language spells it ("int", "datetime", ...).
const char* type_name(Type t);

// A runtime value. Int/Bool/Duration (seconds)/Date (days)/Time (minutes of day)/
// DateTime (minutes) live in `i`; strings in `s`.
struct Value {
  Type type = Type::Error;
  int64_t i = 0;
  std::string s;
};

// The per-instance values that expressions can read.
struct InstanceEnv {
  int64_t bizdate = 0;         // days
  int64_t interval_start = 0;  // minutes
  int64_t interval_end = 0;
  int64_t cyctime = 0;
  const std::string* task = nullptr;
  const std::string* backfill = nullptr;
  const std::string* workspace = nullptr;
  const std::string* status = nullptr;  // alerts only
};

// Where an expression appears; decides which built-in names it may use.
enum class ExprContext : uint8_t { Instance, Alert };

// InstanceEnv fields, as bits ("ReadBits"): what an expression reads.
constexpr uint8_t kReadsBizdate = 1;
constexpr uint8_t kReadsStart = 2;
constexpr uint8_t kReadsEnd = 4;
constexpr uint8_t kReadsCyctime = 8;
constexpr uint8_t kReadsTask = 16;
constexpr uint8_t kReadsBackfill = 32;
constexpr uint8_t kReadsWorkspace = 64;
constexpr uint8_t kReadsStatus = 128;
constexpr uint8_t kReadsAll = 255;
// The instance's date or time: what W0001 looks for.
constexpr uint8_t kReadsDate = kReadsBizdate | kReadsStart | kReadsEnd | kReadsCyctime;

// The ReadBits bit of a built-in name (`bizdate`, `task`, ...); 0 for any other name.
uint8_t builtin_reads(const std::string& name);

// The value of a constant duration expression (`1d`, `-2h`), if it is one.
std::optional<int64_t> const_duration(const ast::Expr& e);

}  // namespace bfc
