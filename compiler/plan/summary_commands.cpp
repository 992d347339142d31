// Instance commands for `bfc plan`: "First commands:" and `--instances`.
#include <fmt/format.h>

#include <algorithm>

#include "plan/start_order.h"
#include "plan/summary_views.h"
#include "sema/expr_eval.h"

namespace bfc {

namespace {

// Lines of a command, without a trailing empty line (a heredoc ends with a newline).
std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= s.size()) {
    size_t nl = s.find('\n', from);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(from, nl - from));
    from = nl + 1;
  }
  while (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

std::string clip(std::string s, size_t max) {
  for (char& c : s)
    if (c == '\t') c = ' ';
  if (s.size() > max) s = s.substr(0, max - 3) + "...";
  return s;
}

const char* mode_name(const Instance& in) {
  return in.dry_run ? "dry-run" : "run";
}

}  // namespace

std::vector<std::string> instance_commands(const InstanceGraph& g, const CheckedParams& params,
                                           const std::vector<uint32_t>& which) {
  const Model& m = *g.model;
  Evaluator eval(m, params);
  std::vector<std::string> out;
  out.reserve(which.size());
  for (uint32_t i : which) {
    const Instance& in = g.instances[i];
    const Task& t = m.tasks[in.task];
    std::string cmd;
    if (t.command) {
      const std::string* ws = t.workspace == kNone ? nullptr : &m.workspaces[t.workspace].name;
      eval.begin_instance(InstanceEnv{in.bizdate, in.start, in.end, in.end + t.at_minutes, &t.name,
                                      &g.backfill->name, ws, nullptr});
      if (t.command->kind == ast::ExprKind::List) {
        for (const auto& x : t.command->items)
          cmd += (cmd.empty() ? "" : " ") + shell_quote(eval.render(*x));
      } else {
        cmd = eval.render(*t.command);
      }
    }
    out.push_back(std::move(cmd));
  }
  return out;
}

std::vector<uint32_t> first_to_run(const InstanceGraph& g, size_t count) {
  std::vector<uint32_t> first;
  for (uint32_t i : start_order(g)) {
    if (first.size() == count) break;
    if (!g.instances[i].dry_run && g.model->tasks[g.instances[i].task].command) first.push_back(i);
  }
  return first;
}

std::string first_commands_text(const InstanceGraph& g, const CheckedParams& params, size_t count) {
  constexpr size_t kMaxLines = 12;
  std::vector<uint32_t> first = first_to_run(g, count);
  if (first.empty()) return "";
  std::vector<std::string> cmds = instance_commands(g, params, first);
  std::string o = "\nFirst commands (in start order):\n";
  for (size_t k = 0; k < first.size(); ++k) {
    std::vector<std::string> lines = split_lines(cmds[k]);
    if (lines.size() == 1) {
      o += fmt::format("  {}: {}\n", g.id(first[k]), clip(lines[0], 160));
      continue;
    }
    o += fmt::format("  {}:\n", g.id(first[k]));
    for (size_t l = 0; l < lines.size() && l < kMaxLines; ++l)
      o += fmt::format("    {}\n", clip(lines[l], 160));
    if (lines.size() > kMaxLines)
      o += fmt::format("    ... ({} more lines)\n", lines.size() - kMaxLines);
  }
  return o;
}

std::string instance_list(const InstanceGraph& g, const CheckedParams& params) {
  std::vector<uint32_t> order = start_order(g);
  std::vector<std::string> cmds = instance_commands(g, params, order);
  size_t width = 8;
  for (uint32_t i : order) width = std::max(width, g.id(i).size());
  std::string o = fmt::format("{:<{}}  {:<7}  {:>5}  {:>8}  {}\n", "INSTANCE", width, "MODE",
                              "GROUP", "PRIORITY", "COMMAND");
  for (size_t k = 0; k < order.size(); ++k) {
    const Instance& in = g.instances[order[k]];
    std::string first_line = split_lines(cmds[k])[0];
    o += fmt::format("{:<{}}  {:<7}  {:>5}  {:>8}  {}\n", g.id(order[k]), width, mode_name(in),
                     in.group, in.priority, clip(first_line, 120));
  }
  return o;
}

}  // namespace bfc
