#include "driver/pipeline.h"

#include <ctime>

#include "plan/lints.h"
#include "sema/properties.h"
#include "sema/resolve.h"
#include "support/calendar.h"

namespace bfc {

void analyze_program(const Program& prog, DiagnosticSink& diags, Analysis& a) {
  // Errors of the front end may have lost declarations: resolving would only add noise.
  // Property errors do not stop resolution: a bad property is skipped, so one run reports
  // every independent mistake.
  bool front_end_errors = diags.has_errors();
  for (const auto& f : prog.files) check_properties(f, diags);
  if (front_end_errors) return;
  a.model = resolve_program(prog, diags);
  a.graph = build_task_graph(a.model);
  report_task_loops(a.graph, a.model, diags);
  a.params = check_expressions(a.model, diags);
  if (!diags.has_errors()) lint_tasks(a.model, a.params, diags);
}

InstanceGraph analyze_backfill(const Analysis& a, const Backfill& b, const std::string& as_user,
                               int64_t today, DiagnosticSink& diags) {
  size_t errors = diags.error_count();
  Selection sel = select_tasks(a.model, a.graph, b, as_user, diags);
  check_backfill_limits(a.model, b, sel, today, diags);
  if (diags.error_count() > errors) {
    InstanceGraph g;
    g.model = &a.model;
    g.backfill = &b;
    g.selection = std::move(sel);
    g.today = today;
    return g;
  }
  InstanceGraph g = expand_instances(a.model, b, std::move(sel), today, diags);
  if (diags.error_count() == errors) verify_instance_graph(g, diags, a.graph.loops);
  return g;
}

std::optional<int64_t> resolve_today(const std::string& today) {
  if (today.empty()) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return cal::make_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  }
  return cal::parse_date(today);
}

}  // namespace bfc
