// `bfc diff OLD NEW`: each side a `.bf` file (compiled here), a plan JSON, or REV:PATH (a
// file as it was at a git revision, with its imports). See docs/diff.md.
#include <unistd.h>

#include <cstdio>
#include <optional>

#include "commands.h"
#include "common/file_io.h"
#include "diff/git_tree.h"
#include "diff/lean_load.h"
#include "diff/plan_diff.h"
#include "diff/render.h"
#include "driver/driver.h"

namespace bfc::cli {

namespace {

struct DiffArgs {
  std::string old_arg, new_arg, backfill, today, as_user, format = "text", output;
  bool exit_code = false;
  size_t error_limit = 20;
};

bool looks_like_json(const std::string& path, std::string_view text) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return true;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) return c == '{';
  return false;
}

// Loads one side; nullopt after printing why (bad input is exit 2: diff reports, it does
// not judge the plans).
std::optional<diff::LeanPlan> load_side(const std::string& arg, const DiffArgs& a,
                                        std::optional<diff::GitTree>& tree) {
  std::string file = arg, rev, path, error;
  if (diff::is_rev_path(arg, rev, path)) {
    tree = diff::GitTree::extract(rev, error);
    if (!tree) {
      std::fprintf(stderr, "bfc: error: %s: %s\n", arg.c_str(), error.c_str());
      return std::nullopt;
    }
    file = tree->locate(path);
  }
  auto mapped = diff::map_file(file);
  if (!mapped) {
    std::fprintf(
        stderr, "bfc: error: %s: %s\n", arg.c_str(),
        rev.empty() ? "cannot read the file" : ("no such .bf file at revision " + rev).c_str());
    return std::nullopt;
  }
  std::string_view text = mapped->first;
  std::shared_ptr<const void> keep = mapped->second;
  if (!looks_like_json(file, text)) {
    DriverOptions o;
    o.files = {file};
    o.backfill = a.backfill;
    o.today = a.today;
    o.as_user = a.as_user;
    o.error_limit = a.error_limit;
    o.color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
    if (tree) o.load.root = tree->root();
    auto json = std::make_shared<std::string>();
    if (compile_to_string(o, *json) != 0) {
      std::fprintf(stderr, "bfc: error: %s does not compile (see above)\n", arg.c_str());
      return std::nullopt;
    }
    text = *json;
    keep = json;
  }
  std::vector<std::string> errors;
  auto plan = diff::lean_load(text, keep, arg, errors);
  if (!plan)
    for (const auto& m : errors) std::fprintf(stderr, "%s: %s\n", arg.c_str(), m.c_str());
  return plan;
}

int run_diff(const DiffArgs& a) {
  std::optional<diff::GitTree> old_tree, new_tree;
  auto old_plan = load_side(a.old_arg, a, old_tree);
  if (!old_plan) return 2;
  auto new_plan = load_side(a.new_arg, a, new_tree);
  if (!new_plan) return 2;
  diff::Side old_side = diff::side_of(*old_plan), new_side = diff::side_of(*new_plan);
  diff::PlanDiff d = diff::diff_plans(old_side, new_side);
  diff::set_changed_fields(d);
  diff::Labels labels{a.old_arg, a.new_arg};
  std::string out = a.format == "json"       ? diff::render_json(d, labels)
                    : a.format == "markdown" ? diff::render_markdown(d, labels)
                                             : diff::render_text(d, labels);
  if (a.output.empty() || a.output == "-") {
    if (!write_all(STDOUT_FILENO, out)) return 2;
  } else {
    std::string error;
    if (!write_atomically(
            a.output, [&](int fd) { return write_all(fd, out); }, error)) {
      std::fprintf(stderr, "bfc: error: %s\n", error.c_str());
      return 2;
    }
  }
  return a.exit_code && d.any() ? 1 : 0;
}

}  // namespace

void register_diff_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand(
      "diff", "Compare two versions of a plan instance by instance (docs/diff.md)");
  cmd->add_option("old", a->old_arg, "Old side: a .bf file, a plan JSON, or REV:PATH")->required();
  cmd->add_option("new", a->new_arg, "New side: a .bf file, a plan JSON, or REV:PATH")->required();
  cmd->add_option("--backfill", a->backfill, "Backfill to compare (needed when there are several)");
  cmd->add_option("--today", a->today,
                  "Reference date for compiling both sides (YYYY-MM-DD); default: today");
  cmd->add_option("--as", a->as_user, "Initiator for permission checks (overrides `as`)");
  cmd->add_option("--format", a->format, "Output: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("-o,--output", a->output, "Output path (default: standard output)");
  cmd->add_flag("--exit-code", a->exit_code,
                "Exit 1 when the plans differ, 0 when they do not (as git diff --exit-code)");
  cmd->add_option("--error-limit", a->error_limit,
                  "Stop after this many errors (default 20; 0: no limit)");
  cmd->callback([a, &exit_code] { exit_code = run_diff(*a); });
}

}  // namespace bfc::cli
