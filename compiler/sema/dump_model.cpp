// `--dump=model`: the resolved model, one block per declaration (at its name), one property
// a line.
#include <fmt/format.h>

#include "frontend/dump.h"
#include "sema/dump.h"
#include "support/calendar.h"

namespace bfc {

std::string duration_text(int64_t seconds) {
  struct Unit {
    int64_t seconds;
    const char* suffix;
  };
  for (Unit u : {Unit{86400, "d"}, Unit{3600, "h"}, Unit{60, "m"}})
    if (seconds != 0 && seconds % u.seconds == 0)
      return fmt::format("{}{}", seconds / u.seconds, u.suffix);
  return fmt::format("{}s", seconds);
}

namespace {

// Writes `key = value` lines into `out`, four spaces in (under a declaration's line).
class ModelDumper {
 public:
  ModelDumper(const SourceManager& sm, const Model& m, std::string& out)
      : sm_(sm), m_(m), out_(out) {}

  void workspace(const Workspace& w) {
    head("workspace", w.name, w.span);
    std::string members;
    for (const auto& name : w.members) members += (members.empty() ? "" : ", ") + quoted(name);
    prop("members", w.restricted ? members : "everyone");
  }

  void param(const Param& p) {
    head("param", p.name, p.span);
    source("value", p.value);
  }

  void task(const Task& t) {
    head("task", t.name, t.name_span);
    prop("workspace", t.workspace == kNone ? "none" : m_.workspaces[t.workspace].name);
    prop("cycle", t.cycle.text);
    prop("at", cal::format_time(t.at_minutes));
    std::string after;
    for (const Dep& d : t.deps) {
      after += (after.empty() ? "" : ", ") + m_.tasks[d.task].name;
      if (d.offset_minutes != 0) after += "[" + duration_text(d.offset_minutes * 60) + "]";
    }
    prop("after", after.empty() ? "none" : after);
    prop("self_dependent", t.self_dependent ? "true" : "false");
    prop("retries", std::to_string(t.retries));
    prop("retry_delay", duration_text(t.retry_delay_s));
    prop("timeout", t.timeout_s ? duration_text(*t.timeout_s) : "none");
    prop("priority", std::to_string(t.priority));
    std::string tags;
    for (const auto& tag : t.tags) tags += (tags.empty() ? "" : ", ") + quoted(tag);
    prop("tags", tags.empty() ? "none" : tags);
    // Only when set, unlike the lines above: dumps of programs without images stay as they were.
    if (!t.image.empty()) prop("image", quoted(t.image));
    source("command", t.command);
  }

  void policy(const Policy& p) {
    head("policy", p.name, p.span);
    settings(p.settings);
  }

  void backfill(const Backfill& b) {
    head("backfill", b.name, b.name_span);
    prop("as", b.initiator.empty() ? "none" : quoted(b.initiator));
    source("select", b.select);
    source("exclude", b.exclude);
    prop("dates", dates(b.dates));
    settings(b.settings);
  }

 private:
  void head(const char* keyword, const std::string& name, Span at) {
    out_ += fmt::format("  {} {} @ {}\n", keyword, name, span_position(sm_, at));
  }

  void prop(std::string_view key, std::string_view value) {
    out_ += fmt::format("    {} = {}\n", key, value);
  }

  // An expression as written; a multi-line one (a heredoc) continues on "| " lines.
  void source(std::string_view key, const ast::Expr* e) {
    if (!e) return prop(key, "none");
    std::string_view text = sm_.text(e->span);
    size_t nl = text.find('\n');
    prop(key, text.substr(0, nl));
    while (nl != std::string_view::npos) {
      text.remove_prefix(nl + 1);
      nl = text.find('\n');
      out_ += fmt::format("      | {}\n", text.substr(0, nl));
    }
  }

  void settings(const Settings& s);
  static std::string dates(const std::vector<int64_t>& days);

  const SourceManager& sm_;
  const Model& m_;
  std::string& out_;
};

// Only the settings that are set: a backfill's are its policy's with its own on top.
void ModelDumper::settings(const Settings& s) {
  auto clock_range = [](const std::pair<int64_t, int64_t>& r) {
    return cal::format_time(r.first) + ".." + cal::format_time(r.second);
  };
  if (s.parallel) prop("parallel", std::to_string(*s.parallel));
  if (s.max_running) prop("max_running", std::to_string(*s.max_running));
  if (s.throttle_s) prop("throttle", duration_text(*s.throttle_s));
  if (s.descending) prop("order", *s.descending ? "descending" : "ascending");
  if (s.run_future) prop("run_future", *s.run_future ? "true" : "false");
  if (s.window) prop("window", clock_range(*s.window));
  if (s.hours) prop("hours", clock_range(*s.hours));
  if (s.alert_on) {
    const char* on[] = {"failure", "success", "always"};
    prop("alert.on", on[static_cast<int>(*s.alert_on)]);
  }
  if (s.alert_command) source("alert.command", s.alert_command);
  if (s.max_roots) prop("limits.roots", std::to_string(*s.max_roots));
  if (s.max_tasks) prop("limits.tasks", std::to_string(*s.max_tasks));
  if (s.max_instances) prop("limits.instances", std::to_string(*s.max_instances));
  if (s.image) prop("image", quoted(*s.image));
}

// Sorted days as ranges of consecutive days: "2024-03-01..2024-03-31, 2024-05-02 (32 days)".
std::string ModelDumper::dates(const std::vector<int64_t>& days) {
  std::string out;
  for (size_t i = 0; i < days.size();) {
    size_t j = i;
    while (j + 1 < days.size() && days[j + 1] == days[j] + 1) ++j;
    out += out.empty() ? "" : ", ";
    out += cal::format_date(days[i]);
    if (j > i) out += ".." + cal::format_date(days[j]);
    i = j + 1;
  }
  if (out.empty()) return "none";
  return fmt::format("{} ({} day{})", out, days.size(), days.size() == 1 ? "" : "s");
}

}  // namespace

std::string dump_model(const SourceManager& sm, const Model& m) {
  std::string out = fmt::format(
      "model: {}, {}, {}, {}, {}\n", counted(m.workspaces.size(), "workspace", "workspaces"),
      counted(m.params.size(), "param", "params"), counted(m.tasks.size(), "task", "tasks"),
      counted(m.policies.size(), "policy", "policies"),
      counted(m.backfills.size(), "backfill", "backfills"));
  ModelDumper d(sm, m, out);
  for (const Workspace& w : m.workspaces) d.workspace(w);
  for (const Param& p : m.params) d.param(p);
  for (const Task& t : m.tasks) d.task(t);
  for (const Policy& p : m.policies) d.policy(p);
  for (const Backfill& b : m.backfills) d.backfill(b);
  return out;
}

}  // namespace bfc
