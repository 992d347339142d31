#include "driver/render.h"

#include <fmt/format.h>

#include <cstdio>

#include "common/file_io.h"
#include "driver/session.h"
#include "render/graphviz.h"
#include "render/instance_view.h"
#include "render/layout_budget.h"
#include "render/task_view.h"

namespace bfc {

namespace {

// The backfill to draw: the named one; for the instance view also the only one when none
// is named; otherwise none (the plain task view). Sets `usage_error` when it cannot choose.
const Backfill* choose_backfill(const Analysis& a, const DriverOptions& opts, DiagnosticSink& diags,
                                bool& usage_error) {
  usage_error = false;
  if (!opts.backfill.empty()) {
    const Backfill* b = find_backfill(a, opts.backfill, diags);
    usage_error = b == nullptr;
    return b;
  }
  if (!opts.instances) return nullptr;
  if (a.model.backfills.size() == 1) return &a.model.backfills[0];
  report_backfill_not_chosen(a, "the instance view (`render --instances`) draws one backfill",
                             diags);
  usage_error = true;
  return nullptr;
}

bool write_bytes(const std::string& path, const std::string& bytes, std::string& error) {
  return write_atomically(
      path, [&](int fd) { return write_all(fd, bytes); }, error);
}

}  // namespace

int render_command(const DriverOptions& opts, const RenderSettings& settings) {
  if (opts.output.empty() || opts.output == "-") {
    fmt::print(stderr,
               "bfc: error: render writes a file: give -o with a .svg, .png or .dot name\n");
    return 2;
  }
  std::optional<render::OutputFormat> format = render::format_for_path(opts.output);
  if (!format) {
    fmt::print(
        stderr,
        "bfc: error: cannot tell the format of `{}` from its extension; use .svg, .png or .dot\n",
        opts.output);
    return 2;
  }
  Session s;
  if (int rc = open_session(opts, s); rc >= 0) return rc;
  const Program& prog = s.prog;
  DiagnosticSink& diags = s.diags;
  const Analysis& a = s.analysis;
  // Front-end errors leave no model to draw; later errors (loops, selection, isolation)
  // are exactly what the drawing should show.
  if (a.model.tasks.empty() && diags.has_errors()) {
    emit_diagnostics(prog.sources, diags, opts);
    fmt::print(stderr,
               "bfc: error: nothing to draw: fix the errors above first; `{}` was not written\n",
               opts.output);
    return 1;
  }
  bool usage_error = false;
  const Backfill* b = choose_backfill(a, opts, diags, usage_error);
  if (usage_error) {
    emit_diagnostics(prog.sources, diags, opts);  // E0210 or E0211
    return kUsageError;
  }

  InstanceGraph plan;
  if (b) plan = analyze_backfill(a, *b, opts.as_user, s.today, diags);
  render::Scene scene =
      opts.instances ? render::build_instance_scene(plan, a.graph, settings.node_budget, diags)
                     : render::build_task_scene(a.model, a.graph, b ? &plan : nullptr);
  render::apply_layout_budget(scene);
  if (*format == render::OutputFormat::Png) render::apply_bitmap_limit(scene);

  std::string bytes, error;
  bool drawn = render::render_scene(scene, *format, bytes, diags);
  bool written = drawn && write_bytes(opts.output, bytes, error);
  int rc = emit_diagnostics(prog.sources, diags, opts);
  if (drawn && !written) {
    fmt::print(stderr, "bfc: error: {}\n", error);
    return 2;
  }
  if (written && rc != 0 && diags.has_errors())
    fmt::print(stderr, "bfc: note: wrote `{}` anyway, so the errors can be seen in the drawing\n",
               opts.output);
  return rc;
}

}  // namespace bfc
