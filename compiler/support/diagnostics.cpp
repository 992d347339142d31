#include "support/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace bfc {

const std::vector<DiagInfo>& all_diagnostics() {
  static const std::vector<DiagInfo> table = {
#define DIAG(code, sev, title) {DiagCode::code, #code, Severity::sev, title},
#include "support/diagnostics.def"
#undef DIAG
  };
  return table;
}

const DiagInfo& diag_info(DiagCode code) {
  return all_diagnostics()[static_cast<size_t>(code)];
}

Diagnostic& DiagnosticSink::report(DiagCode code, Span span, std::string message) {
  if (limit_reached() && diag_info(code).severity == Severity::Error) {
    ++not_shown_;
    discarded_ = Diagnostic{code, span, {}, {}};
    return discarded_;
  }
  diags_.push_back(Diagnostic{code, span, std::move(message), {}});
  if (diag_info(code).severity == Severity::Error)
    ++errors_;
  else if (diag_info(code).severity == Severity::Warning)
    ++warnings_;
  return diags_.back();
}

void DiagnosticSink::sort_and_dedupe(const SourceManager& sm) {
  auto key = [&](const Diagnostic& d) {
    std::string_view path = d.span.file ? std::string_view(sm.file(d.span.file).path) : "";
    return std::make_tuple(path, d.span.begin, d.span.end, static_cast<int>(d.code),
                           std::string_view(d.message));
  };
  std::stable_sort(diags_.begin(), diags_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  diags_.erase(
      std::unique(diags_.begin(), diags_.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      diags_.end());
  errors_ = warnings_ = 0;
  for (const auto& d : diags_) {
    if (d.severity() == Severity::Error) ++errors_;
    if (d.severity() == Severity::Warning) ++warnings_;
  }
}

std::string error_limit_line(size_t not_shown, bool count_known) {
  if (!count_known)
    return "bfc: too many errors, stopping; more not shown (--error-limit 0 shows all)\n";
  return fmt::format(
      "bfc: too many errors, stopping; {} more not shown (--error-limit 0 shows all)\n", not_shown);
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      // transposition counts as one edit ("tsak" -> "task")
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], prev[j - 1]);  // approximate Damerau
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() < 3) return std::string();  // too short to guess from
  size_t limit = std::max<size_t>(1, (word.size() + 2) / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == word) continue;
    // The distance is at least the difference in length: skip what cannot win or tie.
    size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap > best_d) continue;
    size_t d = edit_distance(word, c);
    if (d < best_d || (d == best_d && c < best)) {
      best_d = d;
      best = c;
    }
  }
  return best_d <= limit ? best : std::string();
}

}  // namespace bfc
