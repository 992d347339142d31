// The property test of issue 13: random plans and random edits. `bfc diff`'s classification
// must match an oracle that compares the instances' fields and walks their dependencies
// (not their fingerprints), and after `--amend` no unchanged success is lost and no success
// is kept whose own or upstream command changed. Also: the runtime's fingerprints of a
// bfc-plan/1 plan equal the compiler's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "diff/plan_diff.h"
#include "driver/driver.h"
#include "runtime/plan/load.h"
#include "runtime/state/sqlite_db.h"
#include "runtime/state/state_db.h"

namespace bfc {
namespace {

namespace fs = std::filesystem;

// Every column of a state's instances and removed_instances tables but the times, in order.
std::string table_dump(const fs::path& path) {
  runtime::Db db(path.string(), false, true);
  std::string out;
  const std::pair<const char*, int> queries[] = {
      {"SELECT position, id, task, bizdate, status, attempts, failures, retry_at_ms, fail_kind, "
       "reason, fingerprint, lineage FROM instances ORDER BY position",
       12},
      {"SELECT id, task, bizdate, status, attempts, fingerprint, plan_sha256 FROM "
       "removed_instances ORDER BY id",
       7}};
  for (const auto& [sql, columns] : queries) {
    auto q = db.prepare(sql);
    while (q.step()) {
      for (int c = 0; c < columns; ++c) out += (q.is_null(c) ? "NULL" : q.text(c)) + "|";
      out += "\n";
    }
  }
  return out;
}
using runtime::Plan;
using runtime::PlanInstance;

// A task of a generated plan.
struct GenTask {
  std::string name, cycle;
  std::vector<std::string> after;
  int version = 0;  // part of its command: an edit bumps it
  int priority = 5;
  std::string image;  // none when empty
};

// A generated plan: tasks (in declaration order), dates, settings.
struct GenPlan {
  std::vector<GenTask> tasks;
  int first_day = 1, last_day = 10;  // of January 2024
  int parallel = 1;
  bool descending = false;
  std::vector<std::string> comments;  // extra comment lines (an edit that changes nothing)
  bool compact = false;               // formatting (an edit that changes nothing)
  std::string image;                  // the backfill's, for the tasks without one; none if empty
};

std::string day(int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2024-%02d-%02d", d <= 31 ? 1 : 2, d <= 31 ? d : d - 31);
  return buf;
}

std::string render(const GenPlan& p) {
  std::string o;
  for (const auto& c : p.comments) o += "# " + c + "\n";
  for (const auto& t : p.tasks) {
    std::string after;
    for (const auto& a : t.after) after += (after.empty() ? "" : ", ") + a;
    std::string sep = p.compact ? " " : "\n  ";
    o += "task " + t.name + " {" + sep + "cycle = " + t.cycle + ";" + sep;
    if (!after.empty()) o += "after = [" + after + "];" + sep;
    o += "priority = " + std::to_string(t.priority) + ";" + sep;
    if (!t.image.empty()) o += "image = \"" + t.image + "\";" + sep;
    o += "command = \"run_" + t.name + " ${bizdate} v" + std::to_string(t.version) + "\";" +
         (p.compact ? " }\n" : "\n}\n");
  }
  std::string sel;
  for (const auto& t : p.tasks) sel += (sel.empty() ? "" : ", ") + t.name;
  o += "backfill b { select = [" + sel + "]; dates = " + day(p.first_day) + ".." + day(p.last_day) +
       "; parallel = " + std::to_string(p.parallel) +
       "; order = " + (p.descending ? "descending" : "ascending") + ";" +
       (p.image.empty() ? "" : " image = \"" + p.image + "\";") + " }\n";
  return o;
}

GenPlan random_plan(std::mt19937& rng) {
  GenPlan p;
  int n = 3 + int(rng() % 6);
  const char* cycles[] = {"daily", "daily", "daily", "weekly(mon)", "monthly(1)"};
  for (int i = 0; i < n; ++i) {
    GenTask t{"t" + std::to_string(i), cycles[rng() % 5], {}, 0, 5};
    for (int j = 0; j < i; ++j)
      if (rng() % 3 == 0) t.after.push_back("t" + std::to_string(j));
    p.tasks.push_back(t);
  }
  p.first_day = 1 + int(rng() % 10);
  p.last_day = p.first_day + 3 + int(rng() % 20);
  p.parallel = 1 + int(rng() % 2);
  p.descending = rng() % 4 == 0;
  return p;
}

// Random edits; `today_shift` is set when the new side is compiled on another day.
GenPlan random_edit(GenPlan p, std::mt19937& rng, int& today_shift) {
  int edits = 1 + int(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 9) {
      case 0:
      case 1:  // fix some tasks' commands
        for (auto& t : p.tasks)
          if (rng() % 3 == 0) ++t.version;
        break;
      case 2:  // dates added or removed at either end
        p.first_day = std::max(1, p.first_day + int(rng() % 5) - 2);
        p.last_day = std::max(p.first_day + 1, p.last_day + int(rng() % 7) - 3);
        break;
      case 3: {  // a task added
        GenTask t{"n" + std::to_string(rng() % 1000), "daily", {}, 0, 5};
        for (const auto& u : p.tasks)
          if (rng() % 3 == 0) t.after.push_back(u.name);
        bool exists = false;
        for (const auto& u : p.tasks) exists |= u.name == t.name;
        if (!exists) p.tasks.push_back(t);
        break;
      }
      case 4: {  // a task removed (and from every `after`)
        if (p.tasks.size() <= 2) break;
        std::string gone = p.tasks[rng() % p.tasks.size()].name;
        p.tasks.erase(std::remove_if(p.tasks.begin(), p.tasks.end(),
                                     [&](const GenTask& t) { return t.name == gone; }),
                      p.tasks.end());
        for (auto& t : p.tasks)
          t.after.erase(std::remove(t.after.begin(), t.after.end(), gone), t.after.end());
        break;
      }
      case 5:  // comments and formatting
        p.comments.push_back("edited " + std::to_string(rng() % 100));
        p.compact = !p.compact;
        break;
      case 6:  // priorities and parallelism: order only
        for (auto& t : p.tasks) t.priority = rng() % 2 ? 3 : 8;
        p.parallel = 1 + int(rng() % 3);
        break;
      case 7:  // compiled on another day
        today_shift = 1 + int(rng() % 30);
        break;
      case 8: {  // images set, changed or removed, on some tasks or the backfill
        const char* images[] = {"", "etl:1.0", "etl:2.0"};
        for (auto& t : p.tasks)
          if (rng() % 3 == 0) t.image = images[rng() % 3];
        if (rng() % 2) p.image = images[rng() % 3];
        break;
      }
    }
  }
  return p;
}

// Compiles `text`; nullopt when the compiler reports errors (the generator can make a loop,
// for example a descending order with a rollup reading later days).
std::optional<Plan> compile(const std::string& text, const std::string& today, const fs::path& dir,
                            const std::string& name, std::string* json_out = nullptr) {
  fs::path file = dir / (name + ".bf");
  std::ofstream(file) << text;
  DriverOptions o;
  o.files = {file.string()};
  o.today = today;
  std::string json;
  // A rejected random plan is expected now and then: keep its diagnostics out of the log.
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  std::FILE* null = std::fopen("/dev/null", "w");
  dup2(fileno(null), STDERR_FILENO);
  int rc = compile_to_string(o, json);
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::fclose(null);
  if (rc != 0) return std::nullopt;
  if (json_out) *json_out = json;
  runtime::PlanError err;
  auto plan = runtime::parse_plan(json, name, err);
  EXPECT_TRUE(plan.has_value()) << (err.messages.empty() ? "" : err.messages[0]);
  return plan;
}

bool same_fields(const PlanInstance& a, const PlanInstance& b) {
  return a.command.is_list == b.command.is_list && a.command.text == b.command.text &&
         a.command.argv == b.command.argv && a.dry_run == b.dry_run && a.workspace == b.workspace &&
         a.interval_start == b.interval_start && a.interval_end == b.interval_end &&
         a.bizdate == b.bizdate && a.cyctime == b.cyctime && a.image == b.image;
}

// The oracle's classification of the new plan's instances: "added", "changed", "affected"
// or "unchanged", from fields and dependency ids alone.
std::map<std::string, std::string> oracle(const Plan& a, const Plan& b) {
  std::map<std::string, std::string> cls;
  std::function<const std::string&(int)> classify = [&](int j) -> const std::string& {
    const PlanInstance& nb = b.instances[j];
    auto it = cls.find(nb.id);
    if (it != cls.end()) return it->second;
    int i = a.find(nb.id);
    std::string c;
    if (i < 0) {
      c = "added";
    } else if (!same_fields(a.instances[i], nb)) {
      c = "changed";
    } else {
      const PlanInstance& na = a.instances[i];
      std::set<std::string> da(na.deps.begin(), na.deps.end()), db(nb.deps.begin(), nb.deps.end());
      std::set<std::string> ea(na.external_deps.begin(), na.external_deps.end()),
          eb(nb.external_deps.begin(), nb.external_deps.end());
      c = da != db || ea != eb ? "affected" : "unchanged";
      for (int d : nb.dep_index)
        if (c == "unchanged" && classify(d) != "unchanged") c = "affected";
    }
    return cls[nb.id] = c;
  };
  for (std::size_t j = 0; j < b.instances.size(); ++j) classify(int(j));
  return cls;
}

class DiffProperty : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bfc-diff-prop-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DiffProperty, ClassificationMatchesTheOracleAndAmendKeepsExactlyTheUnchangedSuccesses) {
  std::mt19937 rng(20261202);
  int checked = 0, with_changes = 0, amended_successes_kept = 0, amended_resets = 0, aligned = 0;
  for (int round = 0; round < 200; ++round) {
    GenPlan p1 = random_plan(rng);
    int shift = 0;
    GenPlan p2 = random_edit(p1, rng, shift);
    auto a = compile(render(p1), "2024-06-01", dir_, "old");
    std::string today2 = shift ? "2024-07-" + std::to_string(10 + shift % 20) : "2024-06-01";
    auto b = compile(render(p2), today2, dir_, "new");
    if (!a || !b) continue;
    ++checked;
    SCOPED_TRACE("round " + std::to_string(round) + "\nold:\n" + render(p1) + "new:\n" +
                 render(p2));
    diff::Side sa = diff::side_of(*a), sb = diff::side_of(*b);
    diff::PlanDiff d = diff::diff_plans(sa, sb);
    diff::set_changed_fields(d);
    auto expect = oracle(*a, *b);
    std::map<std::string, std::string> got;
    for (std::size_t j = 0; j < b->instances.size(); ++j) got[b->instances[j].id] = "unchanged";
    for (int j : d.added) got[b->instances[j].id] = "added";
    for (const auto& c : d.changed) got[b->instances[c.new_index].id] = "changed";
    for (int j : d.affected) got[b->instances[j].id] = "affected";
    ASSERT_EQ(got, expect);
    std::size_t removed = 0;
    for (const auto& in : a->instances) removed += b->find(in.id) < 0;
    ASSERT_EQ(d.removed.size(), removed);
    with_changes += d.total.any();
    // Edits that change nothing a fingerprint covers: no instance differs.
    if (p1.tasks.size() == p2.tasks.size() && p1.first_day == p2.first_day &&
        p1.last_day == p2.last_day) {
      bool commands_same = true;
      // The image an instance of task k runs in: its own, else the backfill's.
      auto image = [](const GenPlan& p, std::size_t k) {
        return p.tasks[k].image.empty() ? p.image : p.tasks[k].image;
      };
      for (std::size_t k = 0; k < p1.tasks.size(); ++k)
        commands_same &= p1.tasks[k].version == p2.tasks[k].version &&
                         p1.tasks[k].name == p2.tasks[k].name &&
                         p1.tasks[k].after == p2.tasks[k].after && image(p1, k) == image(p2, k);
      if (commands_same) ASSERT_FALSE(d.total.any());
    }

    // --amend: random successes and frozen instances in a state of the old plan. A second,
    // identical state is amended through the general path (a new table) even when the plans
    // are aligned (rows updated in place): both must give the same rows.
    fs::path state = dir_ / ("s" + std::to_string(round) + ".db");
    fs::path rebuilt = dir_ / ("r" + std::to_string(round) + ".db");
    std::map<std::string, runtime::Status> before;
    for (const auto& in : a->instances) {
      int r = int(rng() % 10);
      before[in.id] = r < 6   ? runtime::Status::Succeeded
                      : r < 7 ? runtime::Status::Frozen
                      : r < 8 ? runtime::Status::Failed
                              : runtime::Status::Waiting;
    }
    for (const fs::path& path : {state, rebuilt}) {
      runtime::StateDb db(path.string(), true);
      db.attach_plan(*a, false);
      db.begin();
      for (const auto& in : a->instances) {
        runtime::InstanceState st;
        st.status = before[in.id];
        if (st.status == runtime::Status::Failed) {
          st.kind = runtime::FailKind::Attempt;
          st.attempts = st.failures = 1;
          st.reason = "exit 1";
        }
        db.set_instance_by_id(in.id, st);
      }
      db.commit();
      if (path == state) {
        db.attach_plan(*b, false, [&](const runtime::AmendSummary& s) { aligned += s.aligned; });
      } else {
        runtime::AmendSummary s = db.reconcile(*b);
        s.aligned = false;
        db.amend_to(*b, s);
      }
    }
    ASSERT_EQ(table_dump(state), table_dump(rebuilt));
    runtime::StateDb db(state.string(), false);
    ASSERT_EQ(db.plan_hash().value_or(""), b->sha256);
    auto rows = db.instance_rows();
    ASSERT_EQ(rows.size(), b->instances.size());
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const std::string& id = b->instances[j].id;
      ASSERT_EQ(rows[j].id, id);
      const std::string& c = expect[id];
      runtime::Status now = rows[j].state.status;
      if (c == "added") {
        EXPECT_EQ(now, runtime::Status::Waiting) << id;
      } else if (before[id] == runtime::Status::Frozen) {
        EXPECT_EQ(now, runtime::Status::Frozen) << id;
      } else if (c == "unchanged") {
        EXPECT_EQ(now, before[id]) << id;  // no unchanged success (or failure) lost
        amended_successes_kept += now == runtime::Status::Succeeded;
      } else {
        EXPECT_EQ(now, runtime::Status::Waiting) << id << " is " << c;  // no stale success kept
        amended_resets += before[id] == runtime::Status::Succeeded;
      }
    }
  }
  std::printf(
      "[ property ] %d plan pairs (%d with differences); amend kept %d successes, reset %d; %d "
      "amended in place\n",
      checked, with_changes, amended_successes_kept, amended_resets, aligned);
  EXPECT_GT(checked, 100);
  EXPECT_GT(with_changes, 50);
  EXPECT_GT(amended_successes_kept, 100);
  EXPECT_GT(amended_resets, 100);
  EXPECT_GT(aligned, 20);
  EXPECT_LT(aligned, checked - 20);
}

TEST_F(DiffProperty, RuntimeFingerprintsOfAFormat1PlanEqualTheCompilers) {
  std::mt19937 rng(7);
  int compared = 0;
  for (int round = 0; round < 30; ++round) {
    std::string json;
    auto v2 = compile(render(random_plan(rng)), "2024-06-01", dir_, "p", &json);
    if (!v2) continue;
    auto doc = nlohmann::json::parse(json);
    doc["format"] = "bfc-plan/1";
    for (auto& in : doc["instances"]) {
      in.erase("fingerprint");
      in.erase("lineage");
    }
    runtime::PlanError err;
    auto v1 = runtime::parse_plan(doc.dump(), "p1.json", err);
    ASSERT_TRUE(v1.has_value()) << (err.messages.empty() ? "" : err.messages[0]);
    ASSERT_EQ(v1->format, 1);
    ASSERT_EQ(v1->instances.size(), v2->instances.size());
    for (std::size_t i = 0; i < v1->instances.size(); ++i) {
      EXPECT_EQ(v1->instances[i].fingerprint, v2->instances[i].fingerprint) << v2->instances[i].id;
      EXPECT_EQ(v1->instances[i].lineage, v2->instances[i].lineage) << v2->instances[i].id;
      ++compared;
    }
  }
  EXPECT_GT(compared, 200);
}

TEST_F(DiffProperty, AnInstanceAmendedAwayAndBackKeepsCountingItsAttempts) {
  GenPlan p;
  p.tasks = {GenTask{"x", "daily", {}, 0, 5}, GenTask{"y", "daily", {"x"}, 0, 5}};
  p.first_day = 1;
  p.last_day = 3;
  GenPlan q = p;
  q.tasks.pop_back();
  auto a = compile(render(p), "2024-06-01", dir_, "a");
  auto b = compile(render(q), "2024-06-01", dir_, "b");
  ASSERT_TRUE(a && b);
  fs::path state = dir_ / "back.db";
  {
    runtime::StateDb db(state.string(), true);
    db.attach_plan(*a, false);
    db.begin();
    runtime::InstanceState st;
    st.status = runtime::Status::Succeeded;
    st.attempts = 3;
    db.set_instance_by_id("y@2024-01-02", st);
    db.commit();
    db.attach_plan(*b, false, [](const runtime::AmendSummary&) {});  // y leaves the plan
    auto rows = db.instance_rows();
    EXPECT_EQ(rows.size(), b->instances.size());
    db.attach_plan(*a, false, [](const runtime::AmendSummary&) {});  // and comes back
  }
  runtime::StateDb db(state.string(), false);
  for (const auto& r : db.instance_rows())
    if (r.id == "y@2024-01-02") {
      EXPECT_EQ(r.state.attempts, 3);  // attempt 4 is next: attempts 1..3 keep their rows
      EXPECT_EQ(r.state.status, runtime::Status::Waiting);
    }
  EXPECT_FALSE(db.db().query_text("SELECT id FROM removed_instances").has_value());
}

TEST_F(DiffProperty, AStateOfSchema1GetsItsFingerprintsWhenResumedWithItsPlan) {
  GenPlan p;
  p.tasks = {GenTask{"x", "daily", {}, 0, 5}, GenTask{"y", "daily", {"x"}, 0, 5}};
  GenPlan q = p;
  q.tasks[1].version = 1;  // y's command changes
  auto a = compile(render(p), "2024-06-01", dir_, "a");
  auto b = compile(render(q), "2024-06-01", dir_, "b");
  ASSERT_TRUE(a && b);
  fs::path state = dir_ / "v1.db";
  {
    runtime::StateDb db(state.string(), true);
    db.attach_plan(*a, false);
    db.begin();
    runtime::InstanceState st;
    st.status = runtime::Status::Succeeded;
    for (const auto& in : a->instances) db.set_instance_by_id(in.id, st);
    db.commit();
    // What a bfc before fingerprints wrote: schema 1.
    db.db().exec(
        "ALTER TABLE instances DROP COLUMN fingerprint; ALTER TABLE instances DROP COLUMN "
        "lineage; DROP TABLE removed_instances; ALTER TABLE attempts DROP COLUMN log_offset; "
        "ALTER TABLE attempts DROP COLUMN log_length; PRAGMA user_version=1;");
  }
  {
    runtime::StateDb db(state.string(), true);  // upgraded
    EXPECT_TRUE(db.meta("fingerprints").has_value());
    db.attach_plan(*a, false);  // resumed with its own plan: fingerprints recorded
    EXPECT_FALSE(db.meta("fingerprints").has_value());
    EXPECT_FALSE(db.db().query_text("SELECT id FROM instances WHERE fingerprint IS NULL"));
    db.attach_plan(*b, false, [](const runtime::AmendSummary&) {});
  }
  runtime::StateDb db(state.string(), false);
  for (const auto& r : db.instance_rows())
    EXPECT_EQ(r.state.status,
              r.id.rfind("y@", 0) == 0 ? runtime::Status::Waiting : runtime::Status::Succeeded)
        << r.id;
}

TEST_F(DiffProperty, AFormat2PlanWithoutFingerprintsIsRejected) {
  std::string json;
  std::mt19937 rng(3);
  std::optional<Plan> p;
  while (!(p = compile(render(random_plan(rng)), "2024-06-01", dir_, "p", &json))) {
  }
  auto doc = nlohmann::json::parse(json);
  doc["instances"][0].erase("fingerprint");
  doc["instances"][0].erase("lineage");
  runtime::PlanError err;
  EXPECT_FALSE(runtime::parse_plan(doc.dump(), "p.json", err).has_value());
  ASSERT_FALSE(err.messages.empty());
}

}  // namespace
}  // namespace bfc
