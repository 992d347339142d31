// `bfc export --to argo`: a loaded plan as Kubernetes manifests for Argo Workflows
// (docs/argo.md): a ConfigMap for the max_running semaphore when the plan sets one, child
// WorkflowTemplates when the plan does not fit in one Workflow, and the parent Workflow last.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::exporter {

struct ArgoOptions {
  std::string image;            // for instances whose plan names none
  std::string name;             // base of the object names; default: the backfill's name
  std::string namespace_name;   // metadata.namespace; empty: none (kubectl's current one)
  std::string service_account;  // spec.serviceAccountName; empty: none
};

struct ArgoExport {
  std::vector<std::string> warnings;  // settings Argo has no equivalent for
  std::size_t documents = 0, largest_document = 0, templates = 0, tasks = 0;
};

// Writes the documents (`---` before each) through `write`, one at a time (the 730k-instance
// plan makes 900 MB of YAML). False with `errors` when the plan cannot be exported: every
// check runs before the first write, so then nothing was written; or when `write` fails.
bool export_argo(const runtime::Plan& plan, const ArgoOptions& options, ArgoExport& out,
                 std::vector<std::string>& errors,
                 const std::function<bool(std::string_view)>& write);

}  // namespace bfc::exporter
