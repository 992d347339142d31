// `bfc export PLAN.json --to argo`: argument parsing and output; the work is in export/
// (docs/argo.md).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "commands.h"
#include "common/file_io.h"
#include "export/argo_export.h"
#include "runtime/commands/run.h"

namespace bfc::cli {

namespace {

struct ExportArgs {
  std::string plan, to, output = "-";
  exporter::ArgoOptions argo;
};

int run_export(const ExportArgs& a) {
  int code = 0;
  auto plan = runtime::load_plan_or_report(a.plan, stderr, code);
  if (!plan) return code;
  exporter::ArgoExport out;
  std::vector<std::string> errors;
  auto report = [&] {
    for (const auto& w : out.warnings)
      std::fprintf(stderr, "%s: warning: %s\n", a.plan.c_str(), w.c_str());
    for (const auto& e : errors) std::fprintf(stderr, "%s: error: %s\n", a.plan.c_str(), e.c_str());
  };
  if (a.output == "-") {
    // Every check runs before the first byte goes out.
    bool ok = exporter::export_argo(*plan, a.argo, out, errors, [](std::string_view bytes) {
      return write_all(STDOUT_FILENO, bytes);
    });
    report();
    if (!ok) return errors.empty() ? 2 : 1;
  } else {
    std::string error;
    bool exported = false;
    bool ok = write_atomically(
        a.output,
        [&](int fd) {
          exported =
              exporter::export_argo(*plan, a.argo, out, errors,
                                    [fd](std::string_view bytes) { return write_all(fd, bytes); });
          return exported;
        },
        error);
    report();
    if (!exported) {
      std::fprintf(stderr, "%s: error: cannot export to Argo Workflows; nothing was written\n",
                   a.plan.c_str());
      return 1;
    }
    if (!ok) {
      std::fprintf(stderr, "bfc: error: %s\n", error.c_str());
      return 2;
    }
  }
  std::fprintf(stderr,
               "bfc: exported %zu instances as %zu Kubernetes objects (%zu templates, %zu DAG "
               "tasks; largest object %zu bytes)\n",
               plan->instances.size(), out.documents, out.templates, out.tasks,
               out.largest_document);
  return 0;
}

}  // namespace

void register_export_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export", "Write a compiled plan as manifests for another engine (docs/argo.md)");
  cmd->add_option("plan", a->plan, "Plan JSON written by `bfc compile`")->required();
  cmd->add_option("--to", a->to, "Target engine: argo (Argo Workflows)")
      ->required()
      ->check(CLI::IsMember({"argo"}));
  cmd->add_option("-o,--output", a->output, "Output path, written atomically (default: -, stdout)");
  cmd->add_option("--image", a->argo.image,
                  "Container image for instances whose plan names none (`image` property)");
  cmd->add_option("--namespace", a->argo.namespace_name, "metadata.namespace of every object");
  cmd->add_option("--service-account", a->argo.service_account,
                  "spec.serviceAccountName of the workflows");
  cmd->add_option("--name", a->argo.name,
                  "Base of the object names (default: the backfill's name)");
  cmd->callback([a, &exit_code] { exit_code = run_export(*a); });
}

}  // namespace bfc::cli
