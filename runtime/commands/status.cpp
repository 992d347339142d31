// Status gathering and rendering (the failure analysis is in status_failures.cpp).
#include "runtime/commands/status.h"

#include "runtime/commands/logs.h"
#include "runtime/commands/run.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace bfc::runtime {
namespace {

constexpr Status kAll[] = {Status::Succeeded, Status::DryRun,  Status::Running,
                           Status::Failed,    Status::Waiting, Status::Frozen};

// One character per (task, date) cell, the most urgent status first.
char cell(const std::vector<Status>& s) {
  if (s.empty()) return ' ';
  auto any = [&](Status x) { return std::find(s.begin(), s.end(), x) != s.end(); };
  if (any(Status::Failed)) return 'F';
  if (any(Status::Running)) return 'R';
  if (any(Status::Frozen)) return 'Z';
  bool all_success = std::all_of(s.begin(), s.end(), is_success);
  if (all_success)
    return std::all_of(s.begin(), s.end(), [](Status x) { return x == Status::DryRun; }) ? 'D'
                                                                                         : 'S';
  return std::any_of(s.begin(), s.end(), is_success) ? '+' : '.';
}

StatusCounts count(const std::vector<InstanceState>& states) {
  StatusCounts c{};
  for (const auto& s : states) ++c[int(s.status)];
  return c;
}

// Instances marked running while no runner holds the lock: left by a runner that died.
int orphaned_running(const StatusCounts& c, const StatusData& d) {
  return d.runner ? 0 : c[int(Status::Running)];
}

std::string grid(const StatusData& d) {
  const Plan& plan = *d.plan;
  // Rows and columns by hash (a plan has far fewer tasks and dates than instances).
  std::vector<std::string> tasks;
  std::unordered_map<std::string_view, std::size_t> task_row;
  std::unordered_map<std::string_view, std::size_t> date_seen;
  std::vector<std::string> dates;
  for (const auto& in : plan.instances) {
    if (task_row.emplace(in.task, tasks.size()).second) tasks.push_back(in.task);
    if (date_seen.emplace(in.bizdate, 0).second) dates.push_back(in.bizdate);
  }
  std::sort(dates.begin(), dates.end());
  std::unordered_map<std::string_view, std::size_t> date_col;
  for (std::size_t i = 0; i < dates.size(); ++i) date_col.emplace(dates[i], i);
  std::vector<std::vector<std::vector<Status>>> cells(
      tasks.size(), std::vector<std::vector<Status>>(dates.size()));
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    cells[task_row.find(in.task)->second][date_col.find(in.bizdate)->second].push_back(
        d.states[i].status);
  }
  std::size_t width = 4;
  for (const auto& t : tasks) width = std::max(width, std::min<std::size_t>(t.size(), 40));
  std::string out;
  constexpr std::size_t kBlock = 31;
  for (std::size_t b = 0; b < dates.size(); b += kBlock) {
    std::size_t e = std::min(dates.size(), b + kBlock);
    std::string months(width + 1, ' '), days = fmt::format("{:<{}} ", "task", width);
    std::string last_month;
    for (std::size_t c = b; c < e; ++c) {
      std::string month = dates[c].substr(0, 7);
      std::size_t pos = width + 1 + (c - b) * 3;
      if (month != last_month && months.size() <= pos) {
        months.resize(pos, ' ');
        months += month;  // skipped when the previous label still occupies the spot
      }
      last_month = month;
      days += dates[c].substr(8, 2) + " ";
    }
    out += months + "\n" + days + "\n";
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      std::string name = tasks[t].size() > width ? tasks[t].substr(0, width - 1) + "~" : tasks[t];
      std::string row = fmt::format("{:<{}} ", name, width);
      for (std::size_t c = b; c < e; ++c) row += fmt::format(" {} ", cell(cells[t][c]));
      while (!row.empty() && row.back() == ' ') row.pop_back();
      out += row + "\n";
    }
    if (e < dates.size()) out += "\n";
  }
  out +=
      "legend: S succeeded  D dry-run  R running  F failed  Z frozen  . waiting  + partly done\n";
  return out;
}

// "2024-03-02 (group 0)", or the date alone when the groups are unknown.
std::string day_name(const FailureAnalysis& fa, const Plan& plan, int group, int day) {
  if (group < 0)
    return day < int(fa.days_of_unknown_groups.size()) ? fa.days_of_unknown_groups[day] : "?";
  return fmt::format("{} (group {})", plan.groups[group].dates[day], plan.groups[group].id);
}

std::string plural(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "37 of 2024-03-02 (group 0), 4 of 2024-03-05 (group 1)", the first few days.
std::string per_day(const FailureAnalysis& fa, const Plan& plan, const std::vector<DayCount>& v) {
  constexpr std::size_t kShown = 4;
  std::string out;
  for (std::size_t k = 0; k < v.size() && k < kShown; ++k)
    out += fmt::format("{}{} of {}", k ? ", " : "", v[k].count,
                       day_name(fa, plan, v[k].group, v[k].day));
  if (v.size() > kShown) {
    int rest = 0;
    for (std::size_t k = kShown; k < v.size(); ++k) rest += v[k].count;
    out += fmt::format(" and {} on {} more days", rest, v.size() - kShown);
  }
  return out;
}

// The command that prints an attempt's whole log, and its last lines from the log store.
void append_log_tail(std::string& out, const StatusData& d, int i, const AttemptRow& a,
                     int tail_lines) {
  const Plan& plan = *d.plan;
  out +=
      fmt::format("    log: bfc logs {} {}{}\n", plan.path, plan.instances[i].id,
                  d.state_path == default_state_path(plan.path) ? "" : " --state " + d.state_path);
  std::string tail = attempt_log_tail(a, tail_lines);
  std::size_t pos = 0;
  while (pos < tail.size()) {
    auto nl = tail.find('\n', pos);
    out += "    | " + tail.substr(pos, nl - pos) + "\n";
    pos = nl + 1;
  }
}

std::string failures_text(const StatusData& d, int tail_lines, int max_roots) {
  const Plan& plan = *d.plan;
  FailureAnalysis fa = analyze_failures(d);
  std::string out;
  if (fa.failed > 0) {
    if (fa.propagated == 0)
      out += fmt::format("\nfailed ({}):\n", fa.failed);
    else
      out += fmt::format("\nfailed ({}): {}, {} failed without running because of {}\n", fa.failed,
                         plural(int(fa.roots.size()), "root cause", "root causes"), fa.propagated,
                         fa.roots.size() == 1 ? "it" : "them");
  }
  std::size_t shown =
      max_roots < 0 ? fa.roots.size() : std::min(fa.roots.size(), std::size_t(max_roots));
  for (std::size_t k = 0; k < shown; ++k) {
    const RootCause& r = fa.roots[k];
    const auto& s = d.states[r.instance];
    out += fmt::format("  {}: {}\n", plan.instances[r.instance].id,
                       s.reason.empty() ? "failed" : s.reason);
    if (const AttemptRow* a = d.attempt_of(r.instance); a && !a->log_path.empty())
      append_log_tail(out, d, r.instance, *a, tail_lines);
    if (r.consequences > 0)
      out += fmt::format("    and {} more failed without running because of it: {}\n",
                         r.consequences, per_day(fa, plan, r.by_day));
  }
  if (shown < fa.roots.size()) {
    int more = 0;
    for (std::size_t k = shown; k < fa.roots.size(); ++k) more += 1 + fa.roots[k].consequences;
    const std::size_t rest = fa.roots.size() - shown;
    out += fmt::format("  {} more {} ({} in all): `bfc status --all` shows them\n", rest,
                       rest == 1 ? "root cause" : "root causes",
                       plural(more, "failed instance", "failed instances"));
  }
  if (!fa.unattributed.empty()) {
    int n = 0;
    for (const auto& u : fa.unattributed) n += u.count;
    out += fmt::format(
        "  {} failed without running, their cause not recorded in the state (by day):\n", n);
    for (std::size_t k = 0; k < fa.unattributed.size(); ++k)
      out += fmt::format("    {}: {} ({})\n",
                         day_name(fa, plan, fa.unattributed[k].group, fa.unattributed[k].day),
                         fa.unattributed[k].count, fa.unattributed_reason[k]);
  }
  if (!fa.stopped.empty()) {
    out += fmt::format("\nstopped groups ({}):\n", fa.stopped.size());
    for (const auto& g : fa.stopped) {
      out += fmt::format("  group {} stopped on {}", plan.groups[g.group].id,
                         plan.groups[g.group].dates[g.day]);
      if (g.cause >= 0) out += " by " + plan.instances[g.cause].id;
      if (g.not_run > 0)
        out += fmt::format(": {} ({}) not run", plural(g.not_run_days, "day", "days"),
                           plural(g.not_run, "instance", "instances"));
      out += "\n";
    }
  }
  return out;
}

}  // namespace

StatusData gather_status(const Plan& plan, const std::string& state_path, int) {
  StatusData d;
  d.plan = &plan;
  d.state_path = state_path;
  d.states.assign(plan.instances.size(), InstanceState{});
  d.runner = RunnerLock::probe(state_path + ".lock");
  if (!StateDb::exists(state_path)) return d;
  StateDb db(state_path, false, true);
  auto hash = db.plan_hash();
  if (!hash) return d;
  db.check_plan(plan);
  d.has_state = true;
  d.states = db.load();
  if (d.states.size() != plan.instances.size())
    throw StateError(fmt::format("state {} has {} instances but the plan has {}", state_path,
                                 d.states.size(), plan.instances.size()));
  for (auto& a : db.last_attempts()) {
    int i = plan.find(a.instance);
    if (i >= 0) d.last_attempt[i] = std::move(a);
  }
  d.recent_audit = db.audit_rows(5);
  return d;
}

std::string render_status_text(const StatusData& d, int tail_lines, int max_roots) {
  const Plan& plan = *d.plan;
  std::string out =
      fmt::format("backfill {} · plan {} (sha256 {}…) · state {}\n", plan.backfill, plan.path,
                  plan.sha256.substr(0, 12), d.has_state ? d.state_path : "(none yet)");
  out += "runner: " + (d.runner ? d.runner->describe() : std::string("none active")) + "\n";
  StatusCounts c = count(d.states);
  out += fmt::format("instances: {}", plan.instances.size());
  for (Status s : kAll) out += fmt::format(" · {} {}", status_name(s), c[int(s)]);
  out += "\n";
  if (int n = orphaned_running(c, d); n == 1)
    out +=
        "note: 1 instance is marked running, but no runner is active (it died or was killed); the "
        "next `bfc run` "
        "kills whatever is left of its attempt and runs it again\n";
  else if (n > 1)
    out += fmt::format(
        "note: {} instances are marked running, but no runner is active (it died or was killed); "
        "the "
        "next `bfc run` kills whatever is left of their attempts and runs them again\n",
        n);
  out += "\n" + grid(d);
  out += failures_text(d, tail_lines, max_roots);
  return out;
}

nlohmann::json render_status_json(const StatusData& d, int tail_lines) {
  const Plan& plan = *d.plan;
  nlohmann::json j;
  j["format"] = "bfc-status/1";
  j["backfill"] = plan.backfill;
  j["plan"] = {{"path", plan.path}, {"sha256", plan.sha256}};
  j["state"] = d.has_state ? nlohmann::json(d.state_path) : nlohmann::json(nullptr);
  j["runner"] = d.runner ? nlohmann::json{{"pid", d.runner->pid},
                                          {"host", d.runner->host},
                                          {"since", d.runner->since},
                                          {"command", d.runner->command}}
                         : nlohmann::json(nullptr);
  StatusCounts c = count(d.states);
  nlohmann::json counts = nlohmann::json::object();
  for (Status s : kAll) counts[status_name(s)] = c[int(s)];
  j["counts"] = counts;
  j["total"] = plan.instances.size();
  j["orphaned_running"] = orphaned_running(c, d);
  FailureAnalysis fa = analyze_failures(d);
  auto day_json = [&](int group, int day) {
    if (group < 0)  // a date in no group (not in a valid plan) shows as "?"
      return nlohmann::json{
          {"group", nullptr},
          {"day", day < int(fa.days_of_unknown_groups.size()) ? fa.days_of_unknown_groups[day]
                                                              : std::string("?")}};
    return nlohmann::json{{"group", plan.groups[group].id}, {"day", plan.groups[group].dates[day]}};
  };
  auto id_or_null = [&](int i) {
    return i >= 0 ? nlohmann::json(plan.instances[i].id) : nlohmann::json(nullptr);
  };
  nlohmann::json roots = nlohmann::json::array(), unattributed = nlohmann::json::array(),
                 stopped = nlohmann::json::array();
  for (const auto& r : fa.roots) {
    nlohmann::json e = day_json(r.group, r.day);
    e["id"] = plan.instances[r.instance].id;
    e["fail_kind"] = fail_kind_name(d.states[r.instance].kind);
    e["consequences"] = r.consequences;
    auto& days = e["consequences_by_day"] = nlohmann::json::array();
    for (const auto& c : r.by_day) {
      auto x = day_json(c.group, c.day);
      x["count"] = c.count;
      days.push_back(std::move(x));
    }
    roots.push_back(std::move(e));
  }
  for (std::size_t k = 0; k < fa.unattributed.size(); ++k) {
    auto x = day_json(fa.unattributed[k].group, fa.unattributed[k].day);
    x["count"] = fa.unattributed[k].count;
    x["reason"] = fa.unattributed_reason[k];
    unattributed.push_back(std::move(x));
  }
  for (const auto& g : fa.stopped) {
    auto x = day_json(g.group, g.day);
    x["cause"] = id_or_null(g.cause);
    x["not_run"] = g.not_run;
    x["not_run_days"] = g.not_run_days;
    stopped.push_back(std::move(x));
  }
  j["failures"] = {{"failed", fa.failed},
                   {"propagated", fa.propagated},
                   {"root_causes", std::move(roots)},
                   {"unattributed", std::move(unattributed)},
                   {"stopped_groups", std::move(stopped)}};
  auto& list = j["instances"] = nlohmann::json::array();
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    const auto& s = d.states[i];
    const AttemptRow* a = d.attempt_of(int(i));
    nlohmann::json e = {{"id", in.id},
                        {"task", in.task},
                        {"bizdate", in.bizdate},
                        {"status", status_name(s.status)},
                        {"attempts", s.attempts}};
    if (!s.reason.empty()) e["reason"] = s.reason;
    if (s.kind != FailKind::None) e["fail_kind"] = fail_kind_name(s.kind);
    if (fa.cause_of[i] >= 0) e["cause"] = plan.instances[fa.cause_of[i]].id;
    if (a && !a->log_path.empty()) {
      e["log"] = a->log_path;
      if (s.status == Status::Failed && s.kind != FailKind::Propagated)
        e["log_tail"] = attempt_log_tail(*a, tail_lines);
    }
    list.push_back(std::move(e));
  }
  return j;
}

int status_command(const std::string& plan_path, const std::string& state_path,
                   const std::string& format, int tail, bool all) {
  int code = kExitOk;
  const std::string state = state_path.empty() ? default_state_path(plan_path) : state_path;
  auto plan = outline_or_plan(plan_path, state, true, code);
  if (!plan) return code;
  try {
    auto data = gather_status(*plan, state, tail);
    // An outline from a state made before the runner recorded the date groups: failures are
    // grouped by day and group, which the plan itself has.
    if (plan->outline_only && plan->groups.empty() &&
        std::any_of(data.states.begin(), data.states.end(),
                    [](const InstanceState& s) { return s.status == Status::Failed; })) {
      plan = outline_or_plan(plan_path, state, false, code);
      if (!plan) return code;
      data = gather_status(*plan, state, tail);
    }
    if (format == "json")
      std::fputs((render_status_json(data, tail).dump(2) + "\n").c_str(), stdout);
    else
      std::fputs(render_status_text(data, tail, all ? -1 : 10).c_str(), stdout);
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bfc: error: %s\n", e.what());
    return kExitUsage;
  }
}

}  // namespace bfc::runtime
