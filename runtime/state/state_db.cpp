// The state database: its schema, opening it, and binding it to a plan. Batched writes are
// in state_db_writes.cpp, reads in state_db_reads.cpp, the request queue in request_queue.cpp.
#include "runtime/state/state_db.h"

#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/fingerprint.h"
#include "runtime/sys/clock.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime {
namespace {

// 2: instances carry the plan's fingerprint and lineage (--amend); removed_instances.
// 3: attempts' output in shared log segments: attempts.log_offset and log_length.
constexpr int kSchemaVersion = 3;

// The instances table alone: `bfc run --amend` builds a new one (instances_table_sql()).
const char* const kInstancesTable = R"sql(
CREATE TABLE IF NOT EXISTS instances(
  position    INTEGER PRIMARY KEY,          -- order in the plan
  id          TEXT NOT NULL,                -- unique: index instances_id (ensure_id_index)
  task        TEXT NOT NULL,
  bizdate     TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('waiting','running','succeeded','failed','dry_run','frozen')),
  attempts    INTEGER NOT NULL DEFAULT 0,   -- attempts ever started
  failures    INTEGER NOT NULL DEFAULT 0,   -- failed attempts counted against retries
  retry_at_ms INTEGER NOT NULL DEFAULT 0,   -- no new attempt before this Unix time (ms)
  fail_kind   TEXT,                         -- attempt | propagated | interrupted
  reason      TEXT,
  updated_at  TEXT NOT NULL,
  fingerprint TEXT,                         -- the plan's, hex; NULL in a state from schema 1
  lineage     TEXT
);
)sql";

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
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
  log_path    TEXT,                         -- its log segment (schema 3) or file
  log_offset  INTEGER,                      -- where its output starts in the segment; NULL: a file
  log_length  INTEGER,                      -- bytes of output; NULL while running or unknown
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
CREATE TABLE IF NOT EXISTS removed_instances(  -- left the plan by `bfc run --amend`
  id          TEXT PRIMARY KEY,
  task        TEXT NOT NULL,
  bizdate     TEXT NOT NULL,
  status      TEXT NOT NULL,                -- its last status in the plan it left
  attempts    INTEGER NOT NULL,
  fingerprint TEXT,
  removed_at  TEXT NOT NULL,
  plan_sha256 TEXT NOT NULL                 -- the plan that no longer has it
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS requests(
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  who        TEXT NOT NULL,
  action     TEXT NOT NULL,
  instances  TEXT NOT NULL,                -- JSON array of instance ids
  downstream INTEGER NOT NULL DEFAULT 0,
  applied_at TEXT,
  result     TEXT,
  selector   TEXT                          -- the selectors as typed (audit log); NULL: ids
);
)sql";

}  // namespace

void StateDb::in_transaction(const std::function<void()>& body) {
  begin();
  try {
    body();
    commit();
  } catch (...) {
    db_->exec("ROLLBACK");
    in_tx_ = false;
    throw;
  }
}

const char* StateDb::instances_table_sql() {
  return kInstancesTable;
}

void StateDb::ensure_id_index() {
  // States of schema 2 and before have it from `id ... UNIQUE` (an automatic index).
  if (db_->query_text("SELECT 1 FROM sqlite_master WHERE type='index' AND tbl_name='instances' "
                      "AND name LIKE 'sqlite_autoindex_instances%'"))
    return;
  db_->exec("CREATE UNIQUE INDEX IF NOT EXISTS instances_id ON instances(id)");
}

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
  db_->exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
      "PRAGMA wal_autocheckpoint=10000; PRAGMA temp_store=MEMORY;");
  create_schema();
  begin_ = db_->prepare("BEGIN IMMEDIATE");
  commit_ = db_->prepare("COMMIT");
  set_instance_ = db_->prepare(
      "UPDATE instances SET status=?1, attempts=?2, failures=?3, retry_at_ms=?4, fail_kind=?5, "
      "reason=?6, "
      "updated_at=?7 WHERE position=?8");
  attempt_start_ = db_->prepare(
      "INSERT OR REPLACE INTO attempts(instance, attempt, token, boot_id, started_at, outcome, "
      "log_path, log_offset) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 'starting', ?6, ?7)");
  attempt_spawned_ = db_->prepare(
      "UPDATE attempts SET pid=?1, pgid=?2, start_token=?3, outcome='running' WHERE instance=?4 "
      "AND attempt=?5");
  attempt_end_ = db_->prepare(
      "UPDATE attempts SET ended_at=?1, exit_code=?2, signal=?3, outcome=?4, log_length=?7 WHERE "
      "instance=?5 AND attempt=?6");
  audit_ = db_->prepare(
      "INSERT INTO audit(at, who, host, pid, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
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
    throw StateError(
        fmt::format("{} was written by a newer bfc (state schema {}; this bfc knows {})", path_, v,
                    kSchemaVersion));
  if (v == kSchemaVersion) {
    add_request_selector();
    return;
  }
  db_->exec("BEGIN IMMEDIATE");
  if (v >= 1 && v < 3)  // logs of earlier attempts stay files of their own (offset NULL)
    db_->exec(
        "ALTER TABLE attempts ADD COLUMN log_offset INTEGER; ALTER TABLE attempts ADD COLUMN "
        "log_length INTEGER;");
  if (v == 1)  // the instances of a schema-1 state get their fingerprints at the next attach
    db_->exec(
        "ALTER TABLE instances ADD COLUMN fingerprint TEXT; ALTER TABLE instances ADD COLUMN "
        "lineage TEXT; INSERT OR REPLACE INTO meta(key, value) VALUES ('fingerprints', "
        "'missing');");
  db_->exec(kInstancesTable);
  ensure_id_index();
  db_->exec(kSchema);
  add_request_selector();
  db_->exec(fmt::format("PRAGMA user_version={}", kSchemaVersion));
  db_->exec("COMMIT");
}

// requests.selector came without a schema version of its own: older bfc versions name the
// columns they read and write, so an added nullable column leaves them working, where a new
// version would make them refuse the state.
void StateDb::add_request_selector() {
  auto missing = [this] {
    auto n =
        db_->query_text("SELECT COUNT(*) FROM pragma_table_info('requests') WHERE name='selector'");
    return n && *n == "0";
  };
  if (!missing()) return;
  try {
    db_->exec("ALTER TABLE requests ADD COLUMN selector TEXT");
  } catch (const DbError&) {
    if (missing()) throw;  // otherwise another process added it just now
  }
}

std::optional<std::string> StateDb::plan_hash() {
  flush();  // reads see this connection's own writes
  if (!db_->query_text("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'"))
    return std::nullopt;
  return db_->query_text("SELECT value FROM meta WHERE key='plan_sha256'");
}

void StateDb::insert_instances(const Plan& plan) {
  // The unique index of ids is built once after the rows (a sort) instead of row by row:
  // 730k rows go in 1.0 s faster. All inside the caller's transaction.
  db_->exec("DROP INDEX IF EXISTS instances_id");
  auto ins = db_->prepare(
      "INSERT INTO instances(position, id, task, bizdate, status, updated_at, fingerprint, "
      "lineage) VALUES (?1, ?2, ?3, ?4, 'waiting', ?5, ?6, ?7)");
  std::string now = now_iso_utc();
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const auto& in = plan.instances[i];
    ins.bind(1, std::int64_t(i))
        .bind(2, in.id)
        .bind(3, in.task)
        .bind(4, in.bizdate)
        .bind(5, now)
        .bind(6, fingerprint_hex(in.fingerprint))
        .bind(7, fingerprint_hex(in.lineage))
        .run();
  }
  ensure_id_index();
  auto meta = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
  meta.bind(1, "plan_sha256").bind(2, plan.sha256).run();
  meta.bind(1, "plan_path").bind(2, plan.path).run();
  meta.bind(1, "backfill").bind(2, plan.backfill).run();
  meta.bind(1, "created_at").bind(2, now).run();
  record_groups(plan);
}

void StateDb::record_groups(const Plan& plan) {
  if (plan.outline_only) return;
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& g : plan.groups) groups.push_back({{"id", g.id}, {"dates", g.dates}});
  db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('groups', ?1)")
      .bind(1, groups.dump())
      .run();
}

void StateDb::check_plan(const Plan& plan) {
  auto hash = plan_hash();
  if (!hash) throw StateError(fmt::format("{} has no plan recorded yet", path_));
  if (*hash != plan.sha256) throw StateError(different_plan_message(plan, *hash, nullptr));
  plan_ = &plan;
}

std::string StateDb::different_plan_message(const Plan& plan, const std::string& hash,
                                            const AmendSummary* amend) {
  auto old_path = db_->query_text("SELECT value FROM meta WHERE key='plan_path'").value_or("?");
  std::string what =
      amend ? fmt::format(
                  "; `bfc run --amend` would keep {} of the {} successes of instances the new "
                  "plan still has, set {} instances back to waiting (their command or an "
                  "upstream one changed), add {} and remove {}",
                  amend->kept_successes, amend->kept_successes + amend->reset_successes,
                  amend->reset, amend->added, amend->removed)
            : std::string();
  return fmt::format(
      "state {} belongs to a different plan ({}, sha256 {}…); {} has sha256 {}…{}; use the "
      "matching state (--state PATH), `bfc run --amend` to carry this state's progress over to "
      "the new plan, or `bfc run --fresh` to discard it and start over",
      path_, old_path, hash.substr(0, 12), plan.path, plan.sha256.substr(0, 12), what);
}

void StateDb::attach_plan(const Plan& plan, bool fresh,
                          const std::function<void(const AmendSummary&)>& on_amend) {
  commit();
  auto hash = plan_hash();
  if (hash && *hash == plan.sha256) {
    fill_missing_fingerprints(plan);
    // A state made before the groups were recorded gets them now.
    if (!plan.outline_only && !db_->query_text("SELECT 1 FROM meta WHERE key='groups'"))
      in_transaction([&] { record_groups(plan); });
    plan_ = &plan;
    return;
  }
  if (hash && on_amend) {
    AmendSummary s = reconcile(plan);
    on_amend(s);
    amend_to(plan, s);
    plan_ = &plan;
    return;
  }
  if (hash && !fresh) {
    AmendSummary s = reconcile(plan);
    throw StateError(different_plan_message(plan, *hash, &s));
  }
  in_transaction([&] {
    if (hash) {
      audit("fresh",
            nlohmann::json{
                {"old_plan_sha256", *hash}, {"new_plan_sha256", plan.sha256}, {"plan", plan.path}}
                .dump());
      db_->exec("DELETE FROM instances; DELETE FROM attempts; DELETE FROM requests;");
    }
    insert_instances(plan);
    audit("init", nlohmann::json{{"plan_sha256", plan.sha256},
                                 {"plan", plan.path},
                                 {"backfill", plan.backfill},
                                 {"instances", plan.instances.size()}}
                      .dump());
  });
  plan_ = &plan;
}

void StateDb::fill_missing_fingerprints(const Plan& plan) {
  // Marked by the upgrade from schema 1, so a resume does not scan the instances for it.
  if (plan.outline_only || !db_->query_text("SELECT 1 FROM meta WHERE key='fingerprints'")) return;
  in_transaction([&] {
    auto up = db_->prepare("UPDATE instances SET fingerprint=?1, lineage=?2 WHERE position=?3");
    for (std::size_t i = 0; i < plan.instances.size(); ++i)
      up.bind(1, fingerprint_hex(plan.instances[i].fingerprint))
          .bind(2, fingerprint_hex(plan.instances[i].lineage))
          .bind(3, std::int64_t(i))
          .run();
    db_->exec("DELETE FROM meta WHERE key='fingerprints'");
  });
}

}  // namespace bfc::runtime
