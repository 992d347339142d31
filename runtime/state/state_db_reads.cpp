// The state database's reads, for the scheduler's start, recovery and the reports. Each
// first executes the deferred writes, so it sees this connection's own writes.
#include "runtime/state/state_db.h"

#include <fmt/format.h>

namespace bfc::runtime {
namespace {

AttemptRow read_attempt(Stmt& s) {
  AttemptRow a;
  a.instance = s.text(0);
  a.attempt = int(s.int64(1));
  a.pid = int(s.int64(2));
  a.pgid = int(s.int64(3));
  a.boot_id = s.text(4);
  a.start_token = s.text(5);
  a.started_at = s.text(6);
  a.ended_at = s.text(7);
  if (!s.is_null(8)) a.exit_code = int(s.int64(8));
  a.signal = int(s.int64(9));
  a.outcome = s.text(10);
  a.log_path = s.text(11);
  a.token = s.text(12);
  if (!s.is_null(13)) a.log_offset = s.int64(13);
  if (!s.is_null(14)) a.log_length = s.int64(14);
  return a;
}

constexpr const char* kAttemptCols =
    "instance, attempt, pid, pgid, boot_id, start_token, started_at, ended_at, exit_code, signal, "
    "outcome, log_path, "
    "token, log_offset, log_length";

// Every row `s` gives, as attempts (`s` selects kAttemptCols).
std::vector<AttemptRow> read_attempts(Stmt& s) {
  std::vector<AttemptRow> out;
  while (s.step()) out.push_back(read_attempt(s));
  return out;
}

// Succeeded attempts whose logs are not pruned yet: what `bfc logs --prune` frees.
constexpr const char* kUnprunedSuccesses =
    "outcome='succeeded' AND log_path IS NOT NULL AND (log_length IS NULL OR log_length >= 0)";

}  // namespace

std::vector<InstanceState> StateDb::load() {
  std::vector<InstanceState> out;
  for (auto& row : instance_rows()) out.push_back(row.state);
  return out;
}

std::vector<InstanceKey> StateDb::instance_keys() {
  flush();
  auto s = db_->prepare("SELECT id, task, bizdate FROM instances ORDER BY position");
  std::vector<InstanceKey> out;
  while (s.step()) out.push_back(InstanceKey{s.text(0), s.text(1), s.text(2)});
  return out;
}

std::optional<std::string> StateDb::meta(const std::string& key) {
  flush();
  auto s = db_->prepare("SELECT value FROM meta WHERE key=?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

std::vector<InstanceRow> StateDb::instance_rows() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(
      "SELECT id, status, attempts, failures, retry_at_ms, fail_kind, reason, updated_at FROM "
      "instances ORDER BY "
      "position");
  std::vector<InstanceRow> out;
  while (s.step()) {
    InstanceRow r;
    r.id = s.text(0);
    auto status = parse_status(s.text(1));
    r.state.status = status.value_or(Status::Waiting);
    r.state.attempts = int(s.int64(2));
    r.state.failures = int(s.int64(3));
    r.state.retry_at_ms = s.int64(4);
    r.state.kind = parse_fail_kind(s.text(5));
    r.state.reason = s.text(6);
    r.updated_at = s.text(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<StateDb::RunRecord> StateDb::last_run() {
  flush();  // reads see this connection's own writes
  if (!db_->query_text("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'"))
    return std::nullopt;
  auto id = db_->query_text("SELECT value FROM meta WHERE key='run_id'");
  auto boot = db_->query_text("SELECT value FROM meta WHERE key='run_boot_id'");
  if (!id || !boot) return std::nullopt;
  return RunRecord{*id, *boot};
}

std::vector<AttemptRow> StateDb::open_attempts() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(
      fmt::format("SELECT {} FROM attempts WHERE ended_at IS NULL ORDER BY instance, attempt",
                  kAttemptCols)
          .c_str());
  return read_attempts(s);
}

std::vector<AttemptRow> StateDb::attempts_of(const std::string& instance) {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(
      fmt::format("SELECT {} FROM attempts WHERE instance=?1 ORDER BY attempt", kAttemptCols)
          .c_str());
  s.bind(1, instance);
  return read_attempts(s);
}

std::vector<AttemptRow> StateDb::succeeded_attempt_logs() {
  flush();
  auto s =
      db_->prepare(fmt::format("SELECT {} FROM attempts WHERE {} ORDER BY log_path, log_offset",
                               kAttemptCols, kUnprunedSuccesses)
                       .c_str());
  return read_attempts(s);
}

void StateDb::mark_succeeded_logs_pruned() {
  flush();
  db_->exec(fmt::format("UPDATE attempts SET log_length=-1 WHERE {}", kUnprunedSuccesses));
}

bool StateDb::segment_in_use(const std::string& path) {
  flush();
  auto s = db_->prepare(
      "SELECT 1 FROM attempts WHERE log_path=?1 AND (log_length IS NULL OR log_length >= 0) "
      "LIMIT 1");
  s.bind(1, path);
  return s.step();
}

std::vector<AttemptRow> StateDb::last_attempts() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(
      fmt::format("SELECT {} FROM attempts a WHERE attempt = (SELECT MAX(attempt) FROM attempts b "
                  "WHERE b.instance = a.instance)",
                  kAttemptCols)
          .c_str());
  return read_attempts(s);
}

std::vector<AuditRow> StateDb::audit_rows(int limit) {
  flush();  // reads see this connection's own writes
  std::string sql = "SELECT seq, at, who, host, pid, action, detail FROM audit ORDER BY seq";
  if (limit > 0)
    sql = fmt::format(
        "SELECT * FROM (SELECT seq, at, who, host, pid, action, detail FROM audit ORDER BY seq "
        "DESC "
        "LIMIT {}) ORDER BY seq",
        limit);
  auto s = db_->prepare(sql.c_str());
  std::vector<AuditRow> out;
  while (s.step())
    out.push_back(AuditRow{s.int64(0), s.text(1), s.text(2), s.text(3), int(s.int64(4)), s.text(5),
                           s.text(6)});
  return out;
}

std::string StateDb::integrity_check() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare("PRAGMA integrity_check");
  std::string out;
  while (s.step()) out += (out.empty() ? "" : "\n") + s.text(0);
  return out;
}

}  // namespace bfc::runtime
