#include "sema/properties.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace bfc {

namespace {

const BlockSchema kWorkspace{"workspace", {"members", "description"}, {}};
const BlockSchema kTask{"task",
                        {"workspace", "cycle", "at", "after", "self_dependent", "retries",
                         "retry_delay", "timeout", "command", "priority", "tags", "description",
                         "owner", "expected"},
                        {}};
const BlockSchema kPolicy{"policy",
                          {"parallel", "order", "throttle", "max_running", "window", "hours",
                           "run_future", "description"},
                          {"alert", "limits"}};
const BlockSchema kBackfill{"backfill",
                            {"use", "as", "select", "exclude", "dates", "hours", "parallel", "order",
                             "run_future", "throttle", "max_running", "window", "description"},
                            {"alert", "limits"}};
const BlockSchema kAlert{"alert block", {"on", "command"}, {}};
const BlockSchema kLimits{"limits block", {"roots", "tasks", "instances"}, {}};
const BlockSchema kNone{"declaration", {}, {}};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void check_block(const ast::Block& block, const BlockSchema& schema, const std::string& owner,
                 DiagnosticSink& diags) {
  std::map<std::string, Span> seen;
  for (const auto& m : block.members) {
    auto [it, fresh] = seen.emplace(m.name, m.name_span);
    if (!fresh) {
      auto& d = diags.report(DiagCode::E0202, m.name_span,
                             fmt::format("`{}` is set twice in {}", m.name, owner));
      d.notes.push_back({it->second, "first set here"});
    }
    if (m.is_block()) {
      if (!contains(schema.blocks, m.name)) {
        auto& d = diags.report(DiagCode::E0203, m.name_span,
                               fmt::format("{} has no `{}` block", owner, m.name));
        std::string best = closest_match(m.name, schema.blocks);
        if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
        else if (contains(schema.properties, m.name))
          d.notes.push_back({Span{}, fmt::format("`{}` is a property: write `{} = ...;`", m.name, m.name)});
        continue;
      }
      check_block(*m.block, *nested_schema(m.name), fmt::format("the `{}` block", m.name), diags);
      continue;
    }
    if (contains(schema.properties, m.name)) continue;
    if (contains(schema.blocks, m.name)) {
      diags.report(DiagCode::E0201, m.name_span,
                   fmt::format("`{}` is a block: write `{} {{ ... }}`", m.name, m.name));
      continue;
    }
    auto& d = diags.report(DiagCode::E0201, m.name_span,
                           fmt::format("unknown property `{}` in {}", m.name, owner));
    std::vector<std::string> all = schema.properties;
    all.insert(all.end(), schema.blocks.begin(), schema.blocks.end());
    std::string best = closest_match(m.name, all);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  }
}

}  // namespace

const BlockSchema& schema_for(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::Workspace: return kWorkspace;
    case ast::DeclKind::Task: return kTask;
    case ast::DeclKind::Policy: return kPolicy;
    case ast::DeclKind::Backfill: return kBackfill;
    default: return kNone;
  }
}

const BlockSchema* nested_schema(const std::string& name) {
  if (name == "alert") return &kAlert;
  if (name == "limits") return &kLimits;
  return nullptr;
}

void check_properties(const ast::File& file, DiagnosticSink& diags) {
  for (const auto& d : file.decls) {
    if (d.kind == ast::DeclKind::Import || d.kind == ast::DeclKind::Param) continue;
    check_block(d.body, schema_for(d.kind),
                fmt::format("{} `{}`", ast::decl_keyword(d.kind), d.name), diags);
  }
}

}  // namespace bfc
