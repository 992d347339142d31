#include "driver/driver.h"

#include <fmt/format.h>

#include <cstdio>

#include "sema/analyze.h"

namespace bfc {

int emit_diagnostics(const SourceManager& sm, DiagnosticSink& diags, const DriverOptions& opts) {
  diags.sort_and_dedupe(sm);
  std::string out = render_diagnostics(sm, diags.diagnostics(), opts.format, opts.color);
  if (opts.format == DiagFormat::Text) {
    std::fputs(out.c_str(), stderr);
  } else {
    std::fputs(out.c_str(), stdout);
  }
  if (diags.has_errors()) return 1;
  if (opts.werror && diags.warning_count() > 0) return 1;
  return 0;
}

int run_check(const DriverOptions& opts) {
  Program prog;
  DiagnosticSink diags;
  if (!load_program(opts.files, opts.load, prog, diags)) return 2;
  analyze_program(prog, opts, diags);
  return emit_diagnostics(prog.sources, diags, opts);
}

}  // namespace bfc
