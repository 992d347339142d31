#include "runtime/plan/fingerprints.h"

#include <string_view>
#include <utility>
#include <vector>

#include "common/fingerprint.h"

namespace bfc::runtime {

std::uint64_t own_fingerprint(const PlanInstance& in) {
  FingerprintBuilder fb;
  fb.field(in.id);
  if (in.workspace.empty())
    fb.null_field();
  else
    fb.field(in.workspace);
  fb.field(in.interval_start);
  fb.field(in.interval_end);
  fb.field(in.bizdate);
  fb.field(in.cyctime);
  fb.field(in.dry_run ? "dry_run" : "run");
  if (in.command.is_list) {
    fb.command_list(in.command.argv.size());
    for (const auto& a : in.command.argv) fb.field(a);
  } else {
    fb.command_text(in.command.text);
  }
  return fb.finish();
}

void compute_fingerprints(Plan& plan) {
  std::size_t n = plan.instances.size();
  for (auto& in : plan.instances) in.fingerprint = own_fingerprint(in);
  std::vector<std::uint8_t> done(n, 0);
  std::vector<std::pair<int, std::size_t>> stack;  // (instance, next dep to visit)
  std::vector<std::uint64_t> deps;
  std::vector<std::string_view> ext;
  for (std::size_t root = 0; root < n; ++root) {
    if (done[root]) continue;
    stack.push_back({int(root), 0});
    while (!stack.empty()) {
      auto& [i, k] = stack.back();
      PlanInstance& in = plan.instances[i];
      if (k < in.dep_index.size()) {
        int d = in.dep_index[k++];
        if (!done[d]) stack.push_back({d, 0});
        continue;
      }
      deps.clear();
      for (int d : in.dep_index) deps.push_back(plan.instances[d].lineage);
      ext.assign(in.external_deps.begin(), in.external_deps.end());
      in.lineage = lineage_of(in.fingerprint, deps, ext);
      done[i] = 1;
      stack.pop_back();
    }
  }
}

}  // namespace bfc::runtime
