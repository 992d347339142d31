#include <nlohmann/json.hpp>

#include "diff/render.h"

namespace bfc::diff {

namespace {

using nlohmann::ordered_json;

ordered_json counts_json(const Counts& c) {
  return ordered_json{{"added", c.added},
                      {"removed", c.removed},
                      {"changed", c.changed},
                      {"affected", c.affected},
                      {"unchanged", c.unchanged}};
}

ordered_json side(const Side& s, const std::string& name) {
  return ordered_json{{"name", name},
                      {"sha256", s.head->sha256},
                      {"backfill", s.head->backfill},
                      {"today", s.head->today},
                      {"instances", s.entries.size()}};
}

ordered_json changes(const std::vector<ValueChange>& v) {
  ordered_json out = ordered_json::array();
  for (const auto& c : v)
    out.push_back({{"name", c.name}, {"old", c.old_value}, {"new", c.new_value}});
  return out;
}

ordered_json ids(const Side& s, const std::vector<int>& list) {
  ordered_json out = ordered_json::array();
  for (int i : list) out.push_back(s.entries[i].id);
  return out;
}

}  // namespace

std::string render_json(const PlanDiff& d, const Labels& l) {
  ordered_json j;
  j["format"] = "bfc-diff/1";
  j["old"] = side(*d.old_side, l.old_name);
  j["new"] = side(*d.new_side, l.new_name);
  ordered_json summary = counts_json(d.total);
  summary["settings_changed"] = d.settings.size();
  summary["groups_changed"] = d.groups.size();
  summary["differs"] = d.any();
  j["summary"] = summary;
  ordered_json tasks = ordered_json::array();
  for (const auto& [name, c] : d.tasks) {
    ordered_json t = {{"task", name}};
    t.update(counts_json(c));
    tasks.push_back(t);
  }
  j["tasks"] = tasks;
  j["plan"] = changes(d.plan_fields);
  j["settings"] = changes(d.settings);
  j["groups"] = changes(d.groups);
  j["added"] = ids(*d.new_side, d.added);
  j["removed"] = ids(*d.old_side, d.removed);
  ordered_json changed = ordered_json::array();
  for (const auto& c : d.changed)
    changed.push_back({{"id", d.new_side->entries[c.new_index].id}, {"fields", c.fields}});
  j["changed"] = changed;
  j["affected"] = ids(*d.new_side, d.affected);
  return j.dump(2) + "\n";
}

}  // namespace bfc::diff
