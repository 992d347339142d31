// Operator-command selectors (see selector.h).
#include "runtime/commands/selector.h"

#include <fnmatch.h>

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace bfc::runtime {
namespace {

// True for a real calendar date written YYYY-MM-DD (ranges compare such strings as text).
bool is_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  using namespace std::chrono;
  return year_month_day{year(std::stoi(d.substr(0, 4))), month(unsigned(std::stoi(d.substr(5, 2)))),
                        day(unsigned(std::stoi(d.substr(8, 2))))}
      .ok();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto end = s.find(sep, start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// Quotes a word for text() when a shell would expand or split it.
std::string quoted(const std::string& w) {
  if (w.find_first_of(" *?[]'\"$\\") == std::string::npos) return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string count_text(std::size_t n) {
  return fmt::format("{} instance{}", n, n == 1 ? "" : "s");
}

}  // namespace

std::string Selector::text() const {
  std::string out;
  auto add = [&out](const std::string& w) { out += (out.empty() ? "" : " ") + w; };
  for (const auto& p : patterns) add(quoted(p));
  for (const auto& t : tasks) add("--task " + quoted(t));
  for (const auto& d : date_args) add("--dates " + quoted(d));
  for (const auto& st : status_args) add("--status " + quoted(st));
  return out;
}

void add_dates(Selector& s, const std::string& arg) {
  std::vector<DateRange> parsed;  // added only when the whole argument is valid
  for (const auto& range : split(arg, ',')) {
    DateRange r;
    auto dots = range.find("..");
    r.from = range.substr(0, dots);
    r.to = dots == std::string::npos ? r.from : range.substr(dots + 2);
    if (!is_date(r.from) || !is_date(r.to))
      throw SelectorError(fmt::format(
          "--dates {}: `{}` is not a date or a range (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)", arg,
          range));
    if (r.to < r.from)
      throw SelectorError(
          fmt::format("--dates {}: the range `{}` ends before it starts", arg, range));
    parsed.push_back(r);
  }
  s.dates.insert(s.dates.end(), parsed.begin(), parsed.end());
  s.date_args.push_back(arg);
}

void add_statuses(Selector& s, const std::string& arg) {
  std::vector<Status> parsed;
  for (const auto& name : split(arg, ',')) {
    auto st = parse_status(name);
    if (!st)
      throw SelectorError(fmt::format(
          "--status {}: `{}` is not a status (failed, waiting, running, succeeded, dry_run, "
          "frozen)",
          arg, name));
    parsed.push_back(*st);
  }
  s.statuses.insert(s.statuses.end(), parsed.begin(), parsed.end());
  s.status_args.push_back(arg);
}

bool is_glob(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

Selection select_instances(const Plan& plan, const std::vector<InstanceState>& states,
                           const Selector& s) {
  Selection out;
  const std::size_t n = plan.instances.size();
  // Each selector's own matches are counted, so that an empty intersection can say which
  // selector matched what.
  std::vector<std::string> report;
  std::vector<char> keep(n, 1);

  // Intersects `keep` with the instances `match(i)` accepts and reports how many it accepts,
  // as "WHAT VERB N instances"; when it accepts none, the error is "WHAT VERB NONE".
  auto narrow = [&](const std::string& what, const char* verb, const char* none, auto match) {
    std::size_t matched = 0;
    for (std::size_t i = 0; i < n; ++i) {
      bool m = match(i);
      matched += m;
      keep[i] &= m;
    }
    if (matched == 0) {
      out.error = fmt::format("{} {} {}", what, verb, none);
      return false;
    }
    report.push_back(fmt::format("{} {} {}", what, verb, count_text(matched)));
    return true;
  };

  if (!s.patterns.empty()) {
    std::vector<char> any(n, 0);
    for (const auto& p : s.patterns) {
      if (!is_glob(p)) {
        // A plain id must exist (a typo must not pass silently inside a union).
        int i = plan.find(p);
        if (i < 0) {
          out.error = fmt::format("no instance `{}` in the plan", p);
          return out;
        }
        any[i] = 1;
        continue;
      }
      for (std::size_t i = 0; i < n; ++i)
        if (!any[i] && fnmatch(p.c_str(), plan.instances[i].id.c_str(), 0) == 0) any[i] = 1;
    }
    const bool one = s.patterns.size() == 1;
    if (!narrow(one ? quoted(s.patterns[0]) : "the ids and globs", one ? "matches" : "match",
                "no instance id of the plan", [&](std::size_t i) { return any[i] != 0; }))
      return out;
  }

  if (!s.tasks.empty()) {
    std::set<std::string> wanted(s.tasks.begin(), s.tasks.end()), seen;
    for (const auto& in : plan.instances)
      if (wanted.count(in.task)) seen.insert(in.task);
    for (const auto& t : s.tasks)
      if (!seen.count(t)) {
        out.error = fmt::format("--task {} matches no task of the plan", t);
        return out;
      }
    narrow(fmt::format("--task {}", fmt::join(s.tasks, ",")), "matches", "no task of the plan",
           [&](std::size_t i) { return wanted.count(plan.instances[i].task) > 0; });
  }

  if (!s.dates.empty() &&
      !narrow(fmt::format("--dates {}", fmt::join(s.date_args, ",")), "matches",
              "no bizdate of the plan", [&](std::size_t i) {
                const auto& d = plan.instances[i].bizdate;
                return std::any_of(s.dates.begin(), s.dates.end(),
                                   [&d](const DateRange& r) { return r.from <= d && d <= r.to; });
              }))
    return out;

  if (!s.statuses.empty()) {
    std::set<Status> wanted(s.statuses.begin(), s.statuses.end());
    if (!narrow(fmt::format("--status {}", fmt::join(s.status_args, ",")), "matches",
                "no instance (by the state's current statuses)", [&](std::size_t i) {
                  return wanted.count(i < states.size() ? states[i].status : Status::Waiting) > 0;
                }))
      return out;
  }

  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) out.instances.push_back(int(i));
  if (out.instances.empty())
    out.error = fmt::format("no instance matches all the selectors ({})", fmt::join(report, "; "));
  return out;
}

}  // namespace bfc::runtime
