// `bfc check`: each file named on the command line (or found under a named directory) is
// its own plan, checked alone with its imports; the diagnostics of all plans are printed
// together, in one output.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "driver/dump.h"
#include "driver/session.h"
#include "plan/lints.h"
#include "sema/select.h"

namespace bfc {

namespace fs = std::filesystem;

namespace {

// The plans to check: files as named, directories as every `.bf` file under them (sorted,
// recursive); each path once, in command-line order.
std::vector<std::string> plan_files(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& path) {
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(path, ec);
    if (seen.insert(ec ? path : canon.string()).second) out.push_back(path);
  };
  for (const auto& arg : args) {
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      add(arg);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(arg, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".bf")
        found.push_back(it->path().string());
    std::sort(found.begin(), found.end());
    for (const auto& f : found) add(f);
  }
  return out;
}

// Checks one plan already loaded and analyzed in `s`. With `must_have_backfill`, a missing
// --backfill is E0210; otherwise the plan's backfills are simply not checked. Returns
// whether the plan declares the backfill named by --backfill (true when none is named).
bool check_backfills(const DriverOptions& opts, Session& s, StageDumps& dumps,
                     bool must_have_backfill) {
  const Analysis& a = s.analysis;
  DiagnosticSink& diags = s.diags;
  // The backfill named by --backfill is looked up only in a plan without front-end
  // errors: a plan that failed to parse or resolve may have lost the declaration.
  if (diags.has_errors()) {
    dumps.skip_backfills("earlier stages reported errors");
    // Names in `select` do not depend on the other errors: report them in the same run.
    if (s.front_end_errors == 0)
      for (const Backfill& b : a.model.backfills)
        if (opts.backfill.empty() || b.name == opts.backfill)
          select_tasks(a.model, a.graph, b, opts.as_user, diags);
    return true;
  }
  bool declared = opts.backfill.empty() || a.model.backfill_index.count(opts.backfill) > 0;
  if (!declared) {
    if (must_have_backfill) find_backfill(a, opts.backfill, diags);
    dumps.skip_backfills(fmt::format("no backfill named `{}`", opts.backfill));
    return false;
  }
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
  return true;
}

// Copies one plan's diagnostics into the combined output, its files re-numbered into
// `sm` (a file several plans import is added once, by absolute path).
void merge_into(const Session& s, SourceManager& sm, DiagnosticSink& diags) {
  const SourceManager& from = s.prog.sources;
  std::vector<uint32_t> ids(from.count() + 1, 0);
  for (uint32_t i = 1; i <= from.count(); ++i) {
    const SourceFile& f = from.file(i);
    uint32_t id = sm.find(f.absolute_path);
    ids[i] = id ? id : sm.add(f.path, f.absolute_path, f.text);
  }
  auto remap = [&](Span sp) {
    if (sp.file) sp.file = ids[sp.file];
    return sp;
  };
  for (const Diagnostic& d : s.diags.diagnostics()) {
    Diagnostic& copy = diags.report(d.code, remap(d.span), d.message);
    if (diags.dropped(copy)) continue;
    for (const Note& n : d.notes) copy.notes.push_back({remap(n.span), n.message});
  }
  diags.count_not_shown(s.diags.not_shown());
  if (s.diags.stopped_early()) diags.stop_early();
}

}  // namespace

int check_command(const DriverOptions& opts) {
  std::vector<std::string> plans = plan_files(opts.files);
  SourceManager sm;
  DiagnosticSink diags;
  diags.set_error_limit(opts.error_limit);
  StageDumps dumps(opts);
  bool any_declares = false;
  for (const auto& file : plans) {
    DriverOptions one = opts;
    one.files = {file};
    Session s;
    if (int rc = open_session(one, s); rc >= 0) return rc;
    dumps.after_sema(s);
    any_declares |= check_backfills(opts, s, dumps, plans.size() == 1);
    merge_into(s, sm, diags);
  }
  dumps.print();
  if (!opts.backfill.empty() && !any_declares) {
    if (plans.size() > 1)
      diags.report(DiagCode::E0210, Span{},
                   fmt::format("no backfill named `{}` in any of the {} plans", opts.backfill,
                               plans.size()));
    emit_diagnostics(sm, diags, opts);
    return kUsageError;
  }
  return emit_diagnostics(sm, diags, opts);
}

}  // namespace bfc
