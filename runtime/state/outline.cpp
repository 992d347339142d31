// A plan's outline from its state database (see outline.h).
#include "runtime/state/outline.h"

#include "common/sha256.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {

std::optional<Plan> plan_from_state(const std::string& plan_path, const std::string& state_path) {
  if (!StateDb::exists(state_path)) return std::nullopt;
  StateDb db(state_path, false, true);
  auto recorded = db.plan_hash();
  if (!recorded) return std::nullopt;
  auto hash = sha256_file_hex(plan_path);
  if (!hash || *hash != *recorded) return std::nullopt;  // the full load explains what is wrong
  Plan plan;
  plan.path = plan_path;
  plan.sha256 = *hash;
  plan.outline_only = true;
  plan.backfill = db.meta("backfill").value_or("");
  auto keys = db.instance_keys();
  plan.instances.resize(keys.size());
  plan.index.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto& in = plan.instances[i];
    in.id = std::move(keys[i].id);
    in.task = std::move(keys[i].task);
    in.bizdate = std::move(keys[i].bizdate);
    plan.index.emplace(in.id, int(i));
  }
  return plan;
}

}  // namespace bfc::runtime
