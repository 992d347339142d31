// `check --dump`: which dumps were asked for, and when each stage's dump is taken.
#include "driver/dump.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "frontend/dump.h"
#include "plan/dump.h"
#include "sema/dump.h"

namespace bfc {

namespace {

constexpr std::array<std::string_view, 5> kDumpNames = {"tokens", "ast", "model", "selection",
                                                        "instances"};

}  // namespace

std::optional<DumpKind> parse_dump_kind(std::string_view name) {
  auto it = std::find(kDumpNames.begin(), kDumpNames.end(), name);
  if (it == kDumpNames.end()) return std::nullopt;
  return static_cast<DumpKind>(it - kDumpNames.begin());
}

StageDumps::StageDumps(const DriverOptions& opts) : opts_(opts) {}

bool StageDumps::wants(DumpKind k) const {
  return std::find(opts_.dumps.begin(), opts_.dumps.end(), k) != opts_.dumps.end();
}

void StageDumps::after_sema(const Session& s) {
  // The front end keeps the declarations that parsed, so its outputs are always shown.
  for (uint32_t file : s.prog.entry_files) {
    if (wants(DumpKind::Tokens))
      out(DumpKind::Tokens) += dump_tokens(s.prog.sources, file, opts_.load.limits);
    if (!wants(DumpKind::Ast)) continue;
    for (const ast::File& f : s.prog.files)
      if (f.file_id == file) out(DumpKind::Ast) += dump_ast(s.prog.sources, f);
  }
  if (!wants(DumpKind::Model)) return;
  if (s.front_end_errors > 0) {
    out(DumpKind::Model) = "model: not dumped: the front end reported errors\n";
    return;
  }
  out(DumpKind::Model) = dump_model(s.prog.sources, s.analysis.model);
  if (s.diags.has_errors())
    out(DumpKind::Model) += "  (sema reported errors: the model may be incomplete)\n";
}

void StageDumps::after_backfill(const Model& m, const Backfill& b, const InstanceGraph& g,
                                bool errors) {
  if (wants(DumpKind::Selection)) out(DumpKind::Selection) += dump_selection(m, b, g.selection);
  if (!wants(DumpKind::Instances)) return;
  // Expansion makes the groups first; none with errors means it never ran.
  if (errors && g.groups.empty()) {
    out(DumpKind::Instances) += fmt::format(
        "instances of backfill {}: not dumped: its selection or limits reported errors\n", b.name);
    return;
  }
  out(DumpKind::Instances) += dump_instances(g);
}

void StageDumps::skip_backfills(std::string_view why) {
  if (wants(DumpKind::Selection))
    out(DumpKind::Selection) = fmt::format("selection: not dumped: {}\n", why);
  if (wants(DumpKind::Instances))
    out(DumpKind::Instances) = fmt::format("instances: not dumped: {}\n", why);
}

void StageDumps::print() const {
  for (size_t k = 0; k < out_.size(); ++k) {
    if (!wants(static_cast<DumpKind>(k))) continue;
    const std::string& text = out_[k];
    if (text.empty())
      fmt::print("{}: the plan declares no backfill\n", kDumpNames[k]);
    else
      std::fputs(text.c_str(), stdout);
  }
  std::fflush(stdout);
}

}  // namespace bfc
