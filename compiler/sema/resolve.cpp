#include "sema/resolve.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace bfc {

using ast::Expr;
using ast::ExprKind;

void Settings::apply(const Settings& o) {
  if (o.parallel) parallel = o.parallel;
  if (o.max_running) max_running = o.max_running;
  if (o.throttle_s) throttle_s = o.throttle_s;
  if (o.descending) descending = o.descending;
  if (o.run_future) run_future = o.run_future;
  if (o.window) window = o.window;
  if (o.hours) hours = o.hours;
  if (o.alert_on) alert_on = o.alert_on;
  if (o.alert_command) alert_command = o.alert_command;
  if (o.max_roots) max_roots = o.max_roots;
  if (o.max_tasks) max_tasks = o.max_tasks;
  if (o.max_instances) max_instances = o.max_instances;
}

namespace {

const char* kind_word(ExprKind k) {
  switch (k) {
    case ExprKind::Int: return "an integer";
    case ExprKind::Bool: return "a boolean";
    case ExprKind::Duration: return "a duration";
    case ExprKind::Date: return "a date";
    case ExprKind::Time: return "a time";
    case ExprKind::DateTime: return "a date-time";
    case ExprKind::String: return "a string";
    case ExprKind::Name: return "a name";
    case ExprKind::List: return "a list";
    case ExprKind::Range: return "a range";
    case ExprKind::Unary: case ExprKind::Binary: return "an expression";
    case ExprKind::Call: return "a call";
    case ExprKind::Index: return "an offset reference";
  }
  return "a value";
}

class Resolver {
 public:
  Resolver(const Program& prog, DiagnosticSink& diags) : prog_(prog), diags_(diags) {}

  Model run() {
    // Pass 1: declare every name so that order does not matter.
    for (const auto& f : prog_.files)
      for (const auto& d : f.decls) declare(d);
    // Pass 2: resolve bodies.
    for (const auto& f : prog_.files)
      for (const auto& d : f.decls) {
        switch (d.kind) {
          case ast::DeclKind::Workspace: workspace(d); break;
          case ast::DeclKind::Policy: policy(d); break;
          default: break;
        }
      }
    for (const auto& f : prog_.files)
      for (const auto& d : f.decls) {
        if (d.kind == ast::DeclKind::Task) task(d);
        if (d.kind == ast::DeclKind::Backfill) backfill(d);
      }
    return std::move(m_);
  }

 private:
  template <typename T>
  bool add_name(std::map<std::string, uint32_t>& index, std::vector<T>& vec, const ast::Decl& d,
                const char* what) {
    auto it = index.find(d.name);
    if (it != index.end()) {
      auto& diag = diags_.report(DiagCode::E0204, d.name_span, fmt::format("{} `{}` is declared twice", what, d.name));
      diag.notes.push_back({first_span_[std::string(what) + ":" + d.name], "first declared here"});
      return false;
    }
    index.emplace(d.name, static_cast<uint32_t>(vec.size()));
    first_span_[std::string(what) + ":" + d.name] = d.name_span;
    return true;
  }

  void declare(const ast::Decl& d) {
    switch (d.kind) {
      case ast::DeclKind::Workspace:
        if (add_name(m_.workspace_index, m_.workspaces, d, "workspace")) {
          m_.workspaces.push_back(Workspace{d.name, d.name_span, false, {}});
          ws_decl_.push_back(&d);
        }
        break;
      case ast::DeclKind::Param: {
        static const std::set<std::string> builtins = {"bizdate", "interval_start", "interval_end", "cyctime",
                                                       "task", "backfill", "workspace", "status"};
        if (builtins.count(d.name)) {
          diags_.report(DiagCode::E0204, d.name_span, fmt::format("param `{}` would hide the built-in name", d.name));
          break;
        }
        if (add_name(m_.param_index, m_.params, d, "param")) m_.params.push_back(Param{d.name, d.name_span, d.value.get()});
        break;
      }
      case ast::DeclKind::Task:
        if (add_name(m_.task_index, m_.tasks, d, "task")) {
          Task t;
          t.name = d.name;
          t.name_span = d.name_span;
          t.span = d.span;
          m_.tasks.push_back(std::move(t));
        }
        break;
      case ast::DeclKind::Policy:
        if (add_name(m_.policy_index, m_.policies, d, "policy")) m_.policies.push_back(Policy{d.name, d.name_span, {}});
        break;
      case ast::DeclKind::Backfill:
        if (add_name(m_.backfill_index, m_.backfills, d, "backfill")) {
          Backfill b;
          b.name = d.name;
          b.name_span = d.name_span;
          b.span = d.span;
          m_.backfills.push_back(std::move(b));
        }
        break;
      case ast::DeclKind::Import: break;
    }
  }

  // The single value of a property, or nullptr (reported).
  const Expr* one(const ast::Member& m) {
    if (m.values.size() == 1) return m.values[0].get();
    diags_.report(DiagCode::E0301, m.values.size() > 1 ? m.values[1]->span : m.name_span,
                  fmt::format("`{}` takes a single value", m.name));
    return nullptr;
  }

  void mismatch(const Expr& e, const std::string& prop, const char* want) {
    diags_.report(DiagCode::E0301, e.span,
                  fmt::format("`{}` must be {}, not {}", prop, want, kind_word(e.kind)));
  }

  std::optional<int64_t> int_prop(const ast::Member& m, int64_t lo, int64_t hi) {
    const Expr* e = one(m);
    if (!e) return std::nullopt;
    if (e->kind != ExprKind::Int) {
      mismatch(*e, m.name, "an integer");
      return std::nullopt;
    }
    if (e->int_value < lo || e->int_value > hi) {
      diags_.report(DiagCode::E0302, e->span,
                    hi == INT64_MAX ? fmt::format("`{}` must be at least {}", m.name, lo)
                                    : fmt::format("`{}` must be between {} and {}", m.name, lo, hi));
      return std::nullopt;
    }
    return e->int_value;
  }

  std::optional<int64_t> duration_prop(const ast::Member& m, bool positive) {
    const Expr* e = one(m);
    if (!e) return std::nullopt;
    if (e->kind != ExprKind::Duration) {
      mismatch(*e, m.name, "a duration such as `30s`, `15m` or `2h`");
      return std::nullopt;
    }
    if (positive && e->int_value <= 0) {
      diags_.report(DiagCode::E0302, e->span, fmt::format("`{}` must be greater than zero", m.name));
      return std::nullopt;
    }
    return e->int_value;
  }

  std::optional<bool> bool_prop(const ast::Member& m) {
    const Expr* e = one(m);
    if (!e) return std::nullopt;
    if (e->kind != ExprKind::Bool) {
      mismatch(*e, m.name, "`true` or `false`");
      return std::nullopt;
    }
    return e->int_value != 0;
  }

  // A plain string without interpolation.
  std::optional<std::string> plain_string(const Expr& e, const std::string& prop) {
    if (e.kind != ExprKind::String) {
      mismatch(e, prop, "a string");
      return std::nullopt;
    }
    std::string s;
    for (const auto& p : e.parts) {
      if (p.expr) {
        diags_.report(DiagCode::E0013, p.span, fmt::format("`{}` cannot contain `${{...}}`", prop));
        return std::nullopt;
      }
      s += p.text;
    }
    return s;
  }

  std::vector<std::string> string_list(const ast::Member& m) {
    std::vector<const Expr*> items;
    for (const auto& v : m.values) {
      if (v->kind == ExprKind::List)
        for (const auto& x : v->items) items.push_back(x.get());
      else
        items.push_back(v.get());
    }
    std::vector<std::string> out;
    for (const Expr* e : items)
      if (auto s = plain_string(*e, m.name)) out.push_back(*s);
    return out;
  }

  std::optional<std::pair<int64_t, int64_t>> time_range(const ast::Member& m) {
    const Expr* e = one(m);
    if (!e) return std::nullopt;
    if (e->kind != ExprKind::Range || e->items[0]->kind != ExprKind::Time || e->items[1]->kind != ExprKind::Time) {
      diags_.report(DiagCode::E0306, e->span,
                    fmt::format("`{}` must be a range of times of day such as `22:00..06:00`", m.name));
      return std::nullopt;
    }
    int64_t a = e->items[0]->int_value, b = e->items[1]->int_value;
    if (a == b) {
      diags_.report(DiagCode::E0306, e->span, fmt::format("`{}` is a single minute; give a start and a later end", m.name));
      return std::nullopt;
    }
    return std::make_pair(a, b);
  }

  void workspace(const ast::Decl& d) {
    auto it = m_.workspace_index.find(d.name);
    if (it == m_.workspace_index.end() || ws_decl_[it->second] != &d) return;
    Workspace& w = m_.workspaces[it->second];
    if (const auto* m = d.body.find("members")) {
      w.restricted = true;
      w.members = string_list(*m);
    }
  }

  void settings(const ast::Block& body, Settings& s) {
    for (const auto& m : body.members) {
      const std::string& n = m.name;
      if (n == "parallel") s.parallel = int_prop(m, 1, 1000);
      else if (n == "max_running") s.max_running = int_prop(m, 1, 100000);
      else if (n == "throttle") s.throttle_s = duration_prop(m, false);
      else if (n == "run_future") s.run_future = bool_prop(m);
      else if (n == "window") s.window = time_range(m);
      else if (n == "hours") s.hours = time_range(m);
      else if (n == "order") {
        const Expr* e = one(m);
        if (e && e->kind == ExprKind::Name && (e->text == "ascending" || e->text == "descending"))
          s.descending = e->text == "descending";
        else if (e)
          diags_.report(DiagCode::E0302, e->span, "`order` must be `ascending` or `descending`");
      } else if (n == "alert" && m.block) {
        for (const auto& am : m.block->members) {
          if (am.name == "on") {
            const Expr* e = one(am);
            if (e && e->kind == ExprKind::Name && (e->text == "failure" || e->text == "success" || e->text == "always"))
              s.alert_on = e->text == "failure" ? AlertOn::Failure : e->text == "success" ? AlertOn::Success : AlertOn::Always;
            else if (e)
              diags_.report(DiagCode::E0302, e->span, "alert `on` must be `failure`, `success` or `always`");
          } else if (am.name == "command") {
            if (const Expr* e = one(am)) s.alert_command = e;
          }
        }
        if (!m.block->find("command"))
          diags_.report(DiagCode::E0209, m.name_span, "the `alert` block needs a `command`");
        if (!s.alert_on) s.alert_on = AlertOn::Failure;
      } else if (n == "limits" && m.block) {
        for (const auto& lm : m.block->members) {
          if (lm.name == "roots") s.max_roots = int_prop(lm, 1, INT64_MAX);
          else if (lm.name == "tasks") s.max_tasks = int_prop(lm, 1, INT64_MAX);
          else if (lm.name == "instances") s.max_instances = int_prop(lm, 1, INT64_MAX);
        }
      }
    }
  }

  void policy(const ast::Decl& d) {
    auto it = m_.policy_index.find(d.name);
    if (it == m_.policy_index.end() || m_.policies[it->second].span.begin != d.name_span.begin) return;
    settings(d.body, m_.policies[it->second].settings);
  }

  uint32_t task_ref(const Expr& e, const char* ctx) {
    if (e.kind != ExprKind::Name) {
      diags_.report(DiagCode::E0301, e.span, fmt::format("{} must name a task", ctx));
      return kNone;
    }
    auto it = m_.task_index.find(e.text);
    if (it != m_.task_index.end()) return it->second;
    unknown(DiagCode::E0205, e, "task", m_.task_index);
    return kNone;
  }

  void unknown(DiagCode code, const Expr& e, const char* what, const std::map<std::string, uint32_t>& index) {
    auto& d = diags_.report(code, e.span, fmt::format("unknown {} `{}`", what, e.text));
    std::vector<std::string> names;
    for (const auto& [k, v] : index) names.push_back(k);
    std::string best = closest_match(e.text, names);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  }

  void cycle(const ast::Member& m, Task& t) {
    const Expr* e = one(m);
    if (!e) return;
    t.cycle_span = e->span;
    Cycle& c = t.cycle;
    auto bad = [&](const std::string& msg) { diags_.report(DiagCode::E0303, e->span, msg); };
    const char* help = "a cycle is `daily`, `hourly`, `every(15m)`, `weekly(mon)`, `monthly(1)` or `cron(\"0 */6 * * *\")`";
    if (e->kind == ExprKind::Name) {
      if (e->text == "daily") { c.kind = CycleKind::Daily; c.text = "daily"; return; }
      if (e->text == "hourly") { c.kind = CycleKind::Hourly; c.every_minutes = 60; c.text = "hourly"; return; }
      bad(fmt::format("unknown cycle `{}`; {}", e->text, help));
      return;
    }
    if (e->kind != ExprKind::Call) { bad(help); return; }
    const std::string& f = e->text;
    if (e->items.size() != 1) { bad(fmt::format("`{}` takes one argument; {}", f, help)); return; }
    const Expr& a = *e->items[0];
    if (f == "every") {
      if (a.kind != ExprKind::Duration) { bad("`every` takes a duration, as in `every(15m)`"); return; }
      int64_t mins = a.int_value / 60;
      if (a.int_value % 60 != 0 || mins <= 0 || 1440 % mins != 0) {
        bad("`every` needs a whole number of minutes that divides a day (5m, 15m, 30m, 2h, ...)");
        return;
      }
      c.kind = mins == 1440 ? CycleKind::Daily : CycleKind::Every;
      c.every_minutes = mins;
      c.text = fmt::format("every({})", a.text);
      return;
    }
    if (f == "weekly") {
      static const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      if (a.kind == ExprKind::Name)
        for (int i = 0; i < 7; ++i)
          if (a.text == days[i]) { c.kind = CycleKind::Weekly; c.weekday = i; c.text = fmt::format("weekly({})", a.text); return; }
      bad("`weekly` takes a weekday: mon, tue, wed, thu, fri, sat or sun");
      return;
    }
    if (f == "monthly") {
      if (a.kind != ExprKind::Int || a.int_value < 1 || a.int_value > 28) {
        bad("`monthly` takes the day of the month the period starts on, 1 to 28");
        return;
      }
      c.kind = CycleKind::Monthly;
      c.month_day = static_cast<int>(a.int_value);
      c.text = fmt::format("monthly({})", a.int_value);
      return;
    }
    if (f == "cron") {
      auto s = a.kind == ExprKind::String ? plain_string(a, "cron") : std::nullopt;
      if (!s) { bad("`cron` takes a string such as `\"0 */6 * * *\"`"); return; }
      std::string err;
      if (!parse_cron(*s, c.cron, err)) {
        diags_.report(DiagCode::E0304, a.span, fmt::format("invalid cron expression: {}", err));
        return;
      }
      c.kind = CycleKind::Cron;
      c.text = fmt::format("cron(\"{}\")", *s);
      return;
    }
    bad(fmt::format("unknown cycle `{}`; {}", f, help));
  }

  void after(const ast::Member& m, Task& t) {
    std::vector<const Expr*> items;
    for (const auto& v : m.values) {
      if (v->kind == ExprKind::List)
        for (const auto& x : v->items) items.push_back(x.get());
      else
        items.push_back(v.get());
    }
    for (const Expr* e : items) {
      Dep d;
      d.span = e->span;
      const Expr* target = e;
      if (e->kind == ExprKind::Index) {
        target = e->items[0].get();
        const Expr& off = *e->items[1];
        int64_t sign = 1;
        const Expr* o = &off;
        if (o->kind == ExprKind::Unary) { sign = -1; o = o->items[0].get(); }
        if (o->kind != ExprKind::Duration || o->int_value % 60 != 0) {
          diags_.report(DiagCode::E0301, off.span, "a dependency offset is a duration in whole minutes, as in `[-1d]`");
          continue;
        }
        d.offset_minutes = sign * o->int_value / 60;
      }
      d.task = task_ref(*target, "`after`");
      if (d.task != kNone) t.deps.push_back(d);
    }
  }

  void task(const ast::Decl& d) {
    auto it = m_.task_index.find(d.name);
    if (it == m_.task_index.end() || m_.tasks[it->second].name_span.begin != d.name_span.begin ||
        m_.tasks[it->second].name_span.file != d.name_span.file)
      return;
    Task& t = m_.tasks[it->second];
    t.cycle.text = "daily";
    for (const auto& m : d.body.members) {
      const std::string& n = m.name;
      if (n == "workspace") {
        const Expr* e = one(m);
        if (!e) continue;
        if (e->kind != ExprKind::Name) { mismatch(*e, n, "a workspace name"); continue; }
        auto w = m_.workspace_index.find(e->text);
        if (w == m_.workspace_index.end()) unknown(DiagCode::E0206, *e, "workspace", m_.workspace_index);
        else t.workspace = w->second;
      } else if (n == "cycle") cycle(m, t);
      else if (n == "at") {
        const Expr* e = one(m);
        if (!e) continue;
        if (e->kind == ExprKind::Time) t.at_minutes = e->int_value;
        else if (e->kind == ExprKind::Duration) t.at_minutes = e->int_value / 60;
        else mismatch(*e, n, "a time of day such as `00:30`");
      } else if (n == "after") after(m, t);
      else if (n == "self_dependent") { if (auto b = bool_prop(m)) t.self_dependent = *b; }
      else if (n == "retries") { if (auto v = int_prop(m, 0, 100)) t.retries = *v; }
      else if (n == "retry_delay") { if (auto v = duration_prop(m, false)) t.retry_delay_s = *v; }
      else if (n == "timeout") { if (auto v = duration_prop(m, true)) t.timeout_s = *v; }
      else if (n == "command") {
        if (const Expr* e = one(m)) { t.command = e; t.command_span = e->span; }
      } else if (n == "priority") {
        const Expr* e = one(m);
        if (!e) continue;
        if (e->kind != ExprKind::Int) { mismatch(*e, n, "an integer"); continue; }
        int64_t p = e->int_value;
        if (p != 1 && p != 3 && p != 5 && p != 7 && p != 8) {
          auto& diag = diags_.report(DiagCode::E0302, e->span, fmt::format("priority {} is not a DataWorks priority", p));
          diag.notes.push_back({Span{}, "use 1, 3, 5, 7 or 8 (8 is the highest)"});
          continue;
        }
        t.priority = static_cast<int>(p);
      } else if (n == "tags") t.tags = string_list(m);
      else if (n == "description" || n == "owner") { if (const Expr* e = one(m)) plain_string(*e, n); }
      else if (n == "expected") duration_prop(m, true);
    }
    if (!d.body.find("command"))
      diags_.report(DiagCode::E0209, d.name_span, fmt::format("task `{}` has no `command`", d.name));
  }

  void backfill(const ast::Decl& d) {
    auto it = m_.backfill_index.find(d.name);
    if (it == m_.backfill_index.end() || m_.backfills[it->second].name_span.begin != d.name_span.begin ||
        m_.backfills[it->second].name_span.file != d.name_span.file)
      return;
    Backfill& b = m_.backfills[it->second];
    if (const auto* m = d.body.find("use")) {
      const Expr* e = one(*m);
      if (e && e->kind == ExprKind::Name) {
        auto p = m_.policy_index.find(e->text);
        if (p == m_.policy_index.end()) unknown(DiagCode::E0207, *e, "policy", m_.policy_index);
        else b.settings.apply(m_.policies[p->second].settings);
      } else if (e) {
        mismatch(*e, "use", "a policy name");
      }
    }
    Settings own;
    settings(d.body, own);
    b.settings.apply(own);
    if (const auto* m = d.body.find("hours")) b.hours_span = m->span;
    if (const auto* m = d.body.find("as")) {
      if (const Expr* e = one(*m)) {
        if (auto s = plain_string(*e, "as")) { b.initiator = *s; b.initiator_span = e->span; }
      }
    }
    if (const auto* m = d.body.find("select")) b.select = one(*m);
    else diags_.report(DiagCode::E0209, d.name_span, fmt::format("backfill `{}` has no `select`", d.name));
    if (const auto* m = d.body.find("exclude")) b.exclude = one(*m);
    if (const auto* m = d.body.find("dates")) dates(*m, b);
    else diags_.report(DiagCode::E0209, d.name_span, fmt::format("backfill `{}` has no `dates`", d.name));
  }

  void dates(const ast::Member& m, Backfill& b) {
    b.dates_span = m.span;
    std::vector<int64_t> out;
    for (const auto& v : m.values) {
      const Expr& e = *v;
      if (e.kind == ExprKind::Date) {
        out.push_back(e.int_value);
      } else if (e.kind == ExprKind::Range && e.items[0]->kind == ExprKind::Date && e.items[1]->kind == ExprKind::Date) {
        int64_t a = e.items[0]->int_value, z = e.items[1]->int_value;
        if (z < a) {
          diags_.report(DiagCode::E0302, e.span, "the range ends before it starts; write the earlier date first");
          continue;
        }
        if (z - a > 100 * 366) {
          diags_.report(DiagCode::E0302, e.span, "the range is longer than 100 years");
          continue;
        }
        for (int64_t x = a; x <= z; ++x) out.push_back(x);
      } else if (e.kind == ExprKind::List) {
        diags_.report(DiagCode::E0301, e.span, "write dates without brackets: `dates = 2024-03-01..2024-03-31, 2024-05-02;`");
      } else {
        mismatch(e, "dates", "a date or a date range");
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    b.dates = std::move(out);
  }

  const Program& prog_;
  DiagnosticSink& diags_;
  Model m_;
  std::vector<const ast::Decl*> ws_decl_;
  std::map<std::string, Span> first_span_;
};

}  // namespace

Model resolve_program(const Program& prog, DiagnosticSink& diags) { return Resolver(prog, diags).run(); }

}  // namespace bfc
