#include "driver/driver.h"

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/file_io.h"
#include "driver/dump.h"
#include "driver/session.h"
#include "plan/emit.h"
#include "plan/lints.h"
#include "plan/summary.h"

namespace bfc {

int emit_diagnostics(const SourceManager& sm, DiagnosticSink& diags, const DriverOptions& opts) {
  diags.sort_and_dedupe(sm);
  std::string out = render_diagnostics(sm, diags.diagnostics(), opts.format, opts.color);
  if (diags.not_shown() > 0 || diags.stopped_early()) {
    std::string limit = error_limit_line(diags.not_shown(), !diags.stopped_early());
    // Text: before the summary line. Other formats keep stdout to the document.
    if (opts.format == DiagFormat::Text) {
      size_t last = out.rfind('\n', out.size() - 2);
      out.insert(last == std::string::npos ? 0 : last + 1, limit);
    } else {
      std::fputs(limit.c_str(), stderr);
    }
  }
  std::fputs(out.c_str(), opts.format == DiagFormat::Text ? stderr : stdout);
  if (diags.has_errors()) return 1;
  if (opts.werror && diags.warning_count() > 0) return 1;
  return 0;
}

int open_session(const DriverOptions& opts, Session& s) {
  auto t = resolve_today(opts.today);
  if (!t) {
    fmt::print(stderr, "bfc: error: --today `{}` is not a date (YYYY-MM-DD)\n", opts.today);
    return 2;
  }
  s.today = *t;
  s.diags.set_error_limit(opts.error_limit);
  if (!load_program(opts.files, opts.load, s.prog, s.diags)) return 2;
  s.front_end_errors = s.diags.error_count();
  analyze_program(s.prog, s.diags, s.analysis);
  return -1;
}

namespace {

// "the plan's backfills: `a`, `b`" (E0210 and E0211 notes).
std::string backfills_note(const Analysis& a) {
  std::string list;
  for (const auto& b : a.model.backfills) list += (list.empty() ? "`" : ", `") + b.name + "`";
  return "the plan's backfills: " + list;
}

}  // namespace

const Backfill* find_backfill(const Analysis& a, const std::string& name, DiagnosticSink& diags) {
  auto it = a.model.backfill_index.find(name);
  if (it != a.model.backfill_index.end()) return &a.model.backfills[it->second];
  std::vector<std::string> names;
  for (const auto& b : a.model.backfills) names.push_back(b.name);
  auto& d = diags.report(DiagCode::E0210, Span{}, fmt::format("no backfill named `{}`", name));
  std::string best = closest_match(name, names);
  if (!best.empty()) {
    d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  } else if (names.empty()) {
    d.notes.push_back({Span{}, "the plan declares no backfill"});
  } else {
    d.notes.push_back({Span{}, backfills_note(a)});
  }
  return nullptr;
}

void report_backfill_not_chosen(const Analysis& a, const std::string& what, DiagnosticSink& diags) {
  const auto& all = a.model.backfills;
  if (all.empty()) {
    auto& d =
        diags.report(DiagCode::E0211, Span{}, fmt::format("{}, and the plan declares none", what));
    d.notes.push_back(
        {Span{}, "declare one: `backfill NAME { select = [...]; dates = FROM..TO; }`"});
    return;
  }
  auto& d = diags.report(
      DiagCode::E0211, Span{},
      fmt::format("{}, and the plan declares {}: choose one with --backfill", what, all.size()));
  d.notes.push_back({Span{}, backfills_note(a)});
}

namespace {

// For plan and compile: opens the session and expands the one backfill they work on.
// Returns an exit code to stop with, or -1 with `g` set.
int open_backfill(const DriverOptions& opts, const char* command, Session& s, InstanceGraph& g) {
  if (int rc = open_session(opts, s); rc >= 0) return rc;
  if (s.diags.has_errors()) return emit_diagnostics(s.prog.sources, s.diags, opts);
  const Analysis& a = s.analysis;
  const Backfill* b = nullptr;
  if (!opts.backfill.empty()) {
    b = find_backfill(a, opts.backfill, s.diags);
    if (!b) {
      emit_diagnostics(s.prog.sources, s.diags, opts);
      return kUsageError;
    }
  } else if (a.model.backfills.size() == 1) {
    b = &a.model.backfills[0];
  } else {
    report_backfill_not_chosen(a, fmt::format("`{}` works on one backfill", command), s.diags);
    emit_diagnostics(s.prog.sources, s.diags, opts);
  }
  if (!b) return kUsageError;
  g = analyze_backfill(a, *b, opts.as_user, s.today, s.diags);
  return -1;
}

}  // namespace

int check_command(const DriverOptions& opts) {
  Session s;
  if (int rc = open_session(opts, s); rc >= 0) return rc;
  const Analysis& a = s.analysis;
  DiagnosticSink& diags = s.diags;
  StageDumps dumps(opts);
  dumps.after_sema(s);
  // The backfill named by --backfill is looked up only in a plan without front-end
  // errors: a plan that failed to parse or resolve may have lost the declaration.
  if (!diags.has_errors() && !opts.backfill.empty() && !find_backfill(a, opts.backfill, diags)) {
    dumps.skip_backfills(fmt::format("no backfill named `{}`", opts.backfill));
    dumps.print();
    emit_diagnostics(s.prog.sources, diags, opts);
    return kUsageError;
  }
  if (diags.has_errors()) {
    dumps.skip_backfills("earlier stages reported errors");
    // Names in `select` do not depend on the other errors: report them in the same run.
    if (s.front_end_errors == 0)
      for (const Backfill& b : a.model.backfills)
        if (opts.backfill.empty() || b.name == opts.backfill)
          select_tasks(a.model, a.graph, b, opts.as_user, diags);
  } else {
    std::vector<const Backfill*> checked;
    std::vector<Selection> selections;
    for (const Backfill& b : a.model.backfills) {
      if (!opts.backfill.empty() && b.name != opts.backfill) continue;
      if (diags.limit_reached()) {  // no error of the rest would be shown
        diags.stop_early();
        break;
      }
      size_t errors = diags.error_count();
      InstanceGraph g = analyze_backfill(a, b, opts.as_user, s.today, diags);
      dumps.after_backfill(a.model, b, g, diags.error_count() > errors);
      checked.push_back(&b);
      selections.push_back(std::move(g.selection));
    }
    if (!diags.stopped_early()) lint_overlaps(a.model, checked, selections, diags);
  }
  dumps.print();
  return emit_diagnostics(s.prog.sources, diags, opts);
}

int compile_command(const DriverOptions& opts) {
  Session s;
  InstanceGraph g;
  if (int rc = open_backfill(opts, "compile", s, g); rc >= 0) return rc;
  int rc = emit_diagnostics(s.prog.sources, s.diags, opts);
  if (rc != 0) return rc;
  auto emit_to = [&](int fd) {
    return emit_plan([fd](std::string_view chunk) { return write_all(fd, chunk); }, s.prog, g,
                     s.analysis.params);
  };
  if (opts.output.empty() || opts.output == "-") {
    std::fflush(stdout);
    if (!emit_to(STDOUT_FILENO)) {
      fmt::print(stderr, "bfc: error: cannot write the plan to standard output: {}\n",
                 std::strerror(errno));
      return kUsageError;
    }
    return 0;
  }
  std::string error;
  if (!write_atomically(opts.output, emit_to, error)) {
    fmt::print(stderr, "bfc: error: {}\n", error);
    return kUsageError;
  }
  return 0;
}

int plan_command(const DriverOptions& opts) {
  Session s;
  InstanceGraph g;
  if (int rc = open_backfill(opts, "plan", s, g); rc >= 0) return rc;
  std::fputs(plan_summary(g, s.analysis.params).c_str(), stdout);
  return emit_diagnostics(s.prog.sources, s.diags, opts);
}

}  // namespace bfc
