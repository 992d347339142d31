#include "diff/groups.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace bfc::diff {

namespace {

// Days since the epoch of "YYYY-MM-DD" (validated by the plan schema).
long days_of(const std::string& d) {
  using namespace std::chrono;
  year_month_day ymd{year(std::stoi(d.substr(0, 4))), month(unsigned(std::stoi(d.substr(5, 2)))),
                     day(unsigned(std::stoi(d.substr(8, 2))))};
  return sys_days(ymd).time_since_epoch().count();
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= s.size()) {
    std::size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

}  // namespace

std::string date_ranges(std::vector<std::string> dates) {
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::vector<long> days(dates.size());
  for (std::size_t i = 0; i < dates.size(); ++i) days[i] = days_of(dates[i]);
  std::string out;
  for (std::size_t i = 0; i < dates.size();) {
    std::size_t j = i;
    while (j + 1 < dates.size() && days[j + 1] == days[j] + 1) ++j;
    out += out.empty() ? "" : ", ";
    out += j > i ? dates[i] + ".." + dates[j] : dates[i];
    i = j + 1;
  }
  return out;
}

std::vector<Group> group_by_task(const Side& side, const std::vector<int>& list) {
  std::vector<Group> out;
  for (int i : list) {
    const Entry& in = side.entries[i];
    if (out.empty() || out.back().task != in.task)
      out.push_back(Group{std::string(in.task), {}, {}, {}});
    out.back().instances.push_back(i);
  }
  for (Group& g : out) {
    std::vector<std::string> dates;
    for (int i : g.instances) dates.emplace_back(side.entries[i].bizdate);
    g.dates = date_ranges(std::move(dates));
  }
  return out;
}

std::vector<Group> group_changed(const PlanDiff& d) {
  std::vector<Group> out;
  for (std::size_t k = 0; k < d.changed.size(); ++k) {
    const ChangedInstance& c = d.changed[k];
    const Entry& in = d.new_side->entries[c.new_index];
    // The list is sorted by task, then id: only the groups of this task, at the end, can match.
    std::size_t g = out.size();
    while (g > 0 && out[g - 1].task == in.task && out[g - 1].fields != c.fields) --g;
    if (g == 0 || out[g - 1].task != in.task) {
      out.push_back(Group{std::string(in.task), c.fields, {}, {}});
      g = out.size();
    }
    out[g - 1].instances.push_back(int(k));
  }
  for (Group& g : out) {
    std::vector<std::string> dates;
    for (int k : g.instances)
      dates.emplace_back(d.new_side->entries[d.changed[k].new_index].bizdate);
    g.dates = date_ranges(std::move(dates));
  }
  return out;
}

std::string joined_fields(const Group& g) {
  std::string fields;
  for (const auto& f : g.fields) fields += (fields.empty() ? "" : ", ") + f;
  return fields;
}

std::string first_command_diff(const PlanDiff& d, const Group& g) {
  const ChangedInstance& first = d.changed[g.instances.front()];
  const runtime::PlanInstance& a = d.old_side->full(first.old_index);
  const runtime::PlanInstance& b = d.new_side->full(first.new_index);
  return unified_diff(command_text(a.command), command_text(b.command), a.id + " (old)",
                      b.id + " (new)");
}

std::string unified_diff(const std::string& old_text, const std::string& new_text,
                         const std::string& old_name, const std::string& new_name) {
  if (old_text == new_text) return "";
  std::vector<std::string> a = split_lines(old_text), b = split_lines(new_text);
  dtl::Diff<std::string> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream o;
  o << "--- " << old_name << "\n+++ " << new_name << "\n";
  diff.printUnifiedFormat(o);
  return o.str();
}

}  // namespace bfc::diff
