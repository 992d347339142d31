#include "runtime/plan/fingerprints.h"

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
  // bfc-plan/1 predates images, so this is always empty for the plans this code is for; it is
  // fed all the same so that the rule stays the compiler's.
  if (!in.image.empty()) fb.image(in.image);
  return fb.finish();
}

void compute_fingerprints(Plan& plan) {
  std::vector<std::uint64_t> fps;
  fps.reserve(plan.instances.size());
  for (auto& in : plan.instances) fps.push_back(in.fingerprint = own_fingerprint(in));
  std::vector<std::uint64_t> lin = lineages(
      plan.instances.size(), fps,
      [&](std::size_t i, std::vector<std::size_t>& out) {
        for (int d : plan.instances[i].dep_index) out.push_back(std::size_t(d));
      },
      [&](std::size_t i, std::vector<std::string>& out) { out = plan.instances[i].external_deps; });
  for (std::size_t i = 0; i < lin.size(); ++i) plan.instances[i].lineage = lin[i];
}

}  // namespace bfc::runtime
