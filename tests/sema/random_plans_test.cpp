// Property test: many random plans (layered task DAGs with random cycles, offsets, back
// edges, self-dependencies, selections, exclusions, date sets, hours windows, groups and
// orders), generated from a fixed seed as .bf text and compiled in process. For each one
// the instance graph is checked against an oracle written from docs/semantics.md:
//  - exactly the expected instances, ids unique, groups and date positions consistent;
//  - each instance's deps and external deps are exactly what the overlap rule gives, and
//    the isolated dependencies are exactly what E0403 counts;
//  - each instance belongs to the day barrier of the last date of its group (run order) that
//    its interval covers, in the compiler and in the runtime's loader alike;
//  - the graph with day barriers is acyclic exactly when no E0402 is reported, and a
//    reported loop is a real loop;
//  - weekly/monthly rollups after daily tasks (serial, parallel, descending) never loop
//    unless a finer task reads a rollup of its own period;
//  - the plan JSON is byte-identical when compiled again, matches the schema and loads in
//    the runtime (which checks references and loops on its own).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "driver/pipeline.h"
#include "plan/emit.h"
#include "plan/intervals.h"
#include "runtime/plan/load.h"
#include "runtime/plan/schema_check.h"
#include "support/calendar.h"

namespace bfc {
namespace {

constexpr int64_t kDay = cal::kMinutesPerDay;
constexpr int kPlans = 400;
const int64_t kToday = *cal::parse_date("2024-06-01");

int64_t floor_div(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// ---- generator ------------------------------------------------------------------------

struct Gen {
  std::mt19937 rng;
  explicit Gen(uint32_t seed) : rng(seed) {}
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(below(static_cast<int>(v.size())))];
  }
};

std::string name(int i) {
  return "t" + std::to_string(i);
}

std::string random_plan(Gen& g) {
  std::ostringstream o;
  int n = 2 + g.below(11);
  static const std::vector<std::string> cycles = {"daily",
                                                  "daily",
                                                  "daily",
                                                  "daily",
                                                  "hourly",
                                                  "hourly",
                                                  "weekly(mon)",
                                                  "weekly(thu)",
                                                  "monthly(1)",
                                                  "monthly(28)",
                                                  "every(2h)",
                                                  "every(30m)",
                                                  "cron(\"0 */6 * * *\")",
                                                  "cron(\"30 1,13 * * *\")"};
  static const std::vector<std::string> offsets = {"",      "",      "",      "",     "[-1d]",
                                                   "[-1h]", "[-2d]", "[-1w]", "[1d]", "[-30m]"};
  static const std::vector<std::string> back_offsets = {"[-1d]", "[-1h]", "[1d]", "[-2d]"};
  for (int i = 0; i < n; ++i) {
    o << "task " << name(i) << " {\n  cycle = " << g.pick(cycles) << ";\n";
    std::vector<std::string> after;
    for (int j = 0; j < i; ++j)
      if (g.chance(0.3) && after.size() < 3) after.push_back(name(j) + g.pick(offsets));
    // Occasionally an edge to a later task: legal with an offset; loops it makes are found
    // (or not) at the instance level.
    if (i + 1 < n && g.chance(0.1))
      after.push_back(name(i + 1 + g.below(n - i - 1)) + g.pick(back_offsets));
    if (!after.empty()) {
      o << "  after = [";
      for (size_t k = 0; k < after.size(); ++k) o << (k ? ", " : "") << after[k];
      o << "];\n";
    }
    if (g.chance(0.2)) o << "  self_dependent = true;\n";
    if (g.chance(0.3)) o << "  at = 00:30;\n";
    if (g.chance(0.4)) o << "  tags = [\"" << (g.chance(0.5) ? "a" : "b") << "\"];\n";
    o << "  priority = " << g.pick(std::vector<int>{1, 3, 5, 7, 8}) << ";\n";
    o << "  command = \"run ${task} ${interval_start} ${bizdate}\";\n}\n";
  }
  auto t = [&] { return name(g.below(n)); };
  std::string select;
  switch (g.below(7)) {
    case 0:
      select = "[" + t() + ", " + t() + ", " + t() + "]";
      break;
    case 1:
      select = "downstream(" + t() + ")";
      break;
    case 2:
      select = "upstream(" + t() + ")";
      break;
    case 3:
      select = "downstream(" + t() + ") - [" + t() + "]";
      break;
    case 4:
      select = "between(" + t() + ", [" + t() + ", " + t() + "])";
      break;
    case 5:
      select = "tagged(\"a\") + [" + t() + "]";
      break;
    default:
      select = "matching(\"t*\")";
      break;
  }
  o << "backfill b {\n  select = " << select << ";\n";
  if (g.chance(0.3)) o << "  exclude = [" << t() << ", " << t() << "];\n";
  // Dates around a month end (monthly tasks) and across several weeks; ranges and singles.
  int64_t base = *cal::parse_date("2024-02-20");
  std::vector<std::string> pieces;
  for (int k = 0, m = 1 + g.below(3); k < m; ++k) {
    int64_t a = base + g.below(25);
    if (g.chance(0.5))
      pieces.push_back(cal::format_date(a));
    else
      pieces.push_back(cal::format_date(a) + ".." + cal::format_date(a + g.below(6)));
  }
  o << "  dates = ";
  for (size_t k = 0; k < pieces.size(); ++k) o << (k ? ", " : "") << pieces[k];
  o << ";\n";
  if (g.chance(0.2)) {
    int a = g.below(24), b = g.below(24);
    char buf[64];
    std::snprintf(buf, sizeof buf, "  hours = %02d:00..%02d:59;\n", a, b);
    o << buf;
  }
  o << "  parallel = " << 1 + g.below(3) << ";\n";
  if (g.chance(0.4)) o << "  order = descending;\n";
  o << "}\n";
  return o.str();
}

// A plan of daily tasks and weekly/monthly rollups after them (and rollups of rollups), on
// dates across week and month ends, serial or in groups, ascending or descending. With
// `reader`, a daily task also reads a rollup of its own period (a real loop when the
// rollup's period spans two backfill dates of its group), and rollups read rollups.
std::string rollup_plan(Gen& g, bool reader) {
  std::ostringstream o;
  static const std::vector<std::string> coarse = {"weekly(mon)", "weekly(thu)", "monthly(1)",
                                                  "monthly(28)"};
  int daily = 1 + g.below(3), rollups = 1 + g.below(3);
  for (int i = 0; i < daily; ++i)
    o << "task d" << i << " { cycle = daily; command = \"d ${bizdate}\"; }\n";
  for (int i = 0; i < rollups; ++i) {
    o << "task r" << i << " { cycle = " << g.pick(coarse) << "; after = [d" << g.below(daily);
    // Rollups of rollups only with a reader: a month read in descending order waits for the
    // week that starts before it, whose first day runs after the month's (a real E0402).
    if (reader && i > 0 && g.chance(0.5)) o << ", r" << g.below(i);
    o << "]; command = \"r ${bizdate}\"; }\n";
  }
  if (reader)
    o << "task x { cycle = daily; after = [r" << g.below(rollups)
      << "]; command = \"x ${bizdate}\"; }\n";
  int64_t a = *cal::parse_date("2024-02-20") + g.below(20);
  int64_t len = 1 + g.below(20);
  o << "backfill b {\n  select = matching(\"*\");\n  dates = " << cal::format_date(a) << ".."
    << cal::format_date(a + len);
  if (g.chance(0.3)) o << ", " << cal::format_date(a + len + 3 + g.below(10));
  o << ";\n  parallel = " << 1 + g.below(4) << ";\n";
  if (g.chance(0.5)) o << "  order = descending;\n";
  o << "}\n";
  return o.str();
}

// ---- compile --------------------------------------------------------------------------

struct Compiled {
  Program prog;
  DiagnosticSink diags;
  Analysis a;
  InstanceGraph g;
  std::string json;  // the plan, when compiled without errors
};

std::unique_ptr<Compiled> compile(const std::string& text) {
  auto c = std::make_unique<Compiled>();
  load_text("random.bf", text, c->prog, c->diags);
  analyze_program(c->prog, c->diags, c->a);
  if (c->diags.has_errors() || c->a.model.backfills.empty()) return c;
  c->g = analyze_backfill(c->a, c->a.model.backfills[0], "", kToday, c->diags);
  if (c->diags.has_errors()) return c;
  c->json = plan_json(c->prog, c->g, c->a.params);
  return c;
}

std::set<std::string> codes(const DiagnosticSink& d) {
  std::set<std::string> s;
  for (const auto& x : d.diagnostics()) s.insert(std::string(diag_info(x.code).name));
  return s;
}

// ---- oracle ---------------------------------------------------------------------------

bool in_hours(int64_t m, std::pair<int64_t, int64_t> w) {
  return w.first <= w.second ? (m >= w.first && m <= w.second) : (m >= w.first || m <= w.second);
}

// The intervals a cycle generates on `day`, written from the table in docs/semantics.md
// (cron ticks come from the cron parser, which has its own tests).
std::vector<Interval> expected_on(const Cycle& c, int64_t day,
                                  const std::optional<std::pair<int64_t, int64_t>>& hours) {
  std::vector<Interval> out;
  int64_t s = day * kDay;
  switch (c.kind) {
    case CycleKind::Daily:
      out.push_back({s, s + kDay});
      break;
    case CycleKind::Hourly:
    case CycleKind::Every: {
      int64_t step = c.kind == CycleKind::Hourly ? 60 : c.every_minutes;
      for (int64_t m = 0; m < kDay; m += step)
        if (!hours || in_hours(m, *hours)) out.push_back({s + m, s + m + step});
      break;
    }
    case CycleKind::Weekly:
      if (cal::weekday(day) == c.weekday) out.push_back({s, s + 7 * kDay});
      break;
    case CycleKind::Monthly:
      if (cal::civil(day).day == static_cast<unsigned>(c.month_day))
        out.push_back({s, cal::add_months(day, 1) * kDay});
      break;
    case CycleKind::Cron:
      for (const Interval& iv : intervals_on(c, day, std::nullopt))
        if (!hours || in_hours(iv.first - s, *hours)) out.push_back(iv);
      break;
  }
  return out;
}

// All natural intervals of a cycle overlapping [a, b), by scanning days (independent of
// intervals_overlapping, which the expander uses).
std::vector<Interval> overlapping(const Cycle& c, int64_t a, int64_t b) {
  std::vector<Interval> out;
  for (int64_t d = floor_div(a, kDay) - 40; d * kDay < b; ++d)
    for (const Interval& iv : expected_on(c, d, std::nullopt))
      if (iv.first < b && iv.second > a) out.push_back(iv);
  return out;
}

using Key = std::pair<uint32_t, int64_t>;  // (task, interval start)

struct Oracle {
  std::map<Key, Interval> generated;  // -> interval
  std::map<Key, std::set<Key>> deps, ext;
  uint64_t isolated = 0;
};

Oracle oracle(const Model& m, const Backfill& b, const Selection& sel) {
  Oracle o;
  std::set<int64_t> dates(b.dates.begin(), b.dates.end());
  for (uint32_t t = 0; t < m.tasks.size(); ++t) {
    if (!in_plan(sel.role[t])) continue;
    for (int64_t d : b.dates)
      for (const Interval& iv : expected_on(m.tasks[t].cycle, d, b.settings.hours))
        o.generated[{t, iv.first}] = iv;
  }
  for (const auto& [key, iv] : o.generated) {
    const Task& task = m.tasks[key.first];
    auto& deps = o.deps[key];
    auto& ext = o.ext[key];
    for (const Dep& d : task.deps)
      for (const Interval& u : overlapping(m.tasks[d.task].cycle, iv.first + d.offset_minutes,
                                           iv.second + d.offset_minutes)) {
        Key k{d.task, u.first};
        if (in_plan(sel.role[d.task]) && o.generated.count(k)) {
          if (k != key) deps.insert(k);
        } else if (in_plan(sel.role[d.task]) && dates.count(floor_div(u.first, kDay))) {
          ++o.isolated;
        } else {
          ext.insert(k);
        }
      }
    if (task.self_dependent)
      for (const Interval& p : overlapping(task.cycle, iv.first - 1, iv.first))
        if (p.second == iv.first) {
          Key k{key.first, p.first};
          (o.generated.count(k) ? deps : ext).insert(k);
        }
  }
  return o;
}

// The day barrier of an instance, from docs/semantics.md: among the dates of its group that
// its interval [start, end) overlaps, the one that runs last. Scans every date.
uint32_t expected_barrier(const Group& grp, int64_t start, int64_t end) {
  uint32_t best = 0;
  bool found = false;
  for (uint32_t p = 0; p < grp.dates.size(); ++p) {
    int64_t d = grp.dates[p];
    if (d * kDay < end && (d + 1) * kDay > start && d >= floor_div(start, kDay)) {
      best = p;
      found = true;
    }
  }
  EXPECT_TRUE(found);
  return best;
}

// Whether the instance graph plus day barriers has a cycle (Kahn's algorithm on its own
// adjacency lists; a barrier is a node between two consecutive dates of a group).
bool has_cycle(const InstanceGraph& g) {
  size_t n = g.instances.size();
  std::map<std::pair<uint32_t, uint32_t>, size_t> barrier;  // (group, pos) -> node
  size_t nodes = n;
  for (const auto& grp : g.groups)
    for (uint32_t p = 0; p + 1 < grp.dates.size(); ++p) barrier[{grp.id, p}] = nodes++;
  std::vector<std::vector<size_t>> out(nodes);
  for (size_t i = 0; i < n; ++i) {
    const Instance& in = g.instances[i];
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) out[g.deps[k]].push_back(i);
    uint32_t pos = expected_barrier(g.groups[in.group], in.start, in.end);
    if (auto it = barrier.find({in.group, pos}); it != barrier.end()) out[i].push_back(it->second);
    if (pos > 0) out[barrier.at({in.group, pos - 1})].push_back(i);
  }
  std::vector<size_t> indeg(nodes, 0), queue;
  for (const auto& v : out)
    for (size_t t : v) ++indeg[t];
  for (size_t v = 0; v < nodes; ++v)
    if (indeg[v] == 0) queue.push_back(v);
  for (size_t h = 0; h < queue.size(); ++h)
    for (size_t t : out[queue[h]])
      if (--indeg[t] == 0) queue.push_back(t);
  return queue.size() != nodes;
}

// ---- the property ---------------------------------------------------------------------

// Checks one plan; returns a description of the first violation, or "".
std::string check_plan(const std::string& text, std::map<std::string, int>& outcomes) {
  auto c = compile(text);
  std::set<std::string> cs = codes(c->diags);
  std::set<std::string> errors;
  for (const auto& x : cs)
    if (x[0] == 'E') errors.insert(x);
  // Random selections may be empty; everything else is a loop or isolation or nothing.
  static const std::set<std::string> allowed = {"E0402", "E0403", "E0405"};
  for (const auto& e : errors)
    if (!allowed.count(e)) return "unexpected error " + e;
  if (errors.count("E0405")) {
    ++outcomes["empty selection"];
    return "";
  }
  const InstanceGraph& g = c->g;
  const Model& m = c->a.model;
  const Backfill& b = m.backfills[0];

  // Instances: exactly the expected ones, unique ids, consistent groups.
  Oracle o = oracle(m, b, g.selection);
  std::map<Key, uint32_t> index;
  std::set<std::string> ids;
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    if (!ids.insert(g.id(i)).second) return "duplicate id " + g.id(i);
    index[{in.task, in.start}] = i;
    auto it = o.generated.find({in.task, in.start});
    if (it == o.generated.end()) return "unexpected instance " + g.id(i);
    if (in.end != it->second.second) return "wrong interval end for " + g.id(i);
    if (in.group >= g.groups.size() || g.groups[in.group].dates.at(in.date_pos) != in.bizdate)
      return "group/date position of " + g.id(i) + " does not match its bizdate";
    if (floor_div(in.start, kDay) != in.bizdate)
      return "bizdate of " + g.id(i) + " is not its start date";
    if (in.barrier_pos != expected_barrier(g.groups[in.group], in.start, in.end))
      return "day barrier of " + g.id(i) + " is not the last date its interval covers";
  }
  if (g.instances.size() != o.generated.size())
    return "expected " + std::to_string(o.generated.size()) + " instances, got " +
           std::to_string(g.instances.size());

  // Dependencies.
  if (g.isolated != o.isolated)
    return "isolated: expected " + std::to_string(o.isolated) + ", got " +
           std::to_string(g.isolated);
  if ((o.isolated > 0) != errors.count("E0403")) return "E0403 reported iff isolated dependencies";
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    Key key{in.task, in.start};
    std::set<Key> deps, ext;
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) {
      uint32_t j = g.deps[k];
      if (j >= g.instances.size()) return "dep out of range in " + g.id(i);
      deps.insert({g.instances[j].task, g.instances[j].start});
    }
    for (uint32_t k = in.ext_begin; k < in.ext_end; ++k) {
      if (index.count({g.ext[k].task, g.ext[k].start}))
        return "external dep of " + g.id(i) + " is generated";
      ext.insert({g.ext[k].task, g.ext[k].start});
    }
    if (deps != o.deps[key]) return "deps of " + g.id(i) + " differ from the overlap rule";
    if (ext != o.ext[key]) return "external deps of " + g.id(i) + " differ from the overlap rule";
  }
  if (errors.count("E0403")) {
    ++outcomes["isolated"];
    return "";
  }

  // Loops, day barriers included.
  bool cyclic = has_cycle(g);
  if (cyclic != static_cast<bool>(errors.count("E0402")))
    return cyclic ? "the graph has a loop but no E0402" : "E0402 without a loop";
  if (cyclic) {
    if (g.loop.empty()) return "E0402 names no instances";
    // Consecutive instances of the reported loop: a data edge, or the next date of a group.
    for (size_t k = 0; k < g.loop.size(); ++k) {
      uint32_t x = g.loop[k], y = g.loop[(k + 1) % g.loop.size()];
      const Instance &ix = g.instances[x], &iy = g.instances[y];
      bool edge = std::find(g.deps.begin() + iy.deps_begin, g.deps.begin() + iy.deps_end, x) !=
                  g.deps.begin() + iy.deps_end;
      bool barrier = ix.group == iy.group && ix.barrier_pos + 1 == iy.barrier_pos;
      if (!edge && !barrier) return "reported loop: no edge from " + g.id(x) + " to " + g.id(y);
    }
    for (const auto& d : c->diags.diagnostics())
      if (d.code == DiagCode::E0402 && d.message.find("`: `") == std::string::npos &&
          d.message.find("`" + b.name + "`: `") == std::string::npos)
        return "the loop path does not start at an instance: " + d.message;
    ++outcomes["instance loop"];
    return "";
  }

  // The plan: deterministic, schema-valid, accepted by the runtime's loader.
  if (c->json.empty()) return "no plan JSON";
  if (compile(text)->json != c->json) return "a second compile gave different bytes";
  nlohmann::json doc = nlohmann::json::parse(c->json, nullptr, false);
  if (doc.is_discarded()) return "plan is not JSON";
  auto violations = runtime::schema_violations(doc);
  if (!violations.empty()) return "schema: " + violations[0];
  runtime::PlanError perr;
  auto loaded = runtime::parse_plan(c->json, "plan.json", perr);
  if (!loaded) return "runtime loader: " + perr.messages.at(0);
  for (size_t i = 0; i < g.instances.size(); ++i)
    if (loaded->instances.at(i).date_index != static_cast<int>(g.instances[i].barrier_pos))
      return "the runtime puts " + g.id(static_cast<uint32_t>(i)) + " behind another day barrier";
  // Plan order: instances by (group, date position, id); deps sorted.
  for (size_t i = 1; i < doc["instances"].size(); ++i) {
    const auto &p = doc["instances"][i - 1], &q = doc["instances"][i];
    auto pk = std::make_tuple(p["group"].get<int>(), g.instances[i - 1].date_pos,
                              p["id"].get<std::string>());
    auto qk =
        std::make_tuple(q["group"].get<int>(), g.instances[i].date_pos, q["id"].get<std::string>());
    if (!(pk < qk)) return "instances out of order at " + q["id"].get<std::string>();
  }
  for (const auto& in : doc["instances"]) {
    auto deps = in["deps"].get<std::vector<std::string>>();
    if (!std::is_sorted(deps.begin(), deps.end()))
      return "deps not sorted in " + in["id"].get<std::string>();
    auto ext = in["external_deps"].get<std::vector<std::string>>();
    if (!std::is_sorted(ext.begin(), ext.end()))
      return "external deps not sorted in " + in["id"].get<std::string>();
  }
  ++outcomes[g.instances.empty() ? "empty plan" : "valid plan"];
  return "";
}

TEST(RandomPlans, InstanceGraphsFollowTheRules) {
  Gen gen(20240601);
  std::map<std::string, int> outcomes;
  for (int k = 0; k < kPlans; ++k) {
    std::string text = random_plan(gen);
    std::string problem = check_plan(text, outcomes);
    ASSERT_EQ(problem, "") << "plan #" << k << ":\n" << text;
  }
  std::string summary;
  for (const auto& [what, n] : outcomes) summary += what + ": " + std::to_string(n) + "\n";
  // The generator must keep reaching every interesting outcome, or the test proves little.
  EXPECT_GE(outcomes["valid plan"], kPlans / 2) << summary;
  EXPECT_GE(outcomes["instance loop"], 5) << summary;
  EXPECT_GE(outcomes["isolated"], 5) << summary;
  std::printf("%s", summary.c_str());
}

TEST(RandomPlans, RollupsAfterDailyTasksNeverLoop) {
  Gen gen(20240108);
  std::map<std::string, int> outcomes;
  for (int k = 0; k < kPlans / 2; ++k) {
    std::string text = rollup_plan(gen, false);
    std::string problem = check_plan(text, outcomes);
    ASSERT_EQ(problem, "") << "plan #" << k << ":\n" << text;
    ASSERT_EQ(outcomes["instance loop"], 0) << "plan #" << k << ":\n" << text;
  }
  EXPECT_EQ(outcomes["valid plan"], kPlans / 2);
}

TEST(RandomPlans, ReadersOfTheirOwnPeriodLoopExactlyWhenTheOracleSays) {
  Gen gen(20240109);
  std::map<std::string, int> outcomes;
  for (int k = 0; k < kPlans / 2; ++k) {
    std::string text = rollup_plan(gen, true);
    std::string problem = check_plan(text, outcomes);
    ASSERT_EQ(problem, "") << "plan #" << k << ":\n" << text;
  }
  std::string summary;
  for (const auto& [what, n] : outcomes) summary += what + ": " + std::to_string(n) + "\n";
  EXPECT_GE(outcomes["instance loop"], 20) << summary;
  EXPECT_GE(outcomes["valid plan"], 20) << summary;
}

}  // namespace
}  // namespace bfc
