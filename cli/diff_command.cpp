// `bfc diff OLD NEW`: each side a `.bf` file (compiled here), a plan JSON, or REV:PATH (a
// file as it was at a git revision, with its imports). See docs/diff.md.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "commands.h"
#include "common/file_io.h"
#include "compile_child.h"
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

// One side of the diff, from its argument to the plan text.
struct SideInput {
  std::string arg, file;
  std::optional<diff::GitTree> tree;  // REV:PATH: the files at that revision
  std::string_view text;              // the plan JSON (read or compiled)
  std::shared_ptr<const void> keep;   // owns the bytes `text` views
  bool compile = false;               // `text` is still the .bf source
  DriverOptions options;              // how to compile it
};

// Finds and maps one side's file; false after printing why (bad input is exit 2: diff
// reports, it does not judge the plans).
bool open_side(const std::string& arg, const DiffArgs& a, SideInput& side) {
  side.arg = arg;
  side.file = arg;
  std::string rev, path, error;
  if (diff::is_rev_path(arg, rev, path)) {
    side.tree = diff::GitTree::extract(rev, error);
    if (!side.tree) {
      std::fprintf(stderr, "bfc: error: %s: %s\n", arg.c_str(), error.c_str());
      return false;
    }
    side.file = side.tree->locate(path);
  }
  auto mapped = diff::map_file(side.file);
  if (!mapped) {
    std::fprintf(
        stderr, "bfc: error: %s: %s\n", arg.c_str(),
        rev.empty() ? "cannot read the file" : ("no such .bf file at revision " + rev).c_str());
    return false;
  }
  side.text = mapped->first;
  side.keep = mapped->second;
  side.compile = !looks_like_json(side.file, side.text);
  if (side.compile) {
    DriverOptions& o = side.options;
    o.files = {side.file};
    o.backfill = a.backfill;
    o.today = a.today;
    o.as_user = a.as_user;
    o.error_limit = a.error_limit;
    o.color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
    if (side.tree) o.load.root = side.tree->root();
  }
  return true;
}

// Compiles the sides that are .bf files, each in a child process (both at once when both
// are). Diagnostics come out old side first, as if one after the other; false after
// printing why.
bool compile_sides(SideInput& old_side, SideInput& new_side) {
  CompileChild children[2];
  SideInput* sides[2] = {&old_side, &new_side};
  for (int k = 0; k < 2; ++k)
    if (sides[k]->compile) children[k] = start_compile_child(sides[k]->options);
  for (int k = 0; k < 2; ++k) {
    SideInput& side = *sides[k];
    if (!side.compile) continue;
    CompileResult r;
    if (children[k].pid >= 0) {
      r = finish_compile_child(children[k]);
    } else {  // no child could be started: compile here
      auto json = std::make_shared<std::string>();
      r.rc = compile_to_string(side.options, *json);
      r.json = *json;
      r.keep = json;
    }
    std::fputs(r.diagnostics.c_str(), stderr);
    if (r.rc != 0) {
      std::fprintf(stderr, "bfc: error: %s does not compile (see above)\n", side.arg.c_str());
      for (auto& c : children) abandon_compile_child(c);
      return false;
    }
    side.text = r.json;
    side.keep = r.keep;
    side.compile = false;
  }
  return true;
}

// Reads both plans, the old one on another thread; messages old side first.
bool load_sides(const SideInput& old_side, const SideInput& new_side,
                std::optional<diff::LeanPlan>& old_plan, std::optional<diff::LeanPlan>& new_plan) {
  std::vector<std::string> old_errors, new_errors;
  std::thread old_loader(
      [&] { old_plan = diff::lean_load(old_side.text, old_side.keep, old_side.arg, old_errors); });
  new_plan = diff::lean_load(new_side.text, new_side.keep, new_side.arg, new_errors);
  old_loader.join();
  if (!old_plan)
    for (const auto& m : old_errors)
      std::fprintf(stderr, "%s: %s\n", old_side.arg.c_str(), m.c_str());
  if (old_plan && !new_plan)
    for (const auto& m : new_errors)
      std::fprintf(stderr, "%s: %s\n", new_side.arg.c_str(), m.c_str());
  return old_plan && new_plan;
}

int run_diff(const DiffArgs& a) {
  SideInput old_input, new_input;
  if (!open_side(a.old_arg, a, old_input) || !open_side(a.new_arg, a, new_input)) return 2;
  if (!compile_sides(old_input, new_input)) return 2;
  std::optional<diff::LeanPlan> old_plan, new_plan;
  if (!load_sides(old_input, new_input, old_plan, new_plan)) return 2;
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
