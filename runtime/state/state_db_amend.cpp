// `bfc run --amend`: carries a state's progress over to a new version of its plan. The
// comparison (reconcile) only reads; the change (amend_to) is one transaction, so a crash
// leaves the state as it was or as amended, never a mix. See docs/amend.md.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "common/fingerprint.h"
#include "runtime/state/state_db.h"
#include "runtime/sys/clock.h"

namespace bfc::runtime {

namespace {

// The reason recorded on an instance that goes back to waiting.
const char* const kAmendedReason = "amended: it or an upstream instance changed";

// One recorded instance, as reconcile needs it. Its id is kept only when it is not the id of
// the new plan's instance at the same position (then `at_own` is true and no copy is made:
// two versions of a plan mostly keep their instances in place).
struct OldRow {
  std::int64_t position = 0;
  std::string id;             // when !at_own
  bool at_own = false;        // the new plan has this id at this row's position
  bool same_bizdate = false;  // ... with the same bizdate
  bool success = false;       // succeeded or dry_run
  bool frozen = false;
  bool has_fingerprint = false;
  std::uint64_t fingerprint = 0, lineage = 0;
};

}  // namespace

AmendSummary StateDb::reconcile(const Plan& plan) {
  flush();
  AmendSummary s;
  s.old_sha256 = plan_hash().value_or("");
  auto q = db_->prepare(
      "SELECT position, id, status, fingerprint, lineage, bizdate FROM instances ORDER BY "
      "position");
  std::vector<OldRow> old;  // in plan order
  old.reserve(plan.instances.size());
  while (q.step()) {
    OldRow& r = old.emplace_back();
    r.position = q.int64(0);
    std::size_t k = old.size() - 1;
    std::string_view id = q.text_view(1);
    r.at_own = k < plan.instances.size() && plan.instances[k].id == id;
    if (r.at_own)
      r.same_bizdate = q.text_view(5) == plan.instances[k].bizdate;
    else
      r.id = std::string(q.text_view(1));
    std::string_view status = q.text_view(2);
    r.success = status == "succeeded" || status == "dry_run";
    r.frozen = status == "frozen";
    r.has_fingerprint = parse_fingerprint_hex(q.text_view(3), r.fingerprint) &&
                        parse_fingerprint_hex(q.text_view(4), r.lineage);
  }
  // An id is looked for at its own position first, and in an index (built when first needed)
  // otherwise.
  std::unordered_map<std::string_view, std::size_t> index;
  auto old_id = [&](std::size_t k) -> std::string_view {
    return old[k].at_own ? std::string_view(plan.instances[k].id) : std::string_view(old[k].id);
  };
  auto find_old = [&](std::size_t i) -> const OldRow* {
    if (i < old.size() && old[i].at_own) return &old[i];
    if (index.empty())
      for (std::size_t k = 0; k < old.size(); ++k) index.emplace(old_id(k), k);
    auto it = index.find(plan.instances[i].id);
    return it == index.end() ? nullptr : &old[it->second];
  };
  std::size_t matched = 0;
  std::set<std::string_view> reset_tasks;
  std::string_view last_reset_task;
  s.keep_from.assign(plan.instances.size(), -1);
  s.old_position.assign(plan.instances.size(), -1);
  s.reset_flags.assign(plan.instances.size(), false);
  s.refingerprint.assign(plan.instances.size(), false);
  s.aligned = old.size() == plan.instances.size();
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const PlanInstance& in = plan.instances[i];
    const OldRow* found = find_old(i);
    if (!found) {
      ++s.added;
      s.aligned = false;
      continue;
    }
    ++matched;
    const OldRow& r = *found;
    s.old_position[i] = r.position;
    s.aligned = s.aligned && &r == &old[i] && r.position == std::int64_t(i) && r.same_bizdate;
    // A state without fingerprints (written before they existed) cannot tell: reset.
    bool same = r.has_fingerprint && r.fingerprint == in.fingerprint && r.lineage == in.lineage;
    if (same || r.frozen) {
      s.keep_from[i] = r.position;
      s.refingerprint[i] = !same;
      ++s.kept;
      s.kept_successes += r.success;
      s.frozen += r.frozen;
      continue;
    }
    s.reset_flags[i] = true;
    ++s.reset;
    s.reset_successes += r.success;
    s.changed += !r.has_fingerprint || r.fingerprint != in.fingerprint;
    if (in.task != last_reset_task) reset_tasks.insert(last_reset_task = in.task);
  }
  s.removed = old.size() - matched;
  s.reset_tasks.assign(reset_tasks.begin(), reset_tasks.end());
  return s;
}

namespace {

// What the SQL functions of amend_in_place read: the new plan and what happens to each row.
struct InPlace {
  const Plan* plan;
  const AmendSummary* s;
};

// The row at `position`, when the plan has one there.
const PlanInstance* at(sqlite3_context* c, sqlite3_value* position, const InPlace*& x) {
  x = static_cast<const InPlace*>(sqlite3_user_data(c));
  std::int64_t i = sqlite3_value_int64(position);
  return i >= 0 && std::size_t(i) < x->plan->instances.size() ? &x->plan->instances[i] : nullptr;
}

// bfc_amend_kind(position): 1 back to waiting, 2 kept with the plan's fingerprints written,
// 0 unchanged.
void amend_kind(sqlite3_context* c, int, sqlite3_value** v) {
  const InPlace* x;
  const PlanInstance* in = at(c, v[0], x);
  std::size_t i = in ? std::size_t(in - x->plan->instances.data()) : 0;
  sqlite3_result_int(c, !in ? 0 : x->s->reset_flags[i] ? 1 : x->s->refingerprint[i] ? 2 : 0);
}

// bfc_fingerprint(position, lineage): the plan's fingerprint (lineage 0) or lineage (1), hex.
void fingerprint_of(sqlite3_context* c, int, sqlite3_value** v) {
  const InPlace* x;
  const PlanInstance* in = at(c, v[0], x);
  if (!in) return sqlite3_result_null(c);
  std::string hex = fingerprint_hex(sqlite3_value_int(v[1]) ? in->lineage : in->fingerprint);
  sqlite3_result_text(c, hex.data(), int(hex.size()), SQLITE_TRANSIENT);
}

}  // namespace

void StateDb::amend_in_place(const Plan& plan, const AmendSummary& s, const std::string& now) {
  // Same ids at the same positions: only the rows that go back to waiting, and kept rows
  // whose fingerprints are not the plan's, change (the id index is not touched). One UPDATE
  // scans the table and asks the plan through SQL functions, instead of a statement per row
  // (1.7x faster for the 600k rows of bench/diff).
  InPlace ctx{&plan, &s};
  sqlite3* h = db_->handle();
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  auto unregister = [h] {
    sqlite3_create_function(h, "bfc_amend_kind", 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                            nullptr);
    sqlite3_create_function(h, "bfc_fingerprint", 2, SQLITE_UTF8, nullptr, nullptr, nullptr,
                            nullptr);
  };
  if (sqlite3_create_function(h, "bfc_amend_kind", 1, flags, &ctx, amend_kind, nullptr, nullptr) !=
          SQLITE_OK ||
      sqlite3_create_function(h, "bfc_fingerprint", 2, flags, &ctx, fingerprint_of, nullptr,
                              nullptr) != SQLITE_OK) {
    unregister();
    throw StateError(
        fmt::format("{}: cannot register the amend functions: {}", path_, sqlite3_errmsg(h)));
  }
  try {
    auto reset = db_->prepare(
        "UPDATE instances SET status='waiting', failures=0, retry_at_ms=0, fail_kind=NULL, "
        "reason=?1, updated_at=?2, fingerprint=bfc_fingerprint(position, 0), "
        "lineage=bfc_fingerprint(position, 1) WHERE bfc_amend_kind(position) = 1");
    reset.bind(1, kAmendedReason).bind(2, now).run();
    if (std::find(s.refingerprint.begin(), s.refingerprint.end(), true) != s.refingerprint.end())
      db_->exec(
          "UPDATE instances SET fingerprint=bfc_fingerprint(position, 0), "
          "lineage=bfc_fingerprint(position, 1) WHERE bfc_amend_kind(position) = 2");
  } catch (...) {
    unregister();
    throw;
  }
  unregister();
}

void StateDb::amend_rebuild(const Plan& plan, const AmendSummary& s, const std::string& now) {
  // Set-based, for states of hundreds of thousands of instances: one row per new instance
  // in a temporary map (new position -> old position, what to do), then the new table is
  // filled by one INSERT ... SELECT over the map and the old table, which is renamed away
  // and dropped. All inside the batch transaction: a crash leaves the old state or the new.
  db_->exec(
      "CREATE TEMP TABLE IF NOT EXISTS amend_map(position INTEGER PRIMARY KEY, old_position "
      "INTEGER, keep INTEGER NOT NULL, id TEXT NOT NULL, task TEXT NOT NULL, bizdate TEXT NOT "
      "NULL, fingerprint TEXT NOT NULL, lineage TEXT NOT NULL); DELETE FROM amend_map;");
  auto map = db_->prepare(
      "INSERT INTO amend_map(position, old_position, keep, id, task, bizdate, fingerprint, "
      "lineage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    const PlanInstance& in = plan.instances[i];
    map.bind(1, std::int64_t(i));
    if (s.old_position[i] >= 0)
      map.bind(2, s.old_position[i]);
    else
      map.bind_null(2);
    map.bind(3, std::int64_t(s.keep_from[i] >= 0))
        .bind(4, in.id)
        .bind(5, in.task)
        .bind(6, in.bizdate)
        .bind(7, fingerprint_hex(in.fingerprint))
        .bind(8, fingerprint_hex(in.lineage))
        .run();
  }
  db_->exec("ALTER TABLE instances RENAME TO amend_old_instances;");
  db_->exec(instances_table_sql());
  // Kept rows keep everything but their position and hashes. Reset and added rows wait;
  // attempts keep counting where they were, also for an instance an earlier amend removed
  // and this one brings back: attempt numbers name rows in `attempts`.
  auto fill = db_->prepare(
      "INSERT INTO instances(position, id, task, bizdate, status, attempts, failures, "
      "retry_at_ms, fail_kind, reason, updated_at, fingerprint, lineage) "
      "SELECT m.position, m.id, m.task, m.bizdate, "
      "CASE WHEN m.keep THEN o.status ELSE 'waiting' END, "
      "COALESCE(o.attempts, r.attempts, 0), "
      "CASE WHEN m.keep THEN o.failures ELSE 0 END, "
      "CASE WHEN m.keep THEN o.retry_at_ms ELSE 0 END, "
      "CASE WHEN m.keep THEN o.fail_kind ELSE NULL END, "
      "CASE WHEN m.keep THEN o.reason WHEN o.position IS NOT NULL THEN ?1 ELSE NULL END, "
      "CASE WHEN m.keep THEN o.updated_at ELSE ?2 END, m.fingerprint, m.lineage "
      "FROM amend_map m LEFT JOIN amend_old_instances o ON o.position = m.old_position "
      "LEFT JOIN removed_instances r ON r.id = m.id ORDER BY m.position");
  fill.bind(1, kAmendedReason).bind(2, now).run();
  // The ids' index of the new table, built after its rows (the old table's goes with it;
  // the queries below look ids up in the new table).
  db_->exec("DROP INDEX IF EXISTS instances_id");
  ensure_id_index();
  auto removed = db_->prepare(
      "INSERT OR REPLACE INTO removed_instances(id, task, bizdate, status, attempts, "
      "fingerprint, removed_at, plan_sha256) SELECT o.id, o.task, o.bizdate, o.status, "
      "o.attempts, o.fingerprint, ?1, ?2 FROM amend_old_instances o WHERE NOT EXISTS "
      "(SELECT 1 FROM instances n WHERE n.id = o.id)");
  if (s.removed > 0) removed.bind(1, now).bind(2, s.old_sha256).run();
  // An instance that comes back leaves the removed list (a probe per removed row: the
  // list is short, the plan may be long).
  db_->exec(
      "DELETE FROM removed_instances WHERE EXISTS (SELECT 1 FROM instances n WHERE n.id = "
      "removed_instances.id); DROP TABLE amend_old_instances; DELETE FROM amend_map;");
}

void StateDb::amend_to(const Plan& plan, const AmendSummary& s) {
  commit();
  std::string now = now_iso_utc();

  in_transaction([&] {
    if (s.aligned)
      amend_in_place(plan, s, now);
    else
      amend_rebuild(plan, s, now);
    auto meta = db_->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
    meta.bind(1, "plan_sha256").bind(2, plan.sha256).run();
    meta.bind(1, "plan_path").bind(2, plan.path).run();
    meta.bind(1, "backfill").bind(2, plan.backfill).run();
    record_groups(plan);
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
  });
}

}  // namespace bfc::runtime
