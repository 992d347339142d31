// The SQLite state database (WAL): plan identity, instance status, attempts, the
// append-only audit log and the queue of operator requests. See docs/runtime.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/plan/plan.h"
#include "runtime/state/sqlite_db.h"
#include "runtime/state/state.h"

namespace bfc::runtime {

// A state problem the user must resolve (wrong plan, missing state); exit code 2.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An attempt row as stored.
struct AttemptRow {
  std::string instance;
  int attempt = 0;
  int pid = 0;
  int pgid = 0;
  std::string boot_id;
  std::string start_token;
  std::string started_at;
  std::string ended_at;  // "" while the attempt has no recorded end
  std::optional<int> exit_code;
  int signal = 0;
  std::string outcome;
  std::string log_path;                    // its log segment (or, before state schema 3, file)
  std::optional<std::int64_t> log_offset;  // where its output starts; nullopt: a file of its own
  std::optional<std::int64_t> log_length;  // nullopt: still running, or its runner died
  std::string token;                       // BF_ATTEMPT_ID
};

// An instance row as stored, for reports.
struct InstanceRow {
  std::string id;
  InstanceState state;
  std::string updated_at;
};

// Who an instance is, as the state recorded it from the plan.
struct InstanceKey {
  std::string id, task, bizdate;
};

// An audit log entry.
struct AuditRow {
  std::int64_t seq = 0;
  std::string at, who, host;
  int pid = 0;
  std::string action, detail;
};

// An operator request queued for whoever holds the runner lock.
struct Request {
  std::int64_t seq = 0;
  std::string at, who, action;  // action: rerun, mark-success, freeze, unfreeze
  std::vector<std::string> instances;
  bool downstream = false;
  std::string selector;            // the command's selectors as typed ("" for plain ids)
  std::string applied_at, result;  // empty until applied
};

// What `bfc run --amend` does to a state when the plan changed (StateDb::reconcile). An
// instance of the new plan keeps its recorded state when its fingerprint and lineage are the
// ones recorded (neither it nor anything upstream changed) or when it is frozen; otherwise it
// goes back to waiting. Instances only the old plan had leave the plan, their history kept.
struct AmendSummary {
  std::string old_sha256;
  std::size_t kept = 0;                  // instances whose recorded state is kept
  std::size_t kept_successes = 0;        // of them, succeeded or dry_run
  std::size_t frozen = 0;                // frozen instances, kept frozen (changed or not)
  std::size_t reset = 0;                 // changed or downstream of a change: back to waiting
  std::size_t reset_successes = 0;       // of them, succeeded before
  std::size_t changed = 0;               // of the reset: own fingerprint changed (else upstream)
  std::size_t added = 0;                 // new in the plan: waiting
  std::size_t removed = 0;               // no longer in the plan: history kept
  std::vector<std::string> reset_tasks;  // tasks with reset instances, sorted (for the message)
  // Per instance of the new plan: the old row to keep (its position), or -1.
  std::vector<std::int64_t> keep_from;
  // Per instance of the new plan: its old row (kept or reset), or -1 when it is added.
  std::vector<std::int64_t> old_position;
  // Per instance of the new plan: true when it goes back to waiting (false for added ones).
  std::vector<bool> reset_flags;
  // Per instance of the new plan: true when it is kept but its recorded fingerprint or
  // lineage is not the plan's (frozen ones that changed, rows without fingerprints).
  std::vector<bool> refingerprint;
  // The new plan has exactly the old instances, at the same positions with the same dates
  // (an edited command, a new --today): amend_to updates rows in place.
  bool aligned = false;
};

// The state database of one backfill. Writes through the StateStore interface are batched
// into one transaction per commit(), and are only executed then (or at the next begin()):
// the scheduler records attempts after spawning their processes, so the statements run
// outside the time between one process ending and the next starting.
class StateDb : public StateStore {
 public:
  // Opening and plan binding (state_db.cpp).

  // Opens `path`; `create` makes the file and tables when missing. read_only for reports.
  StateDb(const std::string& path, bool create, bool read_only = false);
  // Commits the open batch.
  ~StateDb() override;

  // True when a state database exists at `path`.
  static bool exists(const std::string& path);

  // Binds the database to `plan`: initialises it if empty; refuses a different plan
  // (StateError, saying what --amend would do) unless `fresh`, which discards the old
  // progress (the audit log is kept).
  // With `on_amend`, a state of another plan is amended (reconcile, then `on_amend` is told
  // what will change, then amend_to) instead of refused.
  void attach_plan(const Plan& plan, bool fresh,
                   const std::function<void(const AmendSummary&)>& on_amend = {});
  // Compares the recorded instances with `plan` without changing anything (state_db_amend.cpp).
  AmendSummary reconcile(const Plan& plan);
  // Applies `s` (from reconcile) in one transaction and binds the state to `plan`; the audit
  // log records both plan hashes and the counts.
  void amend_to(const Plan& plan, const AmendSummary& s);
  // Checks (without changing anything) that the state belongs to `plan`, and binds it.
  void check_plan(const Plan& plan);
  // The recorded plan hash, if any.
  std::optional<std::string> plan_hash();

  // Batched writes (state_db_writes.cpp).

  // StateStore: set_instance and the attempt_* records are deferred to the next flush;
  // audit() runs at once inside the batch's transaction.
  void set_instance(int index, const InstanceState& state) override;
  void attempt_started(const AttemptStart& a) override;
  void attempt_spawned(const AttemptSpawned& a) override;
  void attempt_finished(const AttemptEnd& a) override;
  void audit(const std::string& action, const std::string& detail) override;
  void commit() override;
  // Appends to the audit log in the name of `who` (an operator whose request is applied).
  void audit_as(const std::string& who, const std::string& action, const std::string& detail);
  // Writes the instance state of `id` (operator changes; part of the current batch).
  void set_instance_by_id(const std::string& id, const InstanceState& state);
  // Records the id of the run about to start (part of the current batch): every process it
  // starts carries BF_ATTEMPT_ID=<run id>/..., so recovery can find them even when the
  // runner died before it recorded their attempt.
  void record_run(const std::string& run_id);
  // Closes an attempt whose runner died ("abandoned").
  void close_attempt(const std::string& instance, int attempt, const std::string& outcome);
  // Starts the batch transaction now if none is open (operator changes use it too), and
  // executes the writes made through StateStore so far.
  void begin();
  // Total time spent in writes and commits, for --stats.
  double write_seconds() const { return write_seconds_; }

  // Reads (state_db_reads.cpp); each sees this connection's writes, deferred ones included.

  // StateStore: every instance's state, in plan order.
  std::vector<InstanceState> load() override;
  // The last recorded run: its id and the boot id it ran under.
  struct RunRecord {
    std::string id, boot_id;
  };
  // The run recorded by record_run, if any.
  std::optional<RunRecord> last_run();
  // Attempts without a recorded end (possibly still running after a crash).
  std::vector<AttemptRow> open_attempts();
  // All attempts of one instance, oldest first.
  std::vector<AttemptRow> attempts_of(const std::string& instance);
  // Succeeded attempts whose logs are not pruned yet (`bfc logs --prune`).
  std::vector<AttemptRow> succeeded_attempt_logs();
  // Marks the logs succeeded_attempt_logs() gives pruned (log_length -1), in one statement;
  // inside the same transaction as that read, the two name the same attempts.
  void mark_succeeded_logs_pruned();
  // Whether any attempt's log that is not pruned is in the file `path`.
  bool segment_in_use(const std::string& path);
  // The latest attempt of every instance that has one.
  std::vector<AttemptRow> last_attempts();
  // Every instance row, in plan order.
  std::vector<InstanceRow> instance_rows();
  // The id, task and bizdate of every instance, in plan order (as copied from the plan).
  std::vector<InstanceKey> instance_keys();
  // A value of the meta table (plan_path, backfill, ...), if recorded.
  std::optional<std::string> meta(const std::string& key);
  // The audit log, oldest first (the last `limit` entries if limit > 0).
  std::vector<AuditRow> audit_rows(int limit = 0);
  // Runs PRAGMA integrity_check; returns "ok" or the problems.
  std::string integrity_check();

  // The operator request queue (request_queue.cpp).

  // Queues an operator request; returns its sequence number.
  std::int64_t enqueue_request(const Request& r);
  // The request with that sequence number.
  std::optional<Request> request(std::int64_t seq);
  // Requests not applied yet, oldest first.
  std::vector<Request> pending_requests();
  // Marks a request applied with its result text (part of the current batch).
  void finish_request(std::int64_t seq, const std::string& result);
  // StateStore: commits, then applies the pending requests to the bound plan.
  bool apply_operator_requests(const std::vector<int>& running,
                               std::vector<std::string>& applied) override;

  // The path this database was opened from.
  const std::string& path() const { return path_; }
  // The underlying connection (tests, reports).
  Db& db() { return *db_; }

 private:
  // Creates the tables unless the file has the current schema version.
  void create_schema();
  // Adds requests.selector to a state made before it existed.
  void add_request_selector();
  // CREATE TABLE IF NOT EXISTS of the instances table.
  static const char* instances_table_sql();
  // Fills the instances and meta tables from `plan`.
  void insert_instances(const Plan& plan);
  // Records the plan's date groups in meta `groups` (for `bfc status` on the plan's outline).
  void record_groups(const Plan& plan);
  // A state written before fingerprints existed, attached to its own plan: records them.
  void fill_missing_fingerprints(const Plan& plan);
  // The unique index of instance ids, unless the table has one of its own (schema <= 2).
  void ensure_id_index();
  // The two ways amend_to changes the instances (state_db_amend.cpp), inside its transaction:
  // rows updated where they are when s.aligned, else a new table built from the old one.
  void amend_in_place(const Plan& plan, const AmendSummary& s, const std::string& now);
  void amend_rebuild(const Plan& plan, const AmendSummary& s, const std::string& now);
  // The refusal of a state that belongs to another plan (with what --amend would do).
  std::string different_plan_message(const Plan& plan, const std::string& hash,
                                     const AmendSummary* amend);
  // Opens the batch transaction if none is open.
  void open_tx();
  // Runs `body` in the batch transaction and commits; rolls back and rethrows on failure.
  void in_transaction(const std::function<void()>& body);
  // Executes the deferred StateStore writes, in order, inside the open transaction.
  void flush();

  std::string path_;
  std::unique_ptr<Db> db_;
  const Plan* plan_ = nullptr;  // bound by attach_plan / check_plan
  bool in_tx_ = false;
  double write_seconds_ = 0;
  std::string boot_id_;
  std::string who_, host_;  // the user and host audit entries name
  Stmt begin_, commit_, set_instance_, attempt_start_, attempt_spawned_, attempt_end_, audit_;
  std::vector<std::function<void()>> pending_;  // deferred StateStore writes
};

}  // namespace bfc::runtime
