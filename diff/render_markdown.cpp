// The Markdown report: a pull-request comment. GitHub renders HTML <details> blocks and
// needs a blank line after </summary> for the Markdown inside them; comments are limited to
// 65,536 characters, so sections are added while they fit and the rest is counted.
#include <fmt/format.h>

#include <algorithm>

#include "diff/groups.h"
#include "diff/render.h"

namespace bfc::diff {

namespace {

// Text for an HTML context (summary lines) and for table cells.
std::string escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '|':
        o += "\\|";
        break;
      case '`':
        o += "&#96;";
        break;
      case '*':
        o += "\\*";
        break;
      case '_':
        o += "\\_";
        break;
      case '\n':
        o += ' ';
        break;
      default:
        o += c;
    }
  }
  return o;
}

// A code fence longer than any run of backticks in `text`.
std::string fence_for(const std::string& text) {
  std::size_t run = 0, longest = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string counted(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Adds blocks while they fit into `limit` characters (keeping room for the closing line).
class Budget {
 public:
  explicit Budget(std::size_t limit) : limit_(limit > 400 ? limit - 400 : 0) {}
  bool add(std::string& out, const std::string& block) {
    if (out.size() + block.size() > limit_) {
      ++skipped_;
      return false;
    }
    out += block;
    return true;
  }
  std::size_t skipped() const { return skipped_; }

 private:
  std::size_t limit_;
  std::size_t skipped_ = 0;
};

std::string changed_section(const PlanDiff& d, const Group& g) {
  std::string o = fmt::format("<details><summary>Changed: {}, {} ({}): {}</summary>\n\n",
                              escape(g.task), counted(g.instances.size(), "instance", "instances"),
                              escape(g.dates), escape(joined_fields(g)));
  std::string_view first = d.new_side->entries[d.changed[g.instances.front()].new_index].id;
  std::string u = first_command_diff(d, g);
  if (!u.empty()) {
    if (g.instances.size() > 1)
      o += fmt::format("The command of `{}`; the others changed alike.\n\n", first);
    std::string fence = fence_for(u);
    o += fence + "diff\n" + u + fence + "\n";
  } else {
    o += "The command is the same; the fields above changed.\n";
  }
  return o + "\n</details>\n";
}

std::string list_section(const char* title, const std::vector<Group>& groups) {
  std::size_t n = 0;
  for (const Group& g : groups) n += g.instances.size();
  std::string o = fmt::format("<details><summary>{}: {}</summary>\n\n", title,
                              counted(n, "instance", "instances"));
  for (const Group& g : groups)
    o += fmt::format("- **{}**: {} ({})\n", escape(g.task),
                     counted(g.instances.size(), "instance", "instances"), escape(g.dates));
  return o + "\n</details>\n";
}

}  // namespace

std::string render_markdown(const PlanDiff& d, const Labels& l, std::size_t limit) {
  const Counts& t = d.total;
  std::string o = fmt::format("### bfc diff: {} → {}\n\n", escape(l.old_name), escape(l.new_name));
  if (!d.any()) return o + "No differences: every instance, setting and group is the same.\n";
  o += fmt::format(
      "| instances | count |\n|---|---:|\n| added | {} |\n| removed | {} |\n| changed | {} |\n| "
      "affected (an upstream instance changed) | {} |\n| unchanged | {} |\n\n",
      t.added, t.removed, t.changed, t.affected, t.unchanged);
  for (const auto& f : d.plan_fields)
    o += fmt::format("- {}: {} → {}\n", escape(f.name), escape(f.old_value), escape(f.new_value));
  for (const auto& s : d.settings)
    o += fmt::format("- setting {}: {} → {}\n", escape(s.name), escape(s.old_value),
                     escape(s.new_value));
  for (const auto& g : d.groups)
    o += fmt::format("- {}: {} → {}\n", escape(g.name), escape(g.old_value), escape(g.new_value));
  if (!d.plan_fields.empty() || !d.settings.empty() || !d.groups.empty()) o += "\n";
  Budget budget(limit);
  std::size_t rows_skipped = 0;
  bool header = false;
  for (const auto& [name, c] : d.tasks) {
    if (!c.any()) continue;
    if (!header) {
      o += "| task | added | removed | changed | affected | unchanged |\n"
           "|---|---:|---:|---:|---:|---:|\n";
      header = true;
    }
    if (!budget.add(o, fmt::format("| {} | {} | {} | {} | {} | {} |\n", escape(name), c.added,
                                   c.removed, c.changed, c.affected, c.unchanged)))
      ++rows_skipped;
  }
  if (header) o += "\n";
  std::vector<std::string> sections;
  for (const Group& g : group_changed(d)) sections.push_back(changed_section(d, g));
  if (!d.affected.empty())
    sections.push_back(list_section("Affected (only an upstream instance changed)",
                                    group_by_task(*d.new_side, d.affected)));
  if (!d.added.empty())
    sections.push_back(list_section("Added", group_by_task(*d.new_side, d.added)));
  if (!d.removed.empty())
    sections.push_back(list_section("Removed", group_by_task(*d.old_side, d.removed)));
  std::size_t sections_skipped = 0;
  for (const auto& s : sections) sections_skipped += !budget.add(o, s);
  if (rows_skipped || sections_skipped)
    o += fmt::format(
        "\n**{} more not shown** ({} task rows, {} sections) to stay under GitHub's comment "
        "limit; run `bfc diff` locally, or with `--format json`, for the full report.\n",
        rows_skipped + sections_skipped, rows_skipped, sections_skipped);
  return o;
}

}  // namespace bfc::diff
