// What the scheduler records, and the interface to where it is recorded. The real store is
// StateDb (SQLite); tests use an in-memory fake.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bfc::runtime {

// Status of one instance.
enum class Status { Waiting, Running, Succeeded, Failed, DryRun, Frozen };

// Counts of instances per status (indexed by Status).
using StatusCounts = std::array<int, 6>;

// "waiting", "running", ... as stored and printed.
const char* status_name(Status s);
// Inverse of status_name.
std::optional<Status> parse_status(std::string_view text);
// succeeded and dry_run both satisfy dependents and day barriers.
inline bool is_success(Status s) {
  return s == Status::Succeeded || s == Status::DryRun;
}

// Why an instance is failed: its own attempts, a failure elsewhere (its day failed or a
// dependency failed), or the runner was stopped while it ran. Only `attempt` failures stay
// failed across runs; the others are re-derived or retried when the runner starts again.
enum class FailKind { None, Attempt, Propagated, Interrupted };

// "attempt", "propagated", ... ("" for none).
const char* fail_kind_name(FailKind k);
// Inverse of fail_kind_name.
FailKind parse_fail_kind(std::string_view text);

// The recorded state of one instance.
struct InstanceState {
  Status status = Status::Waiting;
  int attempts = 0;                // attempts ever started; the next one is attempts + 1
  int failures = 0;                // failed attempts counted against `retries`
  std::int64_t retry_at_ms = 0;    // no new attempt before this wall time (0: no delay)
  FailKind kind = FailKind::None;  // when failed
  std::string reason;              // human explanation for failed (and delayed) instances
};

// An attempt that started. The scheduler records it right after spawning its process, with
// the next commit batch (at most SchedulerOptions::commit_interval_s later); a runner that
// dies before that leaves a process no attempt row names, which recovery finds by the run id
// in its BF_ATTEMPT_ID.
struct AttemptStart {
  int instance = 0;             // position in the plan
  int attempt = 0;              // 1-based
  std::string token;            // unique; the child and its descendants see it as BF_ATTEMPT_ID
  std::int64_t started_ms = 0;  // wall time of the start request
  std::string log_path;         // the log segment (docs/runtime.md "Logs")
  std::int64_t log_offset = 0;  // where the attempt's output starts in it
};

// The process an attempt runs in.
struct AttemptSpawned {
  int instance = 0;
  int attempt = 0;
  int pid = 0;
  int pgid = 0;
  std::string start_token;  // identifies the process after pid reuse (with the boot id)
};

// A finished attempt. outcome: succeeded, failed, timeout, killed, interrupted, spawn_error.
struct AttemptEnd {
  int instance = 0;
  int attempt = 0;
  std::int64_t ended_ms = 0;
  int exit_code = -1;  // -1 when killed by a signal or never started
  int signal = 0;
  std::string outcome;
  std::int64_t log_length = -1;  // bytes of output in its segment; -1: unknown
};

// Where the scheduler keeps its state. Writes are buffered until commit().
class StateStore {
 public:
  virtual ~StateStore() = default;
  // The state of every instance, in plan order.
  virtual std::vector<InstanceState> load() = 0;
  // Records the new state of instance `index`.
  virtual void set_instance(int index, const InstanceState& state) = 0;
  // Records that an attempt started (the scheduler records a round of attempts right after
  // spawning them; recovery finds processes not yet recorded by the run id in their tokens).
  virtual void attempt_started(const AttemptStart& a) = 0;
  // Records the process of a started attempt.
  virtual void attempt_spawned(const AttemptSpawned& a) = 0;
  // Records how an attempt ended.
  virtual void attempt_finished(const AttemptEnd& a) = 0;
  // Appends to the audit log.
  virtual void audit(const std::string& action, const std::string& detail) = 0;
  // Makes everything recorded so far durable, in one transaction.
  virtual void commit() = 0;
  // Applies operator requests (rerun, freeze, ...) queued by other processes. `running`
  // lists instances with a live attempt; `applied` gets a line per request applied, saying
  // what it did (for the runner to print). Returns true if instance states changed, in which
  // case the caller reloads them. Called after commit(), outside any open batch.
  virtual bool apply_operator_requests(const std::vector<int>& running,
                                       std::vector<std::string>& applied) = 0;
};

}  // namespace bfc::runtime
