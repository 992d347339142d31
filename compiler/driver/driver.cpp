#include "driver/driver.h"

#include <fmt/format.h>

#include <cstdio>

#include "plan/emit.h"
#include "plan/lints.h"
#include "plan/summary.h"
#include "sema/analyze.h"

namespace bfc {

int emit_diagnostics(const SourceManager& sm, DiagnosticSink& diags, const DriverOptions& opts) {
  diags.sort_and_dedupe(sm);
  std::string out = render_diagnostics(sm, diags.diagnostics(), opts.format, opts.color);
  std::fputs(out.c_str(), opts.format == DiagFormat::Text ? stderr : stdout);
  if (diags.has_errors()) return 1;
  if (opts.werror && diags.warning_count() > 0) return 1;
  return 0;
}

namespace {

// Loads and analyzes; returns an exit code >= 0 to stop with, or -1 to go on.
int prepare(const DriverOptions& opts, Program& prog, DiagnosticSink& diags, Analysis& a, int64_t& today) {
  auto t = resolve_today(opts.today);
  if (!t) {
    fmt::print(stderr, "bfc: error: --today `{}` is not a date (YYYY-MM-DD)\n", opts.today);
    return 2;
  }
  today = *t;
  if (!load_program(opts.files, opts.load, prog, diags)) return 2;
  analyze_program(prog, diags, a);
  return -1;
}

// The backfill a single-backfill command works on, or nullptr (reported).
const Backfill* pick_backfill(const Analysis& a, const std::string& name, const Program& prog, DiagnosticSink& diags) {
  if (name.empty()) {
    if (a.model.backfills.size() == 1) return &a.model.backfills[0];
    std::string names;
    for (const auto& b : a.model.backfills) names += (names.empty() ? "" : ", ") + b.name;
    fmt::print(stderr, "bfc: error: {} backfills in {}; choose one with --backfill{}\n",
               a.model.backfills.empty() ? "no" : "several", prog.sources.file(prog.entry_files[0]).path,
               names.empty() ? "" : " (" + names + ")");
    return nullptr;
  }
  auto it = a.model.backfill_index.find(name);
  if (it == a.model.backfill_index.end()) {
    std::vector<std::string> names;
    for (const auto& b : a.model.backfills) names.push_back(b.name);
    std::string best = closest_match(name, names);
    fmt::print(stderr, "bfc: error: no backfill named `{}`{}\n", name, best.empty() ? "" : fmt::format("; did you mean `{}`?", best));
    return nullptr;
  }
  (void)diags;
  return &a.model.backfills[it->second];
}

}  // namespace

int run_check(const DriverOptions& opts) {
  Program prog;
  DiagnosticSink diags;
  Analysis a;
  int64_t today = 0;
  if (int rc = prepare(opts, prog, diags, a, today); rc >= 0) return rc;
  if (!diags.has_errors()) {
    std::vector<const Backfill*> checked;
    std::vector<Selection> selections;
    for (const Backfill& b : a.model.backfills) {
      if (!opts.backfill.empty() && b.name != opts.backfill) continue;
      InstanceGraph g = analyze_backfill(a, b, opts.as_user, today, diags);
      checked.push_back(&b);
      selections.push_back(std::move(g.selection));
    }
    lint_overlaps(a.model, checked, selections, diags);
  }
  return emit_diagnostics(prog.sources, diags, opts);
}

int run_compile(const DriverOptions& opts) {
  Program prog;
  DiagnosticSink diags;
  Analysis a;
  int64_t today = 0;
  if (int rc = prepare(opts, prog, diags, a, today); rc >= 0) return rc;
  if (diags.has_errors()) return emit_diagnostics(prog.sources, diags, opts);
  const Backfill* b = pick_backfill(a, opts.backfill, prog, diags);
  if (!b) return 2;
  InstanceGraph g = analyze_backfill(a, *b, opts.as_user, today, diags);
  int rc = emit_diagnostics(prog.sources, diags, opts);
  if (rc != 0) return rc;
  std::string error;
  auto writer = [&](std::FILE* f) {
    emit_plan(f, prog, g, *a.eval);
    return std::ferror(f) == 0;
  };
  if (opts.output.empty() || opts.output == "-") {
    writer(stdout);
    return 0;
  }
  if (!write_atomically(opts.output, writer, error)) {
    fmt::print(stderr, "bfc: error: {}\n", error);
    return 2;
  }
  return 0;
}

int run_plan(const DriverOptions& opts) {
  Program prog;
  DiagnosticSink diags;
  Analysis a;
  int64_t today = 0;
  if (int rc = prepare(opts, prog, diags, a, today); rc >= 0) return rc;
  if (diags.has_errors()) return emit_diagnostics(prog.sources, diags, opts);
  const Backfill* b = pick_backfill(a, opts.backfill, prog, diags);
  if (!b) return 2;
  InstanceGraph g = analyze_backfill(a, *b, opts.as_user, today, diags);
  std::string summary = plan_summary(g, *a.eval);
  std::fputs(summary.c_str(), stdout);
  return emit_diagnostics(prog.sources, diags, opts);
}

}  // namespace bfc
