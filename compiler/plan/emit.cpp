#include "plan/emit.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>

#include "support/calendar.h"

namespace bfc {

namespace {

// Appends a JSON string literal.
void json_str(std::string& o, std::string_view s) {
  o += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      case '\b': o += "\\b"; break;
      case '\f': o += "\\f"; break;
      default:
        if (c < 0x20) o += fmt::format("\\u{:04x}", c);
        else o += static_cast<char>(c);
    }
  }
  o += '"';
}

void command_json(std::string& o, const ast::Expr& cmd, Evaluator& eval) {
  if (cmd.kind == ast::ExprKind::List) {
    o += '[';
    for (size_t i = 0; i < cmd.items.size(); ++i) {
      if (i) o += ", ";
      json_str(o, eval.render(*cmd.items[i]));
    }
    o += ']';
    return;
  }
  json_str(o, eval.render(cmd));
}

const char* alert_on_name(AlertOn a) {
  switch (a) {
    case AlertOn::Failure: return "failure";
    case AlertOn::Success: return "success";
    case AlertOn::Always: return "always";
  }
  return "failure";
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

void emit_plan(std::FILE* out, const Program& prog, const InstanceGraph& g, Evaluator& eval) {
  const Model& m = *g.model;
  const Backfill& b = *g.backfill;
  const Settings& s = b.settings;
  std::string o;
  o.reserve(1 << 20);
  auto flush = [&] {
    std::fwrite(o.data(), 1, o.size(), out);
    o.clear();
  };
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
    command_json(o, *s.alert_command, eval);
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
  // All external dependencies, sorted and unique.
  std::vector<ExternalRef> all_ext = g.ext;
  std::sort(all_ext.begin(), all_ext.end(), [&](const ExternalRef& a, const ExternalRef& c) {
    if (a.task != c.task) return g.task_rank[a.task] < g.task_rank[c.task];
    return a.start < c.start;
  });
  all_ext.erase(std::unique(all_ext.begin(), all_ext.end()), all_ext.end());
  o += "  \"external_deps\": [";
  for (size_t i = 0; i < all_ext.size(); ++i) {
    o += i ? ", " : "";
    json_str(o, g.external_id(all_ext[i]));
  }
  o += "],\n  \"instances\": [";
  std::vector<std::string> ids(g.instances.size());
  for (uint32_t i = 0; i < g.instances.size(); ++i) ids[i] = g.id(i);
  for (uint32_t i = 0; i < g.instances.size(); ++i) {
    const Instance& in = g.instances[i];
    const Task& t = m.tasks[in.task];
    const std::string* ws = t.workspace == kNone ? nullptr : &m.workspaces[t.workspace].name;
    int64_t cyctime = in.end + t.at_minutes;
    InstanceEnv env{in.bizdate, in.start, in.end, cyctime, &t.name, &b.name, ws, nullptr};
    eval.begin_instance(env);
    o += i ? ",\n    {\"id\": " : "\n    {\"id\": ";
    json_str(o, ids[i]);
    o += ", \"task\": ";
    json_str(o, t.name);
    o += ", \"workspace\": ";
    if (ws) json_str(o, *ws);
    else o += "null";
    o += ", \"interval_start\": \"" + cal::format_datetime(in.start) + "\", \"interval_end\": \"" +
         cal::format_datetime(in.end) + "\", \"bizdate\": \"" + cal::format_date(in.bizdate) +
         "\", \"cyctime\": \"" + cal::format_datetime(cyctime) + "\"";
    Role r = g.selection.role[in.task];
    o += fmt::format(", \"group\": {}, \"priority\": {}, \"mode\": \"{}\", \"dry_run_reason\": {}", in.group,
                     in.priority, in.dry_run ? "dry_run" : "run",
                     r == Role::DryRunExcluded ? "\"excluded\"" : r == Role::DryRunNoPermission ? "\"no_permission\"" : "null");
    o += ", \"command\": ";
    if (t.command) command_json(o, *t.command, eval);
    else o += "\"\"";
    o += fmt::format(", \"retries\": {}, \"retry_delay_s\": {}, \"timeout_s\": {}, \"deps\": [", t.retries,
                     t.retry_delay_s, t.timeout_s ? std::to_string(*t.timeout_s) : "null");
    for (uint32_t k = in.deps_begin; k < in.deps_end; ++k) {
      if (k != in.deps_begin) o += ", ";
      json_str(o, ids[g.deps[k]]);
    }
    o += "], \"external_deps\": [";
    for (uint32_t k = in.ext_begin; k < in.ext_end; ++k) {
      if (k != in.ext_begin) o += ", ";
      json_str(o, g.external_id(g.ext[k]));
    }
    o += "]}";
    if (o.size() > (1 << 20) - 4096) flush();
  }
  o += g.instances.empty() ? "]\n}\n" : "\n  ]\n}\n";
  flush();
}

bool write_atomically(const std::string& path, const std::function<bool(std::FILE*)>& writer, std::string& error) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmpXXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) {
    error = fmt::format("cannot create a file in `{}`: {}", dir.string(), std::strerror(errno));
    return false;
  }
  fchmod(fd, 0644);
  std::FILE* f = fdopen(fd, "wb");
  static thread_local std::vector<char> iobuf(1 << 20);
  std::setvbuf(f, iobuf.data(), _IOFBF, iobuf.size());
  bool ok = writer(f);
  // No fsync: a plan is a regenerable artifact, and fsync of a 300 MB plan costs seconds.
  // The rename alone guarantees readers see the old file or the whole new one.
  ok = ok && std::fflush(f) == 0;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(buf.data(), path.c_str()) != 0) {
    if (error.empty()) error = fmt::format("cannot write `{}`: {}", path, std::strerror(errno));
    unlink(buf.data());
    return false;
  }
  return true;
}

}  // namespace bfc
