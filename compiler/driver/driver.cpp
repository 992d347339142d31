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
#include "plan/summary.h"
#include "plan/summary_views.h"

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

int compile_to_string(const DriverOptions& opts, std::string& json) {
  Session s;
  InstanceGraph g;
  if (int rc = open_backfill(opts, "compile", s, g); rc >= 0) return rc;
  int rc = emit_diagnostics(s.prog.sources, s.diags, opts);
  if (rc != 0) return rc;
  json = plan_json(s.prog, g, s.analysis.params);
  return 0;
}

int plan_command(const DriverOptions& opts) {
  Session s;
  InstanceGraph g;
  // Diagnostics go to stderr here whatever the view: stdout holds the summary alone.
  DriverOptions text = opts;
  text.format = DiagFormat::Text;
  if (int rc = open_backfill(text, "plan", s, g); rc >= 0) return rc;
  if (s.diags.has_errors()) {
    // A summary of a plan that cannot run would read as a clean plan: say it cannot.
    std::fputs(
        opts.format == DiagFormat::Json ? plan_errors_json(g).c_str() : plan_has_errors(g).c_str(),
        stdout);
    std::fflush(stdout);
    return emit_diagnostics(s.prog.sources, s.diags, text);
  }
  std::string out = opts.instances                    ? instance_list(g, s.analysis.params)
                    : opts.format == DiagFormat::Json ? plan_summary_json(g, s.analysis.params)
                                                      : plan_summary(g, s.analysis.params);
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  return emit_diagnostics(s.prog.sources, s.diags, text);
}

}  // namespace bfc
