// The plan emitter. A plan of a year of 2,000 daily tasks is ~730k instances and a few
// hundred MiB of JSON, so the instance loop allocates nothing per instance: per-task text
// is prepared once, ids and dates are written straight into the output buffer, and the
// buffer goes to the sink in ~1 MiB chunks (one write(2) each for a file).
#include "plan/emit.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/fingerprint.h"
#include "common/int_math.h"
#include "common/sha256.h"
#include "plan/json_out.h"
#include "sema/expr_eval.h"
#include "support/calendar.h"

namespace bfc {

namespace {

constexpr size_t kChunk = 1 << 20;
constexpr int64_t kDay = cal::kMinutesPerDay;

// Appends the rendered command: a JSON string, or an array for the exec form. `scratch`
// is reused between calls so rendering allocates nothing once it has grown.
void command_json(std::string& o, const ast::Expr& cmd, Evaluator& eval, std::string& scratch,
                  FingerprintBuilder* fp = nullptr) {
  auto one = [&](const ast::Expr& e) {
    scratch.clear();
    eval.render_to(e, scratch);
    json_str(o, scratch);
    return std::string_view(scratch);
  };
  if (cmd.kind == ast::ExprKind::List) {
    if (fp) fp->command_list(cmd.items.size());
    o += '[';
    for (size_t i = 0; i < cmd.items.size(); ++i) {
      if (i) o += ", ";
      std::string_view item = one(*cmd.items[i]);
      if (fp) fp->field(item);
    }
    o += ']';
    return;
  }
  std::string_view text = one(cmd);
  if (fp) fp->command_text(text);
}

const char* alert_on_name(AlertOn a) {
  switch (a) {
    case AlertOn::Failure:
      return "failure";
    case AlertOn::Success:
      return "success";
    case AlertOn::Always:
      return "always";
  }
  return "failure";
}

// The "sources" array: every file of the program with its SHA-256.
void emit_sources(std::string& o, const Program& prog) {
  o += ",\n  \"sources\": [";
  for (uint32_t f = 1; f <= prog.sources.count(); ++f) {
    const SourceFile& sf = prog.sources.file(f);
    o += f == 1 ? "\n    " : ",\n    ";
    o += "{\"path\": ";
    json_str(o, sf.path);
    o += ", \"sha256\": \"" + sha256_hex(sf.text) + "\"}";
  }
  o += "\n  ],\n";
}

// The "settings" object, the alert command rendered for the backfill.
void emit_settings(std::string& o, const Backfill& b, Evaluator& eval) {
  const Settings& s = b.settings;
  o += "  \"settings\": {";
  o += fmt::format(
      "\"parallel\": {}, \"order\": \"{}\", \"throttle_s\": {}, \"max_running\": {}, ",
      s.parallel.value_or(1), s.descending.value_or(false) ? "descending" : "ascending",
      s.throttle_s.value_or(0), s.max_running ? std::to_string(*s.max_running) : "null");
  if (s.window)
    o += fmt::format("\"window\": {{\"start\": \"{}\", \"end\": \"{}\"}}, ",
                     cal::format_time(s.window->first), cal::format_time(s.window->second));
  else
    o += "\"window\": null, ";
  if (s.alert_command) {
    InstanceEnv env;
    env.backfill = &b.name;
    eval.begin_instance(env);
    o += fmt::format("\"alert\": {{\"on\": \"{}\", \"command\": ",
                     alert_on_name(s.alert_on.value_or(AlertOn::Failure)));
    std::string scratch;
    command_json(o, *s.alert_command, eval, scratch);
    o += "}, ";
  } else {
    o += "\"alert\": null, ";
  }
  o += fmt::format("\"run_future\": {}}},\n", s.run_future.value_or(false) ? "true" : "false");
}

// The "groups" array.
void emit_groups(std::string& o, const std::vector<Group>& groups) {
  o += "  \"groups\": [";
  for (size_t i = 0; i < groups.size(); ++i) {
    o += i ? ",\n    " : "\n    ";
    o += fmt::format("{{\"id\": {}, \"dates\": [", groups[i].id);
    for (size_t k = 0; k < groups[i].dates.size(); ++k) {
      if (k) o += ", ";
      o += "\"" + cal::format_date(groups[i].dates[k]) + "\"";
    }
    o += "]}";
  }
  o += groups.empty() ? "],\n" : "\n  ],\n";
}

// "dropped": the selected tasks the backfill leaves out (a blacklist, or no permission and
// not between two running tasks), sorted by name; written only when there are some.
void emit_dropped(std::string& o, const Model& m, const Selection& sel) {
  std::vector<uint32_t> tasks;
  for (uint32_t t = 0; t < sel.role.size(); ++t)
    if (sel.role[t] == Role::DroppedExcluded || sel.role[t] == Role::DroppedNoPermission)
      tasks.push_back(t);
  if (tasks.empty()) return;
  std::sort(tasks.begin(), tasks.end(),
            [&](uint32_t a, uint32_t b) { return m.tasks[a].name < m.tasks[b].name; });
  o += "  \"dropped\": [";
  for (size_t i = 0; i < tasks.size(); ++i) {
    const Task& t = m.tasks[tasks[i]];
    o += i ? ",\n    {\"task\": " : "\n    {\"task\": ";
    json_str(o, t.name);
    o += ", \"workspace\": ";
    if (t.workspace == kNone)
      o += "null";
    else
      json_str(o, m.workspaces[t.workspace].name);
    o += sel.role[tasks[i]] == Role::DroppedExcluded ? ", \"reason\": \"excluded\"}"
                                                     : ", \"reason\": \"no_permission\"}";
  }
  o += "\n  ],\n";
}

// Everything before `external_deps`: format, backfill, today, initiator, sources,
// settings, groups, dropped.
void emit_head(std::string& o, const Program& prog, const InstanceGraph& g, Evaluator& eval) {
  o += "{\n  \"format\": \"bfc-plan/2\",\n  \"backfill\": ";
  json_str(o, g.backfill->name);
  o += ",\n  \"today\": \"" + cal::format_date(g.today) + "\",\n  \"initiator\": ";
  if (g.selection.initiator.empty())
    o += "null";
  else
    json_str(o, g.selection.initiator);
  emit_sources(o, prog);
  emit_settings(o, *g.backfill, eval);
  emit_groups(o, g.groups);
  emit_dropped(o, *g.model, g.selection);
}

// The constant parts of a task's instances, rendered once.
struct TaskText {
  std::string id_prefix;  // "name@   (opening quote included)
  bool sub_daily = false;
  std::string after_id;        // ", "task": ..., "interval_start": "
  std::string after_priority;  // , "mode": ..., "command":
  std::string after_command;   // [, "image": ...], "retries": ..., "deps": [
  std::string image;           // the task's, else the backfill's (policy's); empty: none
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
  if (task.workspace == kNone)
    x.after_id += "null";
  else
    json_str(x.after_id, m.workspaces[task.workspace].name);
  x.after_id += ", \"interval_start\": \"";
  Role r = g.selection.role[t];
  x.after_priority = fmt::format(", \"mode\": \"{}\", \"dry_run_reason\": {}, \"command\": ",
                                 is_dry_run(r) ? "dry_run" : "run",
                                 r == Role::DryRunExcluded       ? "\"excluded\""
                                 : r == Role::DryRunNoPermission ? "\"no_permission\""
                                 : r == Role::DryRunNotSelected  ? "\"not_selected\""
                                                                 : "null");
  // The most specific image wins: the task's, then the backfill's own, then its policy's
  // (Settings::apply already put the backfill's over the policy's).
  x.image = !task.image.empty() ? task.image : g.backfill->settings.image.value_or("");
  // "image" is written only when there is one, so plans without images read as before.
  if (!x.image.empty()) {
    x.after_command = ", \"image\": ";
    json_str(x.after_command, x.image);
  }
  x.after_command += fmt::format(
      ", \"retries\": {}, \"retry_delay_s\": {}, \"timeout_s\": {}, \"deps\": [", task.retries,
      task.retry_delay_s, task.timeout_s ? std::to_string(*task.timeout_s) : "null");
  return x;
}

// Writes instances and instance ids; per-task text is prepared on first use.
class InstanceWriter {
 public:
  InstanceWriter(std::string& o, const InstanceGraph& g, Evaluator& eval)
      : o_(o),
        g_(g),
        m_(*g.model),
        eval_(eval),
        text_(m_.tasks.size()),
        prepared_(m_.tasks.size(), false) {}

  // The plan's "external_deps": every external instance, sorted and unique.
  void external_deps();
  // Renders every instance's command and computes its fingerprint and lineage; instance()
  // then writes them (the commands are rendered once).
  void fingerprints();
  // One element of "instances" (after fingerprints()).
  void instance(uint32_t i);

 private:
  const TaskText& task_of(uint32_t t) {
    if (!prepared_[t]) {
      text_[t] = task_text(m_, g_, t);
      prepared_[t] = true;
    }
    return text_[t];
  }
  void put_id(uint32_t task, int64_t start) {
    const TaskText& x = task_of(task);
    o_ += x.id_prefix;
    put_label(o_, task, start);
    o_ += '"';
  }
  // The date or date-time after the `@` of an id.
  void put_label(std::string& out, uint32_t task, int64_t start) {
    if (task_of(task).sub_daily)
      dates_.put_datetime(out, start);
    else
      dates_.put(out, floor_div(start, kDay));
  }
  // The id as plain text (task names need no JSON escaping).
  void raw_id(std::string& out, uint32_t task, int64_t start) {
    out = m_.tasks[task].name;
    out += '@';
    put_label(out, task, start);
  }
  void begin_instance(const Instance& in);
  uint64_t own_fingerprint(uint32_t i, FingerprintBuilder& fb);
  void compute_lineages();
  void put_deps(const Instance& in);

  std::string& o_;
  const InstanceGraph& g_;
  const Model& m_;
  Evaluator& eval_;
  std::vector<TaskText> text_;
  std::vector<bool> prepared_;
  DateText dates_;
  std::string scratch_;
  std::string commands_;             // every instance's command, as JSON, back to back
  std::vector<size_t> command_end_;  // end of instance i's command in commands_
  std::vector<uint64_t> fingerprint_, lineage_;
};

void InstanceWriter::external_deps() {
  std::vector<ExternalRef> all = g_.ext;
  std::sort(all.begin(), all.end(), [&](const ExternalRef& a, const ExternalRef& c) {
    if (a.task != c.task) return g_.task_rank[a.task] < g_.task_rank[c.task];
    return a.start < c.start;
  });
  all.erase(std::unique(all.begin(), all.end()), all.end());
  for (size_t i = 0; i < all.size(); ++i) {
    if (i) o_ += ", ";
    put_id(all[i].task, all[i].start);
  }
}

void InstanceWriter::instance(uint32_t i) {
  const Instance& in = g_.instances[i];
  const Task& t = m_.tasks[in.task];
  const TaskText& x = task_of(in.task);
  int64_t cyctime = in.end + t.at_minutes;
  o_ += i ? ",\n    {\"id\": " : "\n    {\"id\": ";
  put_id(in.task, in.start);
  o_ += x.after_id;
  dates_.put_datetime(o_, in.start);
  o_ += "\", \"interval_end\": \"";
  dates_.put_datetime(o_, in.end);
  o_ += "\", \"bizdate\": \"";
  dates_.put(o_, in.bizdate);
  o_ += "\", \"cyctime\": \"";
  dates_.put_datetime(o_, cyctime);
  // DataWorks runs a future-dated instance only once its data time has passed.
  if (in.bizdate > g_.today) {
    o_ += "\", \"not_before\": \"";
    dates_.put_datetime(o_, cyctime);
  }
  o_ += "\", \"group\": ";
  put_int(o_, in.group);
  o_ += ", \"priority\": ";
  put_int(o_, in.priority);
  o_ += x.after_priority;
  size_t begin = i ? command_end_[i - 1] : 0;
  o_.append(commands_, begin, command_end_[i] - begin);
  o_ += x.after_command;
  put_deps(in);
  o_ += "], \"fingerprint\": \"";
  o_ += fingerprint_hex(fingerprint_[i]);
  o_ += "\", \"lineage\": \"";
  o_ += fingerprint_hex(lineage_[i]);
  o_ += "\"}";
}

void InstanceWriter::begin_instance(const Instance& in) {
  const Task& t = m_.tasks[in.task];
  const std::string* ws = t.workspace == kNone ? nullptr : &m_.workspaces[t.workspace].name;
  eval_.begin_instance(InstanceEnv{in.bizdate, in.start, in.end, in.end + t.at_minutes, &t.name,
                                   &g_.backfill->name, ws, nullptr});
}

// The fields of docs/plan-format.md "Fingerprints", in that order; renders the command.
uint64_t InstanceWriter::own_fingerprint(uint32_t i, FingerprintBuilder& fb) {
  const Instance& in = g_.instances[i];
  const Task& t = m_.tasks[in.task];
  begin_instance(in);
  fb.reset();
  std::string& f = scratch_;
  raw_id(f, in.task, in.start);
  fb.field(f);
  if (t.workspace == kNone)
    fb.null_field();
  else
    fb.field(m_.workspaces[t.workspace].name);
  f.clear();
  dates_.put_datetime(f, in.start);
  fb.field(f);
  f.clear();
  dates_.put_datetime(f, in.end);
  fb.field(f);
  f.clear();
  dates_.put(f, in.bizdate);
  fb.field(f);
  f.clear();
  dates_.put_datetime(f, in.end + t.at_minutes);
  fb.field(f);
  fb.field(is_dry_run(g_.selection.role[in.task]) ? "dry_run" : "run");
  if (t.command)
    command_json(commands_, *t.command, eval_, scratch_, &fb);
  else {
    commands_ += "\"\"";
    fb.command_text("");
  }
  const std::string& image = task_of(in.task).image;
  if (!image.empty()) fb.image(image);
  return fb.finish();
}

void InstanceWriter::fingerprints() {
  size_t n = g_.instances.size();
  fingerprint_.resize(n);
  command_end_.resize(n);
  FingerprintBuilder fb;
  for (uint32_t i = 0; i < n; ++i) {
    fingerprint_[i] = own_fingerprint(i, fb);
    command_end_[i] = commands_.size();
  }
  compute_lineages();
}

// Lineages upstream first, by the walk the runtime uses for bfc-plan/1 plans.
void InstanceWriter::compute_lineages() {
  lineage_ = lineages(
      g_.instances.size(), fingerprint_,
      [&](std::size_t i, std::vector<std::size_t>& out) {
        const Instance& in = g_.instances[i];
        for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) out.push_back(g_.deps[k]);
      },
      [&](std::size_t i, std::vector<std::string>& out) {
        const Instance& in = g_.instances[i];
        for (uint32_t k = in.ext_begin; k < in.ext_end; ++k)
          raw_id(out.emplace_back(), g_.ext[k].task, g_.ext[k].start);
      });
}

// The instance's "deps" (the opening bracket is already written) and "external_deps".
void InstanceWriter::put_deps(const Instance& in) {
  for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) {
    if (k != in.deps_begin) o_ += ", ";
    const Instance& d = g_.instances[g_.deps[k]];
    put_id(d.task, d.start);
  }
  o_ += "], \"external_deps\": [";
  for (uint32_t k = in.ext_begin; k < in.ext_end; ++k) {
    if (k != in.ext_begin) o_ += ", ";
    put_id(g_.ext[k].task, g_.ext[k].start);
  }
}

}  // namespace

bool emit_plan(const ByteSink& sink, const Program& prog, const InstanceGraph& g,
               const CheckedParams& params) {
  Evaluator eval(*g.model, params);
  std::string o;
  o.reserve(kChunk + (kChunk >> 2));
  emit_head(o, prog, g, eval);
  InstanceWriter writer(o, g, eval);
  writer.fingerprints();
  o += "  \"external_deps\": [";
  writer.external_deps();
  o += "],\n  \"instances\": [";
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    writer.instance(i);
    if (o.size() >= kChunk) {
      if (!sink(o)) return false;
      o.clear();
    }
  }
  o += g.instances.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return sink(o);
}

std::string plan_json(const Program& prog, const InstanceGraph& g, const CheckedParams& params) {
  std::string all;
  emit_plan(
      [&](std::string_view chunk) {
        all += chunk;
        return true;
      },
      prog, g, params);
  return all;
}

}  // namespace bfc
