// Reading a property's value by rule. Every scalar property (integers with bounds,
// durations, booleans, keywords, times of day, time windows, DataWorks priorities, container
// images) is read by the one function below, so the checks and messages they share live in one
// place; the property registry (sema/properties.h) only says which rule each property follows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"

namespace bfc {

// What a property accepts, and what it says when the value does not fit.
struct PropRule {
  enum class Kind : uint8_t {
    Int,        // an integer in [lo, hi]
    Duration,   // seconds; lo = 1: must be greater than zero
    Bool,       // 0 or 1
    Keyword,    // one of `words` (a bare name); the value is its index
    OneOf,      // an integer from `allowed`
    TimeOfDay,  // minutes: a time (`00:30`) or a duration (`30m`)
    TimeRange,  // minutes of day [a, b], may wrap midnight, a != b
    Image,      // a container image reference: a plain, non-empty string without whitespace
  };
  Kind kind = Kind::Int;
  int64_t lo = 0, hi = INT64_MAX;
  std::vector<std::string> words;  // Keyword
  std::string subject;             // Keyword: the E0302 message's subject; default "`name`"
  std::vector<int64_t> allowed;    // OneOf
  std::string not_allowed;         // OneOf: E0302 message, `{}` = the value
  std::string note;                // OneOf: a note on that message

  static PropRule integer(int64_t lo, int64_t hi = INT64_MAX);
  static PropRule duration(bool positive);
  static PropRule boolean();
  static PropRule keyword(std::vector<std::string> words, std::string subject = "");
  static PropRule one_of(std::vector<int64_t> allowed, std::string not_allowed, std::string note);
  static PropRule time_of_day();
  static PropRule time_range();
  static PropRule image();
};

// A value read by rule: `a` for scalars, [a, b] for a TimeRange, `text` for an Image.
struct PropValue {
  int64_t a = 0, b = 0;
  std::string text{};
};

// Reads `m` by `rule`. Reports (E0301 type, E0302 range, E0306 window, E0013 interpolation) and
// returns nullopt when the value does not fit.
std::optional<PropValue> read_prop(const ast::Member& m, const PropRule& rule,
                                   DiagnosticSink& diags);

// The single value of a property, or nullptr after reporting E0301.
const ast::Expr* single_value(const ast::Member& m, DiagnosticSink& diags);

// Reports E0301: "`prop` must be WANT, not a KIND".
void report_mismatch(const ast::Expr& e, const std::string& prop, const char* want,
                     DiagnosticSink& diags);

// A plain string without interpolation, or nullopt after reporting E0301 or E0013.
std::optional<std::string> plain_string(const ast::Expr& e, const std::string& prop,
                                        DiagnosticSink& diags);

}  // namespace bfc
