// Status gathering and rendering.
#include "runtime/commands/status.h"

#include "runtime/commands/logs.h"
#include "runtime/commands/run.h"

#include <algorithm>
#include <fstream>
#include <map>

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
  std::vector<std::string> tasks;
  std::map<std::string, std::size_t> task_row;
  std::vector<std::string> dates;
  for (const auto& in : plan.instances) {
    if (task_row.emplace(in.task, tasks.size()).second) tasks.push_back(in.task);
    dates.push_back(in.bizdate);
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::map<std::string, std::size_t> date_col;
  for (std::size_t i = 0; i < dates.size(); ++i) date_col[dates[i]] = i;
  std::vector<std::vector<std::vector<Status>>> cells(
      tasks.size(), std::vector<std::vector<Status>>(dates.size()));
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    cells[task_row[in.task]][date_col[in.bizdate]].push_back(d.states[i].status);
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

}  // namespace

std::string tail_file(const std::string& path, int n) {
  return tail_range(LogRange{path, 0, -1, false}, n);
}

StatusData gather_status(const Plan& plan, const std::string& state_path, int) {
  StatusData d;
  d.plan = &plan;
  d.state_path = state_path;
  d.states.assign(plan.instances.size(), InstanceState{});
  d.last_attempt.assign(plan.instances.size(), AttemptRow{});
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

std::string render_status_text(const StatusData& d, int tail_lines) {
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
  std::vector<int> failed;
  for (std::size_t i = 0; i < d.states.size(); ++i)
    if (d.states[i].status == Status::Failed) failed.push_back(int(i));
  if (!failed.empty()) {
    out += fmt::format("\nfailed ({}):\n", failed.size());
    for (int i : failed) {
      const auto& s = d.states[i];
      out +=
          fmt::format("  {}: {}\n", plan.instances[i].id, s.reason.empty() ? "failed" : s.reason);
      const auto& a = d.last_attempt[i];
      if (s.kind == FailKind::Propagated || a.log_path.empty()) continue;
      out += fmt::format(
          "    log: bfc logs {} {}{}\n", plan.path, plan.instances[i].id,
          d.state_path == default_state_path(plan.path) ? "" : " --state " + d.state_path);
      std::string tail = attempt_log_tail(a, tail_lines);
      std::size_t pos = 0;
      while (pos < tail.size()) {
        auto nl = tail.find('\n', pos);
        out += "    | " + tail.substr(pos, nl - pos) + "\n";
        pos = nl + 1;
      }
    }
  }
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
  auto& list = j["instances"] = nlohmann::json::array();
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    const auto& s = d.states[i];
    const auto& a = d.last_attempt[i];
    nlohmann::json e = {{"id", in.id},
                        {"task", in.task},
                        {"bizdate", in.bizdate},
                        {"status", status_name(s.status)},
                        {"attempts", s.attempts}};
    if (!s.reason.empty()) e["reason"] = s.reason;
    if (s.kind != FailKind::None) e["fail_kind"] = fail_kind_name(s.kind);
    if (!a.log_path.empty()) e["log"] = a.log_path;
    if (s.status == Status::Failed && s.kind != FailKind::Propagated && !a.log_path.empty())
      e["log_tail"] = attempt_log_tail(a, tail_lines);
    list.push_back(std::move(e));
  }
  return j;
}

int status_command(const std::string& plan_path, const std::string& state_path,
                   const std::string& format, int tail) {
  int code = kExitOk;
  const std::string state = state_path.empty() ? default_state_path(plan_path) : state_path;
  auto plan = outline_or_plan(plan_path, state, true, code);
  if (!plan) return code;
  try {
    auto data = gather_status(*plan, state, tail);
    if (format == "json")
      std::fputs((render_status_json(data, tail).dump(2) + "\n").c_str(), stdout);
    else
      std::fputs(render_status_text(data, tail).c_str(), stdout);
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bfc: error: %s\n", e.what());
    return kExitUsage;
  }
}

}  // namespace bfc::runtime
