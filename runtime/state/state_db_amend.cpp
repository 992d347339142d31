// `bfc run --amend`: carries a state's progress over to a new version of its plan. The
// comparison (reconcile) only reads; the change (amend_to) is one transaction, so a crash
// leaves the state as it was or as amended, never a mix. See docs/amend.md.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "common/fingerprint.h"
#include "runtime/state/state_db.h"
#include "runtime/sys/clock.h"

namespace bfc::runtime {

namespace {

// One recorded instance, as reconcile needs it.
struct OldRow {
  std::int64_t position = 0;
  std::string status;
  std::uint64_t fingerprint = 0, lineage = 0;
  bool has_fingerprint = false;
};

}  // namespace

AmendSummary StateDb::reconcile(const Plan& plan) {
  flush();
  AmendSummary s;
  s.old_sha256 = plan_hash().value_or("");
  auto q = db_->prepare(
      "SELECT position, id, status, fingerprint, lineage FROM instances ORDER BY position");
  std::unordered_map<std::string, OldRow> old;
  while (q.step()) {
    OldRow r;
    r.position = q.int64(0);
    r.status = q.text(2);
    r.has_fingerprint = parse_fingerprint_hex(q.text(3), r.fingerprint) &&
                        parse_fingerprint_hex(q.text(4), r.lineage);
    old.emplace(q.text(1), std::move(r));
  }
  std::size_t matched = 0;
  std::set<std::string_view> reset_tasks;
  s.keep_from.assign(plan.instances.size(), -1);
  s.reset_flags.assign(plan.instances.size(), false);
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const PlanInstance& in = plan.instances[i];
    auto it = old.find(in.id);
    if (it == old.end()) {
      ++s.added;
      continue;
    }
    ++matched;
    const OldRow& r = it->second;
    bool success = r.status == "succeeded" || r.status == "dry_run";
    // A state without fingerprints (written before they existed) cannot tell: reset.
    bool same = r.has_fingerprint && r.fingerprint == in.fingerprint && r.lineage == in.lineage;
    if (same || r.status == "frozen") {
      s.keep_from[i] = r.position;
      ++s.kept;
      s.kept_successes += success;
      s.frozen += r.status == "frozen";
      continue;
    }
    s.reset_flags[i] = true;
    ++s.reset;
    s.reset_successes += success;
    s.changed += !r.has_fingerprint || r.fingerprint != in.fingerprint;
    reset_tasks.insert(in.task);
  }
  s.removed = old.size() - matched;
  s.reset_tasks.assign(reset_tasks.begin(), reset_tasks.end());
  return s;
}

void StateDb::amend_to(const Plan& plan, const AmendSummary& s) {
  commit();
  std::string now = now_iso_utc();
  begin();
  try {
    // The rows to keep, and the removed ones, are read inside the transaction that replaces
    // them; the kept rows are re-inserted at their new positions.
    db_->exec(
        "CREATE TEMP TABLE IF NOT EXISTS old_instances AS SELECT * FROM instances WHERE 0; "
        "CREATE INDEX IF NOT EXISTS temp.old_position ON old_instances(position); "
        "CREATE INDEX IF NOT EXISTS temp.old_id ON old_instances(id); "
        "DELETE FROM old_instances; INSERT INTO old_instances SELECT * FROM instances; "
        "DELETE FROM instances;");
    auto keep = db_->prepare(
        "INSERT INTO instances(position, id, task, bizdate, status, attempts, failures, "
        "retry_at_ms, fail_kind, reason, updated_at, fingerprint, lineage) SELECT ?1, id, task, "
        "bizdate, status, attempts, failures, retry_at_ms, fail_kind, reason, updated_at, ?2, ?3 "
        "FROM old_instances WHERE position=?4");
    auto reset = db_->prepare(
        "INSERT INTO instances(position, id, task, bizdate, status, attempts, updated_at, "
        "reason, fingerprint, lineage) SELECT ?1, ?2, ?3, ?4, 'waiting', COALESCE((SELECT attempts "
        "FROM old_instances WHERE id=?2), (SELECT attempts FROM removed_instances WHERE id=?2), "
        "0), ?5, ?6, ?7, ?8");
    for (std::size_t i = 0; i < plan.instances.size(); ++i) {
      const PlanInstance& in = plan.instances[i];
      std::string fp = fingerprint_hex(in.fingerprint), lin = fingerprint_hex(in.lineage);
      if (s.keep_from[i] >= 0) {
        keep.bind(1, std::int64_t(i)).bind(2, fp).bind(3, lin).bind(4, s.keep_from[i]).run();
        continue;
      }
      // Attempts keep counting where they were, also for an instance an earlier amend removed
      // and this one brings back: attempt numbers name rows in `attempts`.
      reset.bind(1, std::int64_t(i))
          .bind(2, in.id)
          .bind(3, in.task)
          .bind(4, in.bizdate)
          .bind(5, now)
          .bind_text_or_null(6,
                             s.reset_flags[i] ? "amended: it or an upstream instance changed" : "")
          .bind(7, fp)
          .bind(8, lin)
          .run();
    }
    auto removed = db_->prepare(
        "INSERT OR REPLACE INTO removed_instances(id, task, bizdate, status, attempts, "
        "fingerprint, removed_at, plan_sha256) SELECT id, task, bizdate, status, attempts, "
        "fingerprint, ?1, ?2 FROM old_instances WHERE id NOT IN (SELECT id FROM instances)");
    removed.bind(1, now).bind(2, s.old_sha256).run();
    // An instance that comes back leaves the removed list.
    db_->exec("DELETE FROM removed_instances WHERE id IN (SELECT id FROM instances)");
    db_->exec("DELETE FROM old_instances");
    auto meta = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
    meta.bind(1, "plan_sha256").bind(2, plan.sha256).run();
    meta.bind(1, "plan_path").bind(2, plan.path).run();
    meta.bind(1, "backfill").bind(2, plan.backfill).run();
    audit("amend", nlohmann::json{{"old_plan_sha256", s.old_sha256},
                                  {"new_plan_sha256", plan.sha256},
                                  {"plan", plan.path},
                                  {"kept", s.kept},
                                  {"kept_successes", s.kept_successes},
                                  {"frozen", s.frozen},
                                  {"reset", s.reset},
                                  {"reset_successes", s.reset_successes},
                                  {"changed", s.changed},
                                  {"added", s.added},
                                  {"removed", s.removed}}
                       .dump());
    commit();
  } catch (...) {
    db_->exec("ROLLBACK");
    in_tx_ = false;
    throw;
  }
}

}  // namespace bfc::runtime
