#include "plan/lints.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "frontend/stdlib_index.h"
#include "plan/intervals.h"
#include "support/calendar.h"

namespace bfc {

namespace {

// All literal text of a command (string, heredoc or list), lower-cased.
std::string literal_text(const ast::Expr& e) {
  std::string out;
  if (e.kind == ast::ExprKind::List) {
    for (const auto& x : e.items) out += literal_text(*x) + " ";
    return out;
  }
  for (const auto& p : e.parts)
    for (char c : p.text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Finds `insert into` (any whitespace between) not followed by... OVERWRITE never follows
// INTO, so any `insert into` is a candidate; `insert overwrite` is the safe form.
size_t find_insert_into(const std::string& s) {
  size_t at = 0;
  while ((at = s.find("insert", at)) != std::string::npos) {
    bool word_start =
        at == 0 || !(std::isalnum(static_cast<unsigned char>(s[at - 1])) || s[at - 1] == '_');
    size_t p = at + 6;
    size_t ws = p;
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
    if (word_start && p > ws && s.compare(p, 4, "into") == 0 &&
        (p + 4 >= s.size() ||
         !(std::isalnum(static_cast<unsigned char>(s[p + 4])) || s[p + 4] == '_')))
      return at;
    at = p;
  }
  return std::string::npos;
}

// For a command written with Jinja's `{{ ds }}` (Airflow): a note toward `${ds}`, or "".
std::string jinja_note(const Model& model, const std::string& text) {
  size_t open = text.find("{{");
  size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
  if (close == std::string::npos) return "";
  std::string inner = text.substr(open + 2, close - open - 2);
  inner.erase(0, inner.find_first_not_of(" \t"));
  inner.erase(inner.find_last_not_of(" \t") + 1);
  bool name = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!name)
    return "`{{ ... }}` is Jinja (Airflow) syntax, which bfc leaves as text; write `${...}`";
  std::string note = fmt::format(
      "`{{{{ {} }}}}` is Jinja (Airflow) syntax, which bfc leaves as text; write `${{{}}}`", inner,
      inner);
  if (!model.param_index.count(inner)) {
    std::string hint = stdlib_hint(model.stdlib_dir, inner, ast::DeclKind::Param);
    if (!hint.empty()) note += "; " + hint;
  }
  return note;
}

}  // namespace

void lint_tasks(const Model& model, const CheckedParams& params, DiagnosticSink& diags) {
  for (const Task& t : model.tasks) {
    if (!t.command) continue;
    std::string text = literal_text(*t.command);
    bool env_date = text.find("bf_bizdate") != std::string::npos ||
                    text.find("bf_interval") != std::string::npos;
    bool reads_date = expr_reads(model, params, *t.command) & kReadsDate;
    if (!reads_date && !env_date) {
      auto& d =
          diags.report(DiagCode::W0001, t.command_span,
                       fmt::format("the command of task `{}` uses no date parameter", t.name));
      d.notes.push_back({Span{},
                         "every instance would run the same command; scope it with `${bizdate}`, "
                         "`${interval_start}` or a param"});
      if (std::string jinja = jinja_note(model, text); !jinja.empty())
        d.notes.push_back({Span{}, jinja});
    }
    if (find_insert_into(text) != std::string::npos) {
      auto& d =
          diags.report(DiagCode::W0002, t.command_span,
                       fmt::format("task `{}` uses `INSERT INTO` without `OVERWRITE`", t.name));
      d.notes.push_back({Span{},
                         "a rerun or a retry appends the rows again; use `INSERT OVERWRITE ... "
                         "PARTITION (...)`"});
    }
  }
}

namespace {

// Why task `t` runs as a dry-run, in words.
std::string dry_run_reason(const Model& model, const Selection& sel, uint32_t t) {
  if (sel.role[t] == Role::DryRunExcluded) return "excluded";
  if (sel.role[t] == Role::DryRunNoPermission)
    return fmt::format("`{}` is not a member of its workspace", sel.initiator);
  auto [above, below] = sel.between[t];
  return fmt::format("not selected, but on a path between selected tasks `{}` and `{}`",
                     model.tasks[above].name, model.tasks[below].name);
}

}  // namespace

void check_backfill_limits(const Model& model, const Backfill& b, const Selection& sel,
                           int64_t today, DiagnosticSink& diags) {
  const Settings& s = b.settings;
  int64_t max_roots = s.max_roots.value_or(500), max_tasks = s.max_tasks.value_or(2000);
  if (static_cast<int64_t>(sel.roots.size()) > max_roots) {
    auto& d = diags.report(DiagCode::E0501, b.name_span,
                           fmt::format("backfill `{}` has {} root tasks; the limit is {}", b.name,
                                       sel.roots.size(), max_roots));
    d.notes.push_back({Span{}, "raise it with `limits { roots = N; }` if this is intended"});
  }
  if (static_cast<int64_t>(sel.tasks.size()) > max_tasks) {
    auto& d = diags.report(DiagCode::E0502, b.name_span,
                           fmt::format("backfill `{}` selects {} tasks; the limit is {}", b.name,
                                       sel.tasks.size(), max_tasks));
    d.notes.push_back({Span{}, "raise it with `limits { tasks = N; }` if this is intended"});
  }
  if (!s.run_future.value_or(false) && !b.dates.empty() && b.dates.back() > today) {
    auto first = std::upper_bound(b.dates.begin(), b.dates.end(), today);
    auto& d = diags.report(
        DiagCode::E0504, b.dates_span,
        fmt::format(
            "backfill `{}` includes {} after today ({}), starting with {}", b.name,
            b.dates.end() - first == 1 ? "a date" : fmt::format("{} dates", b.dates.end() - first),
            cal::format_date(today), cal::format_date(*first)));
    d.notes.push_back(
        {Span{}, "their data does not exist yet; set `run_future = true;` if that is intended"});
  }
  for (uint32_t t : sel.tasks) {
    if (!is_dry_run(sel.role[t])) continue;
    auto& d = diags.report(DiagCode::W0003, b.name_span,
                           fmt::format("task `{}` runs as a dry-run in backfill `{}` ({})",
                                       model.tasks[t].name, b.name, dry_run_reason(model, sel, t)));
    d.notes.push_back({model.tasks[t].name_span,
                       "it lies between selected tasks: its instances succeed without running, so "
                       "its outputs are not rebuilt"});
  }
  for (uint32_t t = 0; t < model.tasks.size(); ++t) {
    if (sel.role[t] != Role::DroppedNoPermission) continue;
    // A root the initiator may not run is already E0404.
    if (std::find(sel.denied_roots.begin(), sel.denied_roots.end(), t) != sel.denied_roots.end())
      continue;
    const Task& task = model.tasks[t];
    const Workspace& w = model.workspaces[task.workspace];
    auto& d = diags.report(
        DiagCode::W0009, b.name_span,
        sel.initiator.empty()
            ? fmt::format("task `{}` is dropped from backfill `{}`: workspace `{}` restricts its "
                          "members and the backfill names no initiator",
                          task.name, b.name, w.name)
            : fmt::format("task `{}` is dropped from backfill `{}`: `{}` is not a member of "
                          "workspace `{}`",
                          task.name, b.name, sel.initiator, w.name));
    d.notes.push_back({w.span, fmt::format("workspace `{}` is declared here", w.name)});
    d.notes.push_back(
        {Span{}, fmt::format("to include it, add the initiator to the `members` of `{}`, or run "
                             "`--as` one of its members",
                             w.name)});
  }
  if (!b.dates.empty() && b.dates.back() - b.dates.front() + 1 > 366) {
    diags
        .report(DiagCode::W0005, b.dates_span,
                fmt::format("backfill `{}` spans {} days ({} to {})", b.name,
                            b.dates.back() - b.dates.front() + 1, cal::format_date(b.dates.front()),
                            cal::format_date(b.dates.back())))
        .notes.push_back({Span{}, "consider splitting it into several reviewed backfills"});
  }
  if (s.parallel.value_or(1) > 1 && b.dates.size() > 1) {
    for (uint32_t t : sel.tasks) {
      if (!model.tasks[t].self_dependent) continue;
      auto& d =
          diags.report(DiagCode::W0006, b.name_span,
                       fmt::format("`parallel = {}` has no effect on self-dependent task `{}`",
                                   *s.parallel, model.tasks[t].name));
      d.notes.push_back(
          {model.tasks[t].name_span,
           "each instance waits for the previous date's, so the groups run one after another"});
      break;
    }
  }
}

// Two backfills are compared only when their dates meet, and then only on the tasks both
// run (a merge of their sorted task lists), so the pass costs what the overlaps cost rather
// than backfills x backfills x tasks.
void lint_overlaps(const Model& model, const std::vector<const Backfill*>& backfills,
                   const std::vector<Selection>& sels, DiagnosticSink& diags) {
  std::vector<std::vector<uint32_t>> runs(backfills.size());  // sorted task ids per backfill
  for (size_t i = 0; i < backfills.size(); ++i)
    for (uint32_t t = 0; t < model.tasks.size() && t < sels[i].role.size(); ++t)
      if (sels[i].role[t] == Role::Run) runs[i].push_back(t);
  std::vector<int64_t> common;
  for (size_t i = 0; i < backfills.size(); ++i)
    for (size_t j = i + 1; j < backfills.size(); ++j) {
      const Backfill &a = *backfills[i], &b = *backfills[j];
      if (runs[i].empty() || runs[j].empty()) continue;
      if (a.dates.empty() || b.dates.empty() || a.dates.back() < b.dates.front() ||
          b.dates.back() < a.dates.front())
        continue;
      common.clear();
      std::set_intersection(a.dates.begin(), a.dates.end(), b.dates.begin(), b.dates.end(),
                            std::back_inserter(common));
      if (common.empty()) continue;
      const auto &ri = runs[i], &rj = runs[j];
      for (size_t x = 0, y = 0; x < ri.size() && y < rj.size();) {
        if (ri[x] < rj[y]) {
          ++x;
          continue;
        }
        if (rj[y] < ri[x]) {
          ++y;
          continue;
        }
        uint32_t t = ri[x];
        ++x, ++y;
        bool clash = false;
        std::vector<Interval> p, q;
        for (int64_t day : common) {
          intervals_on(model.tasks[t].cycle, day, a.settings.hours, p);
          intervals_on(model.tasks[t].cycle, day, b.settings.hours, q);
          // Both sorted by start: a common interval is a common element.
          size_t m = 0, k = 0;
          while (m < p.size() && k < q.size() && p[m] != q[k]) (p[m] < q[k] ? m : k)++;
          if (m < p.size() && k < q.size()) {
            clash = true;
            break;
          }
        }
        if (!clash) continue;
        auto& d = diags.report(
            DiagCode::W0004, b.name_span,
            fmt::format("backfills `{}` and `{}` both write task `{}` on {} common date{}", a.name,
                        b.name, model.tasks[t].name, common.size(), common.size() == 1 ? "" : "s"));
        d.notes.push_back({a.name_span, fmt::format("`{}` is declared here", a.name)});
        break;
      }
    }
}

}  // namespace bfc
