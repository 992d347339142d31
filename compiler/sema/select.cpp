#include "sema/select.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>

namespace bfc {

using ast::Expr;
using ast::ExprKind;

bool is_dry_run(Role r) {
  return r == Role::DryRunExcluded || r == Role::DryRunNoPermission || r == Role::DryRunNotSelected;
}
bool in_plan(Role r) {
  return r == Role::Run || is_dry_run(r);
}
const char* role_name(Role r) {
  switch (r) {
    case Role::NotSelected:
      return "not_selected";
    case Role::Run:
      return "run";
    case Role::DryRunExcluded:
      return "dry_run_excluded";
    case Role::DryRunNoPermission:
      return "dry_run_no_permission";
    case Role::DryRunNotSelected:
      return "dry_run_not_selected";
    case Role::DroppedExcluded:
      return "dropped_excluded";
    case Role::DroppedNoPermission:
      return "dropped_no_permission";
  }
  return "?";
}

namespace {

using Set = std::vector<char>;

class SetEvaluator {
 public:
  SetEvaluator(const Model& m, const TaskGraph& g, DiagnosticSink& d) : m_(m), g_(g), diags_(d) {}

  Set eval(const Expr& e) {
    size_t n = m_.tasks.size();
    switch (e.kind) {
      case ExprKind::Name: {
        Set s(n, 0);
        auto it = m_.task_index.find(e.text);
        if (it != m_.task_index.end()) {
          s[it->second] = 1;
        } else {
          auto& d =
              diags_.report(DiagCode::E0205, e.span, fmt::format("unknown task `{}`", e.text));
          if (diags_.dropped(d)) return s;  // past --error-limit: nobody reads the hint
          std::vector<std::string> names;
          for (const auto& t : m_.tasks) names.push_back(t.name);
          std::string best = closest_match(e.text, names);
          if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
        }
        return s;
      }
      case ExprKind::List: {
        Set s(n, 0);
        for (const auto& x : e.items) merge(s, eval(*x), '+');
        return s;
      }
      case ExprKind::Binary: {
        if (e.op != '+' && e.op != '-' && e.op != '&') break;
        Set l = eval(*e.items[0]);
        merge(l, eval(*e.items[1]), e.op);
        return l;
      }
      case ExprKind::Call:
        return call(e);
      default:
        break;
    }
    diags_.report(
        DiagCode::E0308, e.span,
        "a selection is a task name, a list, downstream(), upstream(), between(), workspace(), "
        "tagged() or matching(), combined with `+`, `-` and `&`");
    return Set(n, 0);
  }

 private:
  static void merge(Set& a, const Set& b, char op) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (op == '+')
        a[i] = a[i] || b[i];
      else if (op == '-')
        a[i] = a[i] && !b[i];
      else
        a[i] = a[i] && b[i];
    }
  }

  std::vector<uint32_t> members(const Set& s) {
    std::vector<uint32_t> v;
    for (uint32_t i = 0; i < s.size(); ++i)
      if (s[i]) v.push_back(i);
    return v;
  }

  std::vector<std::string> strings(const Expr& call) {
    std::vector<std::string> out;
    for (const auto& a : call.items) {
      std::vector<const Expr*> items;
      if (a->kind == ExprKind::List)
        for (const auto& x : a->items) items.push_back(x.get());
      else
        items.push_back(a.get());
      for (const Expr* x : items) {
        std::string s;
        bool ok =
            x->kind == ExprKind::String || (x->kind == ExprKind::Name && call.text == "workspace");
        if (x->kind == ExprKind::Name) s = x->text;
        for (const auto& p : x->parts) {
          if (p.expr) ok = false;
          s += p.text;
        }
        if (!ok) {
          diags_.report(
              DiagCode::E0308, x->span,
              fmt::format("`{}` takes {}", call.text,
                          call.text == "workspace" ? "workspace names" : "plain strings"));
          continue;
        }
        out.push_back(s);
      }
    }
    return out;
  }

  Set call(const Expr& e) {
    size_t n = m_.tasks.size();
    const std::string& f = e.text;
    if (f == "downstream" || f == "upstream") {
      Set from(n, 0);
      for (const auto& a : e.items) merge(from, eval(*a), '+');
      return reachable(g_, members(from), f == "downstream");
    }
    if (f == "between") {
      if (e.items.size() != 2) {
        diags_.report(DiagCode::E0308, e.span,
                      "`between` takes a start and a list of ends: `between(x, [y, z])`");
        return Set(n, 0);
      }
      Set a = reachable(g_, members(eval(*e.items[0])), true);
      Set b = reachable(g_, members(eval(*e.items[1])), false);
      merge(a, b, '&');
      return a;
    }
    if (f == "workspace") {
      Set s(n, 0);
      for (const auto& name : strings(e)) {
        auto it = m_.workspace_index.find(name);
        if (it == m_.workspace_index.end()) {
          diags_.report(DiagCode::E0206, e.span, fmt::format("unknown workspace `{}`", name));
          continue;
        }
        for (uint32_t t = 0; t < n; ++t)
          if (m_.tasks[t].workspace == it->second) s[t] = 1;
      }
      return s;
    }
    if (f == "tagged") {
      Set s(n, 0);
      for (const auto& tag : strings(e))
        for (uint32_t t = 0; t < n; ++t)
          if (std::find(m_.tasks[t].tags.begin(), m_.tasks[t].tags.end(), tag) !=
              m_.tasks[t].tags.end())
            s[t] = 1;
      return s;
    }
    if (f == "matching") {
      Set s(n, 0);
      for (const auto& pat : strings(e))
        for (uint32_t t = 0; t < n; ++t)
          if (fnmatch(pat.c_str(), m_.tasks[t].name.c_str(), 0) == 0) s[t] = 1;
      return s;
    }
    auto& d = diags_.report(DiagCode::E0308, e.name_span,
                            fmt::format("unknown selection function `{}`", f));
    std::string best =
        closest_match(f, {"downstream", "upstream", "between", "workspace", "tagged", "matching"});
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
    return Set(n, 0);
  }

  const Model& m_;
  const TaskGraph& g_;
  DiagnosticSink& diags_;
};

// The running task of lowest index above (or below) task `t`.
uint32_t first_running(const TaskGraph& g, const std::vector<Role>& role, uint32_t t,
                       bool downstream) {
  Set r = reachable(g, {t}, downstream);
  for (uint32_t u = 0; u < r.size(); ++u)
    if (r[u] && u != t && role[u] == Role::Run) return u;
  return kNone;
}

}  // namespace

Selection select_tasks(const Model& model, const TaskGraph& graph, const Backfill& b,
                       const std::string& as_user, DiagnosticSink& diags) {
  size_t n = model.tasks.size();
  Selection sel;
  sel.role.assign(n, Role::NotSelected);
  sel.initiator = as_user.empty() ? b.initiator : as_user;
  sel.between.assign(n, {kNone, kNone});
  if (!b.select) return sel;
  SetEvaluator ev(model, graph, diags);
  size_t errors_before = diags.error_count();
  Set selected = ev.eval(*b.select);
  Set excluded = b.exclude ? ev.eval(*b.exclude) : Set(n, 0);
  if (diags.error_count() > errors_before) return sel;

  auto permitted = [&](uint32_t t) {
    uint32_t w = model.tasks[t].workspace;
    if (w == kNone || !model.workspaces[w].restricted) return true;
    const auto& mem = model.workspaces[w].members;
    return std::find(mem.begin(), mem.end(), sel.initiator) != mem.end();
  };
  std::vector<uint32_t> running;
  for (uint32_t t = 0; t < n; ++t) {
    if (!selected[t]) continue;
    if (excluded[t])
      sel.role[t] = Role::DroppedExcluded;
    else if (!permitted(t))
      sel.role[t] = Role::DroppedNoPermission;
    else {
      sel.role[t] = Role::Run;
      running.push_back(t);
    }
  }
  if (running.empty() && std::count(selected.begin(), selected.end(), 1) == 0) {
    diags.report(DiagCode::E0405, b.select->span,
                 fmt::format("backfill `{}` selects no tasks", b.name));
    return sel;
  }
  // Tasks on a path between two running tasks stay in the plan as dry-runs.
  Set below = reachable(graph, running, true), above = reachable(graph, running, false);
  for (uint32_t t = 0; t < n; ++t) {
    bool between = below[t] && above[t];
    if (sel.role[t] == Role::DroppedExcluded && between) sel.role[t] = Role::DryRunExcluded;
    if (sel.role[t] == Role::DroppedNoPermission && between) sel.role[t] = Role::DryRunNoPermission;
    // DataWorks dry-runs unselected intermediates too, so the tasks below keep their order.
    if (sel.role[t] == Role::NotSelected && between) {
      sel.role[t] = Role::DryRunNotSelected;
      sel.between[t] = {first_running(graph, sel.role, t, false),
                        first_running(graph, sel.role, t, true)};
    }
  }
  for (uint32_t t = 0; t < n; ++t)
    if (in_plan(sel.role[t])) sel.tasks.push_back(t);
  // Roots: selected tasks (before exclusion) with no selected upstream. An unpermitted root
  // is an error: the initiator may not start this backfill at all.
  for (uint32_t t = 0; t < n; ++t) {
    if (!selected[t]) continue;
    bool has_up = false;
    for (uint32_t u : graph.up[t])
      if (selected[u] && u != t) has_up = true;
    if (has_up) continue;
    if (sel.role[t] == Role::DroppedNoPermission || sel.role[t] == Role::DryRunNoPermission) {
      const Workspace& w = model.workspaces[model.tasks[t].workspace];
      auto& d = diags.report(
          DiagCode::E0404, b.select->span,
          sel.initiator.empty()
              ? fmt::format("root task `{}` is in workspace `{}`, which restricts its members, and "
                            "the backfill names no initiator",
                            model.tasks[t].name, w.name)
              : fmt::format("`{}` may not backfill root task `{}`: not a member of workspace `{}`",
                            sel.initiator, model.tasks[t].name, w.name));
      d.notes.push_back({w.span, fmt::format("workspace `{}` is declared here", w.name)});
      if (sel.initiator.empty())
        d.notes.push_back({Span{}, "set `as = \"user\";` in the backfill or pass `--as USER`"});
      sel.denied_roots.push_back(t);
      continue;
    }
    if (in_plan(sel.role[t])) sel.roots.push_back(t);
  }
  return sel;
}

}  // namespace bfc
