// The plan emitter. A plan of a year of 2,000 daily tasks is ~730k instances and a few
// hundred MiB of JSON, so the instance loop allocates nothing per instance: per-task text
// is prepared once, ids and dates are written straight into the output buffer, and the
// buffer goes to the sink in ~1 MiB chunks (one write(2) each for a file).
#include "plan/emit.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <functional>

#include "support/calendar.h"
#include "common/int_math.h"
#include "common/sha256.h"

namespace bfc {

namespace {

constexpr size_t kChunk = 1 << 20;
constexpr int64_t kDay = cal::kMinutesPerDay;


bool needs_escape(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

// Appends a JSON string literal. Runs of plain bytes are copied at once.
void json_str(std::string& o, std::string_view s) {
  o += '"';
  size_t plain = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    o.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      case '\b': o += "\\b"; break;
      case '\f': o += "\\f"; break;
      default: o += fmt::format("\\u{:04x}", c);
    }
  }
  o.append(s.data() + plain, s.size() - plain);
  o += '"';
}

void put_int(std::string& o, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, r.ptr);
}

// "YYYY-MM-DD" of a day, memoized: instances come date by date, so almost every lookup
// hits.
class DateText {
 public:
  void put(std::string& o, int64_t day) {
    Slot& s = slots_[static_cast<uint64_t>(day) % slots_.size()];
    if (!s.valid || s.day != day) {
      std::string t = cal::format_date(day);
      std::memcpy(s.text, t.data(), sizeof s.text);
      s.day = day;
      s.valid = true;
    }
    o.append(s.text, sizeof s.text);
  }
  // "YYYY-MM-DDTHH:MM"
  void put_datetime(std::string& o, int64_t minutes) {
    int64_t d = floor_div(minutes, kDay), m = minutes - d * kDay;
    put(o, d);
    char hm[6] = {'T', char('0' + m / 600), char('0' + m / 60 % 10), ':', char('0' + m % 60 / 10), char('0' + m % 10)};
    o.append(hm, sizeof hm);
  }

 private:
  struct Slot {
    int64_t day = 0;
    bool valid = false;
    char text[10];
  };
  std::array<Slot, 512> slots_{};
};

// Appends the rendered command: a JSON string, or an array for the exec form. `scratch`
// is reused between calls so rendering allocates nothing once it has grown.
void command_json(std::string& o, const ast::Expr& cmd, Evaluator& eval, std::string& scratch) {
  auto one = [&](const ast::Expr& e) {
    scratch.clear();
    eval.render_to(e, scratch);
    json_str(o, scratch);
  };
  if (cmd.kind == ast::ExprKind::List) {
    o += '[';
    for (size_t i = 0; i < cmd.items.size(); ++i) {
      if (i) o += ", ";
      one(*cmd.items[i]);
    }
    o += ']';
    return;
  }
  one(cmd);
}

const char* alert_on_name(AlertOn a) {
  switch (a) {
    case AlertOn::Failure: return "failure";
    case AlertOn::Success: return "success";
    case AlertOn::Always: return "always";
  }
  return "failure";
}

// Everything before `external_deps`: format, backfill, today, initiator, sources,
// settings, groups.
void emit_head(std::string& o, const Program& prog, const InstanceGraph& g, Evaluator& eval) {
  const Backfill& b = *g.backfill;
  const Settings& s = b.settings;
  o += "{\n  \"format\": \"bfc-plan/1\",\n  \"backfill\": ";
  json_str(o, b.name);
  o += ",\n  \"today\": \"" + cal::format_date(g.today) + "\",\n  \"initiator\": ";
  if (g.selection.initiator.empty()) o += "null";
  else json_str(o, g.selection.initiator);
  o += ",\n  \"sources\": [";
  for (uint32_t f = 1; f <= prog.sources.count(); ++f) {
    const SourceFile& sf = prog.sources.file(f);
    o += f == 1 ? "\n    " : ",\n    ";
    o += "{\"path\": ";
    json_str(o, sf.path);
    o += ", \"sha256\": \"" + sha256_hex(sf.text) + "\"}";
  }
  o += "\n  ],\n  \"settings\": {";
  o += fmt::format("\"parallel\": {}, \"order\": \"{}\", \"throttle_s\": {}, \"max_running\": {}, ",
                   s.parallel.value_or(1), s.descending.value_or(false) ? "descending" : "ascending",
                   s.throttle_s.value_or(0), s.max_running ? std::to_string(*s.max_running) : "null");
  if (s.window)
    o += fmt::format("\"window\": {{\"start\": \"{}\", \"end\": \"{}\"}}, ", cal::format_time(s.window->first),
                     cal::format_time(s.window->second));
  else
    o += "\"window\": null, ";
  if (s.alert_command) {
    InstanceEnv env;
    env.backfill = &b.name;
    eval.begin_instance(env);
    o += fmt::format("\"alert\": {{\"on\": \"{}\", \"command\": ", alert_on_name(s.alert_on.value_or(AlertOn::Failure)));
    std::string scratch;
    command_json(o, *s.alert_command, eval, scratch);
    o += "}, ";
  } else {
    o += "\"alert\": null, ";
  }
  o += fmt::format("\"run_future\": {}}},\n  \"groups\": [", s.run_future.value_or(false) ? "true" : "false");
  for (size_t i = 0; i < g.groups.size(); ++i) {
    o += i ? ",\n    " : "\n    ";
    o += fmt::format("{{\"id\": {}, \"dates\": [", g.groups[i].id);
    for (size_t k = 0; k < g.groups[i].dates.size(); ++k) {
      if (k) o += ", ";
      o += "\"" + cal::format_date(g.groups[i].dates[k]) + "\"";
    }
    o += "]}";
  }
  o += g.groups.empty() ? "],\n" : "\n  ],\n";
}

// The constant parts of a task's instances, rendered once.
struct TaskText {
  std::string id_prefix;  // "name@   (opening quote included)
  bool sub_daily = false;
  std::string after_id;   // ", "task": ..., "interval_start": "
  std::string after_priority;  // , "mode": ..., "command":
  std::string after_command;   // , "retries": ..., "deps": [
};

TaskText task_text(const Model& m, const InstanceGraph& g, uint32_t t) {
  const Task& task = m.tasks[t];
  TaskText x;
  json_str(x.id_prefix, task.name + "@");
  x.id_prefix.pop_back();  // the closing quote comes after the label
  x.sub_daily = task.cycle.sub_daily();
  x.after_id = ", \"task\": ";
  json_str(x.after_id, task.name);
  x.after_id += ", \"workspace\": ";
  if (task.workspace == kNone) x.after_id += "null";
  else json_str(x.after_id, m.workspaces[task.workspace].name);
  x.after_id += ", \"interval_start\": \"";
  Role r = g.selection.role[t];
  x.after_priority = fmt::format(", \"mode\": \"{}\", \"dry_run_reason\": {}, \"command\": ",
                                 is_dry_run(r) ? "dry_run" : "run",
                                 r == Role::DryRunExcluded       ? "\"excluded\""
                                 : r == Role::DryRunNoPermission ? "\"no_permission\""
                                                                 : "null");
  x.after_command = fmt::format(", \"retries\": {}, \"retry_delay_s\": {}, \"timeout_s\": {}, \"deps\": [", task.retries,
                                task.retry_delay_s, task.timeout_s ? std::to_string(*task.timeout_s) : "null");
  return x;
}

}  // namespace

bool emit_plan(const ByteSink& sink, const Program& prog, const InstanceGraph& g, Evaluator& eval) {
  const Model& m = *g.model;
  const Backfill& b = *g.backfill;
  std::string o;
  o.reserve(kChunk + (kChunk >> 2));
  emit_head(o, prog, g, eval);

  // All external dependencies, sorted and unique.
  std::vector<ExternalRef> all_ext = g.ext;
  std::sort(all_ext.begin(), all_ext.end(), [&](const ExternalRef& a, const ExternalRef& c) {
    if (a.task != c.task) return g.task_rank[a.task] < g.task_rank[c.task];
    return a.start < c.start;
  });
  all_ext.erase(std::unique(all_ext.begin(), all_ext.end()), all_ext.end());

  std::vector<TaskText> text(m.tasks.size());
  std::vector<bool> prepared(m.tasks.size(), false);
  auto task_of = [&](uint32_t t) -> const TaskText& {
    if (!prepared[t]) {
      text[t] = task_text(m, g, t);
      prepared[t] = true;
    }
    return text[t];
  };
  DateText dates;
  std::string scratch;
  auto put_id = [&](uint32_t task, int64_t start) {
    const TaskText& x = task_of(task);
    o += x.id_prefix;
    if (x.sub_daily) dates.put_datetime(o, start);
    else dates.put(o, floor_div(start, kDay));
    o += '"';
  };

  o += "  \"external_deps\": [";
  for (size_t i = 0; i < all_ext.size(); ++i) {
    if (i) o += ", ";
    put_id(all_ext[i].task, all_ext[i].start);
  }
  o += "],\n  \"instances\": [";
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    const Task& t = m.tasks[in.task];
    const TaskText& x = task_of(in.task);
    const std::string* ws = t.workspace == kNone ? nullptr : &m.workspaces[t.workspace].name;
    int64_t cyctime = in.end + t.at_minutes;
    InstanceEnv env{in.bizdate, in.start, in.end, cyctime, &t.name, &b.name, ws, nullptr};
    eval.begin_instance(env);
    o += i ? ",\n    {\"id\": " : "\n    {\"id\": ";
    put_id(in.task, in.start);
    o += x.after_id;
    dates.put_datetime(o, in.start);
    o += "\", \"interval_end\": \"";
    dates.put_datetime(o, in.end);
    o += "\", \"bizdate\": \"";
    dates.put(o, in.bizdate);
    o += "\", \"cyctime\": \"";
    dates.put_datetime(o, cyctime);
    o += "\", \"group\": ";
    put_int(o, in.group);
    o += ", \"priority\": ";
    put_int(o, in.priority);
    o += x.after_priority;
    if (t.command) command_json(o, *t.command, eval, scratch);
    else o += "\"\"";
    o += x.after_command;
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) {
      if (k != in.deps_begin) o += ", ";
      const Instance& d = g.instances[g.deps[k]];
      put_id(d.task, d.start);
    }
    o += "], \"external_deps\": [";
    for (uint32_t k = in.ext_begin; k < in.ext_end; ++k) {
      if (k != in.ext_begin) o += ", ";
      put_id(g.ext[k].task, g.ext[k].start);
    }
    o += "]}";
    if (o.size() >= kChunk) {
      if (!sink(o)) return false;
      o.clear();
    }
  }
  o += g.instances.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return sink(o);
}

std::string plan_json(const Program& prog, const InstanceGraph& g, Evaluator& eval) {
  std::string all;
  emit_plan([&](std::string_view chunk) { all += chunk; return true; }, prog, g, eval);
  return all;
}

}  // namespace bfc
