// A plan's outline from its state database (see outline.h).
#include "runtime/state/outline.h"

#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "runtime/plan/cache.h"
#include "runtime/state/state_db.h"

namespace bfc::runtime {
namespace {

// The date groups recorded by the runner (meta `groups`; absent in a state made before they
// were recorded) and each instance's group, by its bizdate: the dates of the groups are
// disjoint and an instance's bizdate is one of its group's dates. date_index stays 0: the
// day barrier needs the intervals, which the outline does not have.
void read_groups(StateDb& db, Plan& plan) {
  auto text = db.meta("groups");
  if (!text) return;
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_array()) return;
  std::unordered_map<std::string, std::pair<int, int>> group_of;  // date -> (index, id)
  for (const auto& g : doc) {
    PlanGroup group;
    group.id = g.value("id", 0);
    group.dates = g.value("dates", std::vector<std::string>{});
    for (const auto& d : group.dates)
      group_of.emplace(d, std::pair(int(plan.groups.size()), group.id));
    plan.groups.push_back(std::move(group));
  }
  for (auto& in : plan.instances)
    if (auto it = group_of.find(in.bizdate); it != group_of.end()) {
      in.group_index = it->second.first;
      in.group = it->second.second;
    }
}

}  // namespace

std::optional<Plan> plan_from_state(const std::string& plan_path, const std::string& state_path) {
  if (!StateDb::exists(state_path)) return std::nullopt;
  StateDb db(state_path, false, true);
  auto recorded = db.plan_hash();
  if (!recorded) return std::nullopt;
  // The plan cache's header names the hash of this very file when the runner cached it;
  // otherwise the file is hashed.
  std::optional<std::string> hash;
  if (auto stamp = file_stamp(plan_path))
    hash = cached_plan_sha256(plan_cache_path(state_path), *stamp);
  if (!hash || *hash != *recorded) hash = sha256_file_hex(plan_path);
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
  read_groups(db, plan);
  return plan;
}

}  // namespace bfc::runtime
