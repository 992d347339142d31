// SQLite state: schema, plan binding, batched writes, queries.
#include "runtime/state/state_db.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/sys/clock.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime {
namespace {

constexpr int kSchemaVersion = 1;

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS instances(
  position    INTEGER PRIMARY KEY,          -- order in the plan
  id          TEXT NOT NULL UNIQUE,
  task        TEXT NOT NULL,
  bizdate     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('waiting','running','succeeded','failed','dry_run','frozen')),
  attempts    INTEGER NOT NULL DEFAULT 0,   -- attempts ever started
  failures    INTEGER NOT NULL DEFAULT 0,   -- failed attempts counted against retries
  retry_at_ms INTEGER NOT NULL DEFAULT 0,   -- no new attempt before this Unix time (ms)
  fail_kind   TEXT,                         -- attempt | propagated | interrupted
  reason      TEXT,
  updated_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts(
  instance    TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  token       TEXT NOT NULL,                -- BF_ATTEMPT_ID, in the environment of its processes
  pid         INTEGER,
  pgid        INTEGER,
  boot_id     TEXT,
  start_token TEXT,                         -- leader start time, recognises pid reuse
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  exit_code   INTEGER,
  signal      INTEGER,
  outcome     TEXT NOT NULL,                -- starting | running | succeeded | failed | timeout | killed | interrupted | spawn_error | abandoned
  log_path    TEXT,
  PRIMARY KEY (instance, attempt)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit(
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  at     TEXT NOT NULL,
  who    TEXT NOT NULL,
  host   TEXT NOT NULL,
  pid    INTEGER NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS requests(
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  who        TEXT NOT NULL,
  action     TEXT NOT NULL,
  instances  TEXT NOT NULL,                -- JSON array of instance ids
  downstream INTEGER NOT NULL DEFAULT 0,
  applied_at TEXT,
  result     TEXT
);
)sql";

double mono() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Adds the elapsed time of a scope to a counter.
struct Timed {
  double& total;
  double start = mono();
  ~Timed() { total += mono() - start; }
};

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
  return a;
}

constexpr const char* kAttemptCols =
    "instance, attempt, pid, pgid, boot_id, start_token, started_at, ended_at, exit_code, signal, outcome, log_path, "
    "token";

}  // namespace

bool StateDb::exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

StateDb::StateDb(const std::string& path, bool create, bool read_only) : path_(path) {
  db_ = std::make_unique<Db>(path, create, read_only);
  boot_id_ = boot_id();
  who_ = user_name();
  host_ = host_name();
  if (read_only) return;  // a runner may still be creating the tables: plan_hash() says so
  // WAL + synchronous=NORMAL: a commit survives a crash of this process (the case the
  // guarantees are about) without an fsync per scheduler tick; see docs/runtime.md.
  // A larger page cache keeps the instance and attempt tables hot; checkpoints (which fsync)
  // every 10,000 WAL pages instead of 1,000 keep fsyncs out of the scheduling loop.
  db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA wal_autocheckpoint=10000;");
  create_schema();
  begin_ = db_->prepare("BEGIN IMMEDIATE");
  commit_ = db_->prepare("COMMIT");
  set_instance_ = db_->prepare(
      "UPDATE instances SET status=?1, attempts=?2, failures=?3, retry_at_ms=?4, fail_kind=?5, reason=?6, "
      "updated_at=?7 WHERE position=?8");
  attempt_start_ = db_->prepare(
      "INSERT OR REPLACE INTO attempts(instance, attempt, token, boot_id, started_at, outcome, log_path) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 'starting', ?6)");
  attempt_spawned_ = db_->prepare(
      "UPDATE attempts SET pid=?1, pgid=?2, start_token=?3, outcome='running' WHERE instance=?4 AND attempt=?5");
  attempt_end_ = db_->prepare(
      "UPDATE attempts SET ended_at=?1, exit_code=?2, signal=?3, outcome=?4 WHERE instance=?5 AND attempt=?6");
  audit_ = db_->prepare("INSERT INTO audit(at, who, host, pid, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
}

StateDb::~StateDb() {
  try {
    commit();
  } catch (...) {
    // Destructors must not throw; an uncommitted batch is rolled back by SQLite.
  }
}

void StateDb::create_schema() {
  auto version = db_->query_text("PRAGMA user_version");
  int v = version ? std::stoi(*version) : 0;
  if (v > kSchemaVersion)
    throw StateError(fmt::format("{} was written by a newer bfc (state schema {}; this bfc knows {})", path_, v,
                                 kSchemaVersion));
  if (v == kSchemaVersion) return;
  db_->exec("BEGIN IMMEDIATE");
  db_->exec(kSchema);
  db_->exec(fmt::format("PRAGMA user_version={}", kSchemaVersion));
  db_->exec("COMMIT");
}

std::optional<std::string> StateDb::plan_hash() {
  flush();  // reads see this connection's own writes
  if (!db_->query_text("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")) return std::nullopt;
  return db_->query_text("SELECT value FROM meta WHERE key='plan_sha256'");
}

void StateDb::insert_instances(const Plan& plan) {
  auto ins = db_->prepare(
      "INSERT INTO instances(position, id, task, bizdate, status, updated_at) VALUES (?1, ?2, ?3, ?4, 'waiting', ?5)");
  std::string now = now_iso_utc();
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    ins.bind(1, std::int64_t(i)).bind(2, in.id).bind(3, in.task).bind(4, in.bizdate).bind(5, now).run();
  }
  auto meta = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
  meta.bind(1, "plan_sha256").bind(2, plan.sha256).run();
  meta.bind(1, "plan_path").bind(2, plan.path).run();
  meta.bind(1, "backfill").bind(2, plan.backfill).run();
  meta.bind(1, "created_at").bind(2, now).run();
}

void StateDb::check_plan(const Plan& plan) {
  auto hash = plan_hash();
  if (!hash) throw StateError(fmt::format("{} has no plan recorded yet", path_));
  if (*hash != plan.sha256) {
    auto old_path = db_->query_text("SELECT value FROM meta WHERE key='plan_path'").value_or("?");
    throw StateError(fmt::format(
        "state {} belongs to a different plan ({}, sha256 {}…); {} has sha256 {}…; use the matching "
        "state (--state PATH), or `bfc run --fresh` to discard this state's progress and start over",
        path_, old_path, hash->substr(0, 12), plan.path, plan.sha256.substr(0, 12)));
  }
  plan_ = &plan;
}

void StateDb::attach_plan(const Plan& plan, bool fresh) {
  commit();
  auto hash = plan_hash();
  if (hash && *hash == plan.sha256) {
    plan_ = &plan;
    return;
  }
  if (hash && !fresh) check_plan(plan);  // throws the explanation
  begin();
  try {
    if (hash) {
      audit("fresh", nlohmann::json{{"old_plan_sha256", *hash}, {"new_plan_sha256", plan.sha256},
                                    {"plan", plan.path}}.dump());
      db_->exec("DELETE FROM instances; DELETE FROM attempts; DELETE FROM requests;");
    }
    insert_instances(plan);
    audit("init", nlohmann::json{{"plan_sha256", plan.sha256}, {"plan", plan.path}, {"backfill", plan.backfill},
                                 {"instances", plan.instances.size()}}.dump());
    commit();
  } catch (...) {
    db_->exec("ROLLBACK");
    in_tx_ = false;
    throw;
  }
  plan_ = &plan;
}

void StateDb::open_tx() {
  if (in_tx_) return;
  if (begin_) begin_.exec(); else db_->exec("BEGIN IMMEDIATE");  // read-only: not prepared
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
  if (commit_) commit_.exec(); else db_->exec("COMMIT");
  in_tx_ = false;
}

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
      "SELECT id, status, attempts, failures, retry_at_ms, fail_kind, reason, updated_at FROM instances ORDER BY "
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
    if (a.exit_code >= 0) attempt_end_.bind(2, a.exit_code); else attempt_end_.bind_null(2);
    attempt_end_.bind(3, a.signal).bind(4, a.outcome).bind(5, plan_->instances[a.instance].id).bind(6, a.attempt).run();
  });
}

void StateDb::audit(const std::string& action, const std::string& detail) { audit_as(who_, action, detail); }

void StateDb::audit_as(const std::string& who, const std::string& action, const std::string& detail) {
  begin();
  audit_.bind(1, now_iso_utc()).bind(2, who).bind(3, host_).bind(4, int(getpid())).bind(5, action).bind(6, detail).run();
}

void StateDb::record_run(const std::string& run_id) {
  begin();
  auto s = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
  s.bind(1, "run_id").bind(2, run_id).run();
  s.bind(1, "run_boot_id").bind(2, boot_id_).run();
}

std::optional<StateDb::RunRecord> StateDb::last_run() {
  flush();  // reads see this connection's own writes
  if (!db_->query_text("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")) return std::nullopt;
  auto id = db_->query_text("SELECT value FROM meta WHERE key='run_id'");
  auto boot = db_->query_text("SELECT value FROM meta WHERE key='run_boot_id'");
  if (!id || !boot) return std::nullopt;
  return RunRecord{*id, *boot};
}

std::vector<AttemptRow> StateDb::open_attempts() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(fmt::format("SELECT {} FROM attempts WHERE ended_at IS NULL ORDER BY instance, attempt",
                                    kAttemptCols).c_str());
  std::vector<AttemptRow> out;
  while (s.step()) out.push_back(read_attempt(s));
  return out;
}

std::vector<AttemptRow> StateDb::attempts_of(const std::string& instance) {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(fmt::format("SELECT {} FROM attempts WHERE instance=?1 ORDER BY attempt", kAttemptCols).c_str());
  s.bind(1, instance);
  std::vector<AttemptRow> out;
  while (s.step()) out.push_back(read_attempt(s));
  return out;
}

std::vector<AttemptRow> StateDb::last_attempts() {
  flush();  // reads see this connection's own writes
  auto s = db_->prepare(fmt::format("SELECT {} FROM attempts a WHERE attempt = (SELECT MAX(attempt) FROM attempts b "
                                    "WHERE b.instance = a.instance)",
                                    kAttemptCols).c_str());
  std::vector<AttemptRow> out;
  while (s.step()) out.push_back(read_attempt(s));
  return out;
}

void StateDb::close_attempt(const std::string& instance, int attempt, const std::string& outcome) {
  begin();
  auto s = db_->prepare("UPDATE attempts SET ended_at=?1, outcome=?2 WHERE instance=?3 AND attempt=?4");
  s.bind(1, now_iso_utc()).bind(2, outcome).bind(3, instance).bind(4, attempt).run();
}

std::vector<AuditRow> StateDb::audit_rows(int limit) {
  flush();  // reads see this connection's own writes
  std::string sql = "SELECT seq, at, who, host, pid, action, detail FROM audit ORDER BY seq";
  if (limit > 0)
    sql = fmt::format("SELECT * FROM (SELECT seq, at, who, host, pid, action, detail FROM audit ORDER BY seq DESC "
                      "LIMIT {}) ORDER BY seq",
                      limit);
  auto s = db_->prepare(sql.c_str());
  std::vector<AuditRow> out;
  while (s.step())
    out.push_back(AuditRow{s.int64(0), s.text(1), s.text(2), s.text(3), int(s.int64(4)), s.text(5), s.text(6)});
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
