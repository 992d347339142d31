// The state database's writes. StateStore writes are deferred and executed in one
// transaction per batch (see StateDb); the others (audit entries, the run id, closing an
// attempt) open the batch's transaction and run at once.
#include "runtime/state/state_db.h"

#include <unistd.h>

#include <chrono>

#include <fmt/format.h>

#include "runtime/sys/clock.h"

namespace bfc::runtime {
namespace {

double mono() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Adds the elapsed time of a scope to a counter.
struct Timed {
  double& total;
  double start = mono();
  ~Timed() { total += mono() - start; }
};

}  // namespace

void StateDb::open_tx() {
  if (in_tx_) return;
  if (begin_)
    begin_.exec();
  else
    db_->exec("BEGIN IMMEDIATE");  // read-only: not prepared
  in_tx_ = true;
}

void StateDb::flush() {
  if (pending_.empty()) return;
  Timed t{write_seconds_};
  open_tx();
  auto writes = std::move(pending_);
  pending_.clear();
  for (auto& write : writes) write();
}

void StateDb::begin() {
  open_tx();
  flush();
}

void StateDb::commit() {
  flush();
  if (!in_tx_) return;
  Timed t{write_seconds_};
  if (commit_)
    commit_.exec();
  else
    db_->exec("COMMIT");
  in_tx_ = false;
}

void StateDb::set_instance(int index, const InstanceState& st) {
  pending_.emplace_back([this, index, st, at = now_iso_utc()] {
    set_instance_.bind(1, status_name(st.status))
        .bind(2, st.attempts)
        .bind(3, st.failures)
        .bind(4, st.retry_at_ms)
        .bind_text_or_null(5, fail_kind_name(st.kind))
        .bind_text_or_null(6, st.reason)
        .bind(7, at)
        .bind(8, index)
        .run();
  });
}

void StateDb::set_instance_by_id(const std::string& id, const InstanceState& st) {
  int index = plan_ ? plan_->find(id) : -1;
  if (index < 0) throw StateError(fmt::format("no instance `{}` in the state", id));
  set_instance(index, st);
}

void StateDb::attempt_started(const AttemptStart& a) {
  pending_.emplace_back([this, a] {
    attempt_start_.bind(1, plan_->instances[a.instance].id)
        .bind(2, a.attempt)
        .bind(3, a.token)
        .bind(4, boot_id_)
        .bind(5, iso_utc(a.started_ms))
        .bind(6, a.log_path)
        .bind(7, a.log_offset)
        .run();
  });
}

void StateDb::attempt_spawned(const AttemptSpawned& a) {
  pending_.emplace_back([this, a] {
    attempt_spawned_.bind(1, a.pid)
        .bind(2, a.pgid)
        .bind(3, a.start_token)
        .bind(4, plan_->instances[a.instance].id)
        .bind(5, a.attempt)
        .run();
  });
}

void StateDb::attempt_finished(const AttemptEnd& a) {
  pending_.emplace_back([this, a] {
    attempt_end_.bind(1, iso_utc(a.ended_ms));
    if (a.exit_code >= 0)
      attempt_end_.bind(2, a.exit_code);
    else
      attempt_end_.bind_null(2);
    attempt_end_.bind(3, a.signal)
        .bind(4, a.outcome)
        .bind(5, plan_->instances[a.instance].id)
        .bind(6, a.attempt);
    if (a.log_length >= 0)
      attempt_end_.bind(7, a.log_length);
    else
      attempt_end_.bind_null(7);
    attempt_end_.run();
  });
}

void StateDb::audit(const std::string& action, const std::string& detail) {
  audit_as(who_, action, detail);
}

void StateDb::audit_as(const std::string& who, const std::string& action,
                       const std::string& detail) {
  begin();
  audit_.bind(1, now_iso_utc())
      .bind(2, who)
      .bind(3, host_)
      .bind(4, int(getpid()))
      .bind(5, action)
      .bind(6, detail)
      .run();
}

void StateDb::record_run(const std::string& run_id) {
  begin();
  auto s = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
  s.bind(1, "run_id").bind(2, run_id).run();
  s.bind(1, "run_boot_id").bind(2, boot_id_).run();
}

void StateDb::close_attempt(const std::string& instance, int attempt, const std::string& outcome) {
  begin();
  auto s =
      db_->prepare("UPDATE attempts SET ended_at=?1, outcome=?2 WHERE instance=?3 AND attempt=?4");
  s.bind(1, now_iso_utc()).bind(2, outcome).bind(3, instance).bind(4, attempt).run();
}

}  // namespace bfc::runtime
