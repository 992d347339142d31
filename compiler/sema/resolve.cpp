#include "sema/resolve.h"

#include <fmt/format.h>

#include <algorithm>
#include "frontend/stdlib_index.h"
#include "sema/cycle_prop.h"
#include "sema/expr_types.h"
#include "sema/prop_reader.h"
#include "sema/properties.h"

namespace bfc {

using ast::Expr;
using ast::ExprKind;

void Settings::apply(const Settings& o) {
  if (o.parallel) parallel = o.parallel;
  if (o.max_running) max_running = o.max_running;
  if (o.throttle_s) throttle_s = o.throttle_s;
  if (o.descending) {
    descending = o.descending;
    order_span = o.order_span;
  }
  if (o.run_future) run_future = o.run_future;
  if (o.window) window = o.window;
  if (o.hours) hours = o.hours;
  if (o.alert_on) alert_on = o.alert_on;
  if (o.alert_command) alert_command = o.alert_command;
  if (o.max_roots) max_roots = o.max_roots;
  if (o.max_tasks) max_tasks = o.max_tasks;
  if (o.max_instances) max_instances = o.max_instances;
  if (o.image) image = o.image;
}

namespace {

// `name = value` of a property, without the `;`.
Span written(const ast::Member& m) {
  return m.values.empty() ? m.name_span : Span::cover(m.name_span, m.values.back()->span);
}

class Resolver {
 public:
  Resolver(const Program& prog, DiagnosticSink& diags) : prog_(prog), diags_(diags) {}

  Model run() {
    m_.stdlib_dir = prog_.stdlib_dir;
    // Pass 1: declare every name so that order does not matter.
    for (const auto& f : prog_.files)
      for (const auto& d : f.decls) declare(d);
    // Pass 2: resolve bodies.
    for (const auto& f : prog_.files)
      for (const auto& d : f.decls) {
        switch (d.kind) {
          case ast::DeclKind::Workspace:
            workspace(d);
            break;
          case ast::DeclKind::Policy:
            policy(d);
            break;
          default:
            break;
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
      auto& diag = diags_.report(DiagCode::E0204, d.name_span,
                                 fmt::format("{} `{}` is declared twice", what, d.name));
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
        if (builtin_reads(d.name)) {
          diags_.report(DiagCode::E0204, d.name_span,
                        fmt::format("param `{}` would hide the built-in name", d.name));
          break;
        }
        if (add_name(m_.param_index, m_.params, d, "param"))
          m_.params.push_back(Param{d.name, d.name_span, d.value.get()});
        break;
      }
      case ast::DeclKind::Task:
        if (add_name(m_.task_index, m_.tasks, d, "task")) m_.tasks.push_back(declared<Task>(d));
        break;
      case ast::DeclKind::Policy:
        if (add_name(m_.policy_index, m_.policies, d, "policy"))
          m_.policies.push_back(Policy{d.name, d.name_span, {}});
        break;
      case ast::DeclKind::Backfill:
        if (add_name(m_.backfill_index, m_.backfills, d, "backfill"))
          m_.backfills.push_back(declared<Backfill>(d));
        break;
      case ast::DeclKind::Import:
        break;
    }
  }

  // A task or backfill with its name and spans from the declaration; the rest comes later.
  template <class T>
  static T declared(const ast::Decl& d) {
    T x;
    x.name = d.name;
    x.name_span = d.name_span;
    x.span = d.span;
    return x;
  }

  const Expr* one(const ast::Member& m) { return single_value(m, diags_); }

  // E0209 for a body without `prop`, unless a misspelling of it was already reported
  // (E0201 with its did-you-mean): a second error about the same mistake only confuses.
  void missing(const ast::Block& body, const std::string& prop, Span span, std::string msg) {
    for (const auto& m : body.members)
      if (!m.is_block() && m.name != prop && !closest_match(m.name, {prop}).empty()) return;
    diags_.report(DiagCode::E0209, span, std::move(msg));
  }

  void mismatch(const Expr& e, const std::string& prop, const char* want) {
    report_mismatch(e, prop, want, diags_);
  }

  // Reads `m` by its rule in `schema` into `target`; false if it is not a scalar there.
  template <typename T>
  bool read_scalar(const BlockSchema& schema, const ast::Member& m, T& target) {
    const PropertyDef* p = schema.find(m.name);
    if (!p || !p->rule) return false;
    if (auto v = read_prop(m, *p->rule, diags_)) p->set(target, *v);
    return true;
  }

  std::optional<std::string> plain_string(const Expr& e, const std::string& prop) {
    return bfc::plain_string(e, prop, diags_);
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

  void workspace(const ast::Decl& d) {
    auto it = m_.workspace_index.find(d.name);
    if (it == m_.workspace_index.end() || ws_decl_[it->second] != &d) return;
    Workspace& w = m_.workspaces[it->second];
    if (const auto* m = d.body.find("members")) {
      w.restricted = true;
      w.members = string_list(*m);
    }
  }

  // The settings of a policy or backfill body, nested blocks included.
  void settings(const ast::Block& body, const BlockSchema& schema, Settings& s) {
    for (const auto& m : body.members) {
      if (m.name == "order") s.order_span = written(m);
      if (read_scalar(schema, m, s)) continue;
      if (m.name == "alert" && m.block) {
        for (const auto& am : m.block->members) {
          if (read_scalar(*nested_schema("alert"), am, s)) continue;
          if (am.name == "command")
            if (const Expr* e = one(am)) s.alert_command = e;
        }
        if (!m.block->find("command"))
          missing(*m.block, "command", m.name_span, "the `alert` block needs a `command`");
        if (!s.alert_on) s.alert_on = AlertOn::Failure;
      } else if (m.name == "limits" && m.block) {
        for (const auto& lm : m.block->members) read_scalar(*nested_schema("limits"), lm, s);
      }
    }
  }

  void policy(const ast::Decl& d) {
    auto it = m_.policy_index.find(d.name);
    if (it == m_.policy_index.end() || m_.policies[it->second].span.begin != d.name_span.begin)
      return;
    settings(d.body, schema_for(ast::DeclKind::Policy), m_.policies[it->second].settings);
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

  void unknown(DiagCode code, const Expr& e, const char* what,
               const std::map<std::string, uint32_t>& index) {
    auto& d = diags_.report(code, e.span, fmt::format("unknown {} `{}`", what, e.text));
    if (diags_.dropped(d)) return;
    std::vector<std::string> names;
    for (const auto& [k, v] : index) names.push_back(k);
    std::string best = closest_match(e.text, names);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
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
        if (o->kind == ExprKind::Unary) {
          sign = -1;
          o = o->items[0].get();
        }
        if (o->kind != ExprKind::Duration || o->int_value % 60 != 0) {
          diags_.report(DiagCode::E0301, off.span,
                        "a dependency offset is a duration in whole minutes, as in `[-1d]`");
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
      if (n == "self_dependent") t.self_dependent_span = written(m);
      if (read_scalar(schema_for(ast::DeclKind::Task), m, t)) continue;
      if (n == "workspace") {
        const Expr* e = one(m);
        if (!e) continue;
        if (e->kind != ExprKind::Name) {
          mismatch(*e, n, "a workspace name");
          continue;
        }
        auto w = m_.workspace_index.find(e->text);
        if (w == m_.workspace_index.end())
          unknown(DiagCode::E0206, *e, "workspace", m_.workspace_index);
        else
          t.workspace = w->second;
      } else if (n == "cycle")
        read_cycle(m, t, diags_);
      else if (n == "after")
        after(m, t);
      else if (n == "command") {
        if (const Expr* e = one(m)) {
          t.command = e;
          t.command_span = e->span;
        }
      } else if (n == "tags")
        t.tags = string_list(m);
      else if (n == "description" || n == "owner") {
        if (const Expr* e = one(m)) plain_string(*e, n);
      }
    }
    if (!d.body.find("command"))
      missing(d.body, "command", d.name_span, fmt::format("task `{}` has no `command`", d.name));
  }

  void backfill(const ast::Decl& d) {
    auto it = m_.backfill_index.find(d.name);
    if (it == m_.backfill_index.end() ||
        m_.backfills[it->second].name_span.begin != d.name_span.begin ||
        m_.backfills[it->second].name_span.file != d.name_span.file)
      return;
    Backfill& b = m_.backfills[it->second];
    if (const auto* m = d.body.find("use")) {
      const Expr* e = one(*m);
      if (e && e->kind == ExprKind::Name) {
        auto p = m_.policy_index.find(e->text);
        if (p == m_.policy_index.end()) {
          std::string hint = stdlib_hint(m_.stdlib_dir, e->text, ast::DeclKind::Policy);
          if (hint.empty())
            unknown(DiagCode::E0207, *e, "policy", m_.policy_index);
          else
            diags_.report(DiagCode::E0207, e->span, fmt::format("unknown policy `{}`", e->text))
                .notes.push_back({Span{}, hint});
        } else {
          b.settings.apply(m_.policies[p->second].settings);
        }
      } else if (e) {
        mismatch(*e, "use", "a policy name");
      }
    }
    Settings own;
    settings(d.body, schema_for(ast::DeclKind::Backfill), own);
    b.settings.apply(own);
    if (const auto* m = d.body.find("hours")) b.hours_span = m->span;
    if (const auto* m = d.body.find("as")) {
      if (const Expr* e = one(*m)) {
        if (auto s = plain_string(*e, "as")) {
          b.initiator = *s;
          b.initiator_span = e->span;
        }
      }
    }
    if (const auto* m = d.body.find("select"))
      b.select = one(*m);
    else
      missing(d.body, "select", d.name_span, fmt::format("backfill `{}` has no `select`", d.name));
    if (const auto* m = d.body.find("exclude")) b.exclude = one(*m);
    if (const auto* m = d.body.find("dates"))
      dates(*m, b);
    else
      missing(d.body, "dates", d.name_span, fmt::format("backfill `{}` has no `dates`", d.name));
  }

  void dates(const ast::Member& m, Backfill& b) {
    b.dates_span = m.span;
    std::vector<int64_t> out;
    for (const auto& v : m.values) {
      const Expr& e = *v;
      if (e.kind == ExprKind::Date) {
        out.push_back(e.int_value);
      } else if (e.kind == ExprKind::Range && e.items[0]->kind == ExprKind::Date &&
                 e.items[1]->kind == ExprKind::Date) {
        int64_t a = e.items[0]->int_value, z = e.items[1]->int_value;
        if (z < a) {
          diags_.report(DiagCode::E0302, e.span,
                        "the range ends before it starts; write the earlier date first");
          continue;
        }
        if (z - a > 100 * 366) {
          diags_.report(DiagCode::E0302, e.span, "the range is longer than 100 years");
          continue;
        }
        for (int64_t x = a; x <= z; ++x) out.push_back(x);
      } else if (e.kind == ExprKind::List) {
        diags_.report(
            DiagCode::E0301, e.span,
            "write dates without brackets: `dates = 2024-03-01..2024-03-31, 2024-05-02;`");
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

Model resolve_program(const Program& prog, DiagnosticSink& diags) {
  return Resolver(prog, diags).run();
}

}  // namespace bfc
