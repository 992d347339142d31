// Operator requests: queued as rows of the requests table, applied to instance states in one
// transaction each time, every one recorded in the audit log.
#include "runtime/state/request_queue.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/plan/graph.h"
#include "runtime/sys/clock.h"

namespace bfc::runtime {
namespace {

// The columns read_request() reads, in its order.
constexpr const char* kSelectRequests =
    "SELECT seq, at, who, action, instances, downstream, applied_at, result, selector FROM "
    "requests";

// An audit entry lists the ids of a request up to this many; beyond, it records the count,
// the first ids and the selectors as typed, so one bulk request cannot bloat the log.
constexpr std::size_t kAuditIds = 20;
// The selector text recorded in the audit log is cut at this length.
constexpr std::size_t kAuditSelector = 500;

Request read_request(Stmt& s) {
  Request r;
  r.seq = s.int64(0);
  r.at = s.text(1);
  r.who = s.text(2);
  r.action = s.text(3);
  r.instances = nlohmann::json::parse(s.text(4)).get<std::vector<std::string>>();
  r.downstream = s.int64(5) != 0;
  r.applied_at = s.text(6);
  r.result = s.text(7);
  r.selector = s.text(8);
  return r;
}

std::string list(const std::vector<std::string>& ids, std::size_t max = 8) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > max) out += fmt::format(", … ({} more)", ids.size() - max);
  return out;
}

// What a request does to one of its instances.
enum class Change { Changed, Skipped, UnknownAction };

// Applies `r`'s action to instance `id` in state `s` (`named`: the request names it, not
// just its downstream); a skipped instance is added to `skipped` with the reason.
Change change_one(const Request& r, const std::string& id, bool named, InstanceState& s,
                  std::vector<std::string>& skipped) {
  InstanceState next = s;
  if (r.action == "rerun") {
    if (s.status == Status::Frozen && !named) {
      skipped.push_back(id + " (frozen)");
      return Change::Skipped;
    }
    next.status = Status::Waiting;
    next.failures = 0;
    next.retry_at_ms = 0;
    next.kind = FailKind::None;
    next.reason = "rerun requested by " + r.who;
  } else if (r.action == "mark-success") {
    next.status = Status::Succeeded;
    next.retry_at_ms = 0;
    next.kind = FailKind::None;
    next.reason = "marked succeeded by " + r.who;
  } else if (r.action == "freeze") {
    if (s.status != Status::Waiting && s.status != Status::Failed && s.status != Status::Running) {
      skipped.push_back(fmt::format("{} ({})", id, status_name(s.status)));
      return Change::Skipped;
    }
    next.status = Status::Frozen;
    next.kind = FailKind::None;
    next.reason = "frozen by " + r.who;
  } else if (r.action == "unfreeze") {
    if (s.status != Status::Frozen) {
      skipped.push_back(fmt::format("{} ({})", id, status_name(s.status)));
      return Change::Skipped;
    }
    next.status = Status::Waiting;
    next.failures = 0;
    next.reason.clear();
  } else {
    return Change::UnknownAction;
  }
  s = next;
  return Change::Changed;
}

// The result text of an applied request: what changed (counted per task), by whom, the ids
// when they are few, and what was left unchanged and why.
std::string applied_text(const Plan& plan, const Request& r, const std::vector<int>& changed,
                         const std::vector<std::string>& skipped) {
  std::string out =
      fmt::format("{} {} by {}", count_by_task(plan, changed), action_verb(r.action), r.who);
  if (!changed.empty() && changed.size() <= 8) {
    std::vector<std::string> ids;
    for (int i : changed) ids.push_back(plan.instances[i].id);
    out += ": " + list(ids);
  }
  if (!skipped.empty()) out += fmt::format("; left unchanged: {}", list(skipped));
  return out;
}

}  // namespace

std::string apply_request(const Plan& plan, const Request& r, const std::set<int>& live,
                          std::vector<InstanceState>& states, std::vector<int>& touched, bool& ok) {
  ok = false;
  std::vector<int> named;
  for (const auto& id : r.instances) {
    int i = plan.find(id);
    if (i < 0) return fmt::format("rejected: no instance `{}` in the plan", id);
    named.push_back(i);
  }
  std::vector<int> targets = r.downstream ? downstream_closure(plan, named) : named;
  std::set<int> is_named(named.begin(), named.end());
  std::vector<std::string> busy;
  for (int i : targets)
    if (live.count(i)) busy.push_back(plan.instances[i].id);
  if (!busy.empty())
    return fmt::format("rejected: {} {} running; wait for {} to finish, or stop the runner first",
                       list(busy), busy.size() == 1 ? "is" : "are",
                       busy.size() == 1 ? "it" : "them");
  std::vector<std::string> skipped;
  std::vector<int> changed;
  for (int i : targets) {
    const auto& id = plan.instances[i].id;
    Change c = change_one(r, id, is_named.count(i) > 0, states[i], skipped);
    if (c == Change::UnknownAction) return fmt::format("rejected: unknown action `{}`", r.action);
    if (c == Change::Skipped) continue;
    touched.push_back(i);
    changed.push_back(i);
  }
  ok = true;
  return applied_text(plan, r, changed, skipped);
}

std::string action_verb(const std::string& action) {
  return action == "rerun"          ? "set to waiting"
         : action == "mark-success" ? "marked succeeded"
         : action == "freeze"       ? "frozen"
                                    : "unfrozen";
}

std::string count_by_task(const Plan& plan, const std::vector<int>& instances) {
  // Tasks in the order they first appear; a long tail of tasks is summed up.
  std::vector<std::pair<std::string, std::size_t>> tasks;
  std::map<std::string, std::size_t> at;
  for (int i : instances) {
    const auto& t = plan.instances[i].task;
    auto [it, added] = at.emplace(t, tasks.size());
    if (added) tasks.emplace_back(t, 0);
    ++tasks[it->second].second;
  }
  std::size_t n = instances.size();
  std::string out = fmt::format("{} instance{}", n, n == 1 ? "" : "s");
  if (tasks.size() == 1) return out + " of " + tasks[0].first;
  if (tasks.empty()) return out;
  constexpr std::size_t kShown = 10;
  std::string per;
  for (std::size_t k = 0; k < tasks.size() && k < kShown; ++k)
    per += fmt::format("{}{} {}", k ? ", " : "", tasks[k].first, tasks[k].second);
  if (tasks.size() > kShown) per += fmt::format(", … {} more tasks", tasks.size() - kShown);
  return out + " (" + per + ")";
}

namespace {

// Failures that only followed from others are re-derived by the scheduler from the new
// states (a rerun of the failed instance must lift its day's failure): such instances go
// back to waiting, unless they still run.
void lift_propagated_failures(std::vector<InstanceState>& states, const std::set<int>& live,
                              std::vector<int>& touched) {
  for (std::size_t i = 0; i < states.size(); ++i)
    if (states[i].status == Status::Failed && states[i].kind == FailKind::Propagated &&
        !live.count(int(i))) {
      states[i].status = Status::Waiting;
      states[i].kind = FailKind::None;
      states[i].reason.clear();
      touched.push_back(int(i));
    }
}

}  // namespace

std::int64_t StateDb::enqueue_request(const Request& r) {
  commit();
  auto s = db_->prepare(
      "INSERT INTO requests(at, who, action, instances, downstream, selector) VALUES (?1, ?2, ?3, "
      "?4, ?5, ?6)");
  s.bind(1, now_iso_utc())
      .bind(2, who_)
      .bind(3, r.action)
      .bind(4, nlohmann::json(r.instances).dump())
      .bind(5, r.downstream ? 1 : 0)
      .bind(6, r.selector)
      .run();
  return sqlite3_last_insert_rowid(db_->handle());
}

std::optional<Request> StateDb::request(std::int64_t seq) {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare((std::string(kSelectRequests) + " WHERE seq=?1").c_str());
  s.bind(1, seq);
  if (!s.step()) return std::nullopt;
  return read_request(s);
}

std::vector<Request> StateDb::pending_requests() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(
      (std::string(kSelectRequests) + " WHERE applied_at IS NULL ORDER BY seq").c_str());
  std::vector<Request> out;
  while (s.step()) out.push_back(read_request(s));
  return out;
}

void StateDb::finish_request(std::int64_t seq, const std::string& result) {
  begin();
  auto s = db_->prepare("UPDATE requests SET applied_at=?1, result=?2 WHERE seq=?3");
  s.bind(1, now_iso_utc()).bind(2, result).bind(3, seq).run();
}

bool StateDb::apply_operator_requests(const std::vector<int>& running,
                                      std::vector<std::string>& applied) {
  if (!plan_) return false;
  commit();
  return apply_pending_requests(*this, *plan_, running, &applied);
}

namespace {

// The audit detail of an applied request, bounded (kAuditIds, kAuditSelector).
std::string audit_detail(const Request& r, const std::string& result) {
  nlohmann::json d{{"count", r.instances.size()},
                   {"downstream", r.downstream},
                   {"request", r.seq},
                   {"result", result},
                   {"applied_by_pid", int(getpid())}};
  if (r.instances.size() <= kAuditIds) {
    d["instances"] = r.instances;
  } else {
    d["instances_first"] =
        std::vector<std::string>(r.instances.begin(), r.instances.begin() + kAuditIds);
  }
  if (!r.selector.empty())
    d["selector"] = r.selector.size() <= kAuditSelector
                        ? r.selector
                        : r.selector.substr(0, kAuditSelector) + "…";
  return d.dump();
}

}  // namespace

bool apply_pending_requests(StateDb& db, const Plan& plan, const std::vector<int>& running,
                            std::vector<std::string>* applied) {
  auto pending = db.pending_requests();
  if (pending.empty()) return false;
  std::set<int> live(running.begin(), running.end());
  std::vector<InstanceState> states = db.load();
  std::vector<int> touched;
  db.begin();
  for (const auto& r : pending) {
    // An outline has no dependencies: a --downstream request waits for a full plan (the
    // runner's, or the next operator command that loads one).
    if (r.downstream && plan.outline_only) continue;
    bool ok = false;
    std::string result = apply_request(plan, r, live, states, touched, ok);
    db.finish_request(r.seq, result);
    db.audit_as(r.who, r.action, audit_detail(r, result));
    if (applied) applied->push_back(fmt::format("{}: {} (request {})", r.action, result, r.seq));
  }
  if (!touched.empty()) lift_propagated_failures(states, live, touched);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (int i : touched) db.set_instance(i, states[i]);
  db.commit();
  return !touched.empty();
}

}  // namespace bfc::runtime
