// Diagnostics: codes from the registry (diagnostics.def), a sink that collects them, and
// the renderers for text, json, sarif, github and gitlab output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/source.h"

namespace bfc {

// How serious a diagnostic is; fixed per code in the registry.
enum class Severity : uint8_t { Error, Warning, Note };

// Every diagnostic kind bfc knows, in registry order.
enum class DiagCode : uint16_t {
#define DIAG(code, sev, title) code,
#include "support/diagnostics.def"
#undef DIAG
};

// Registry facts about one code.
struct DiagInfo {
  DiagCode code;
  std::string_view name;  // "E0001"
  Severity severity;
  std::string_view title;  // short description, used as the SARIF rule name
};

// All registered codes in order.
const std::vector<DiagInfo>& all_diagnostics();
// The registry entry of one code.
const DiagInfo& diag_info(DiagCode code);

// A secondary location or remark attached to a diagnostic.
struct Note {
  Span span;  // may be invalid (no location)
  std::string message;
};

// One reported problem: its code, where, the message and any notes.
struct Diagnostic {
  DiagCode code;
  Span span;
  std::string message;
  std::vector<Note> notes;
  // The code's severity, from the registry.
  Severity severity() const { return diag_info(code).severity; }
};

// Collects diagnostics for one run. Stages report into it; the driver decides whether to
// continue between stages.
class DiagnosticSink {
 public:
  // Adds a diagnostic and returns it, so the caller can attach notes.
  Diagnostic& report(DiagCode code, Span span, std::string message);
  // Errors reported so far.
  size_t error_count() const { return errors_; }
  // Warnings reported so far.
  size_t warning_count() const { return warnings_; }
  // Whether any error was reported.
  bool has_errors() const { return errors_ > 0; }
  // Everything reported, in report order (until sort_and_dedupe).
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  // Sorts by file, position, then code, and drops exact duplicates.
  void sort_and_dedupe(const SourceManager& sm);

  // Keeps at most `limit` errors (0: no limit); later errors are only counted. Warnings and
  // notes are not limited.
  void set_error_limit(size_t limit) { limit_ = limit; }
  // Whether the error limit is reached: passes stop looking for more errors (expensive
  // ones check this and count what they skip with `count_not_shown`).
  bool limit_reached() const { return limit_ > 0 && errors_ >= limit_; }
  // Errors found beyond the limit, not kept.
  size_t not_shown() const { return not_shown_; }
  // Records `n` errors that a pass found but did not report because of the limit.
  void count_not_shown(size_t n) { not_shown_ += n; }
  // Whether `d`, as report() returned it, was left out at the limit: its caller can skip
  // the work of notes (did-you-mean searches) no one will see.
  bool dropped(const Diagnostic& d) const { return &d == &discarded_; }
  // Whether a pass stopped early at the limit, so `not_shown` is only a lower bound.
  bool stopped_early() const { return stopped_early_; }
  // Called by a pass that stops looking for errors at the limit.
  void stop_early() { stopped_early_ = true; }

 private:
  std::vector<Diagnostic> diags_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  size_t limit_ = 0;
  size_t not_shown_ = 0;
  bool stopped_early_ = false;
  Diagnostic discarded_{};  // what report() hands back for an error beyond the limit
};

// The output formats of `--format`: text for people, the others for tools.
enum class DiagFormat { Text, Json, Sarif, Github, Gitlab };

// Renders diagnostics in the requested format. `color` applies to text only.
std::string render_diagnostics(const SourceManager& sm, const std::vector<Diagnostic>& diags,
                               DiagFormat format, bool color = false);
// The line that ends text output when errors were left out at `--error-limit`: "too many
// errors, stopping; N more not shown" (without the count when it is not known).
std::string error_limit_line(size_t not_shown, bool count_known);
// One diagnostic in GCC/Clang text form (with source line and caret).
std::string render_text(const SourceManager& sm, const Diagnostic& d, bool color = false);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a distance proportional to the word's length, or "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bfc
