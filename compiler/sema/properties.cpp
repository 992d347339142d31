#include "sema/properties.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace bfc {

namespace {

PropertyDef plain(const char* name) {
  return PropertyDef{name, std::nullopt};
}

PropertyDef task_prop(const char* name, PropRule rule, void (*set)(Task&, PropValue)) {
  return PropertyDef{name, std::move(rule), set, nullptr};
}

PropertyDef settings_prop(const char* name, PropRule rule, void (*set)(Settings&, PropValue)) {
  return PropertyDef{name, std::move(rule), nullptr, set};
}

// Backfill and policy settings (both blocks accept them).
const PropertyDef kParallel = settings_prop("parallel", PropRule::integer(1, 1000),
                                            [](Settings& s, PropValue v) { s.parallel = v.a; });
const PropertyDef kMaxRunning =
    settings_prop("max_running", PropRule::integer(1, 100000),
                  [](Settings& s, PropValue v) { s.max_running = v.a; });
const PropertyDef kThrottle = settings_prop("throttle", PropRule::duration(false),
                                            [](Settings& s, PropValue v) { s.throttle_s = v.a; });
const PropertyDef kRunFuture = settings_prop(
    "run_future", PropRule::boolean(), [](Settings& s, PropValue v) { s.run_future = v.a != 0; });
const PropertyDef kWindow =
    settings_prop("window", PropRule::time_range(),
                  [](Settings& s, PropValue v) { s.window = std::make_pair(v.a, v.b); });
const PropertyDef kHours =
    settings_prop("hours", PropRule::time_range(),
                  [](Settings& s, PropValue v) { s.hours = std::make_pair(v.a, v.b); });
const PropertyDef kImage = settings_prop(
    "image", PropRule::image(), [](Settings& s, PropValue v) { s.image = std::move(v.text); });
const PropertyDef kOrder = settings_prop("order", PropRule::keyword({"ascending", "descending"}),
                                         [](Settings& s, PropValue v) { s.descending = v.a == 1; });

const BlockSchema kWorkspace{"workspace", {plain("members"), plain("description")}, {}};
const BlockSchema kTask{
    "task",
    {plain("workspace"), plain("cycle"),
     task_prop("at", PropRule::time_of_day(), [](Task& t, PropValue v) { t.at_minutes = v.a; }),
     plain("after"),
     task_prop("self_dependent", PropRule::boolean(),
               [](Task& t, PropValue v) { t.self_dependent = v.a != 0; }),
     task_prop("retries", PropRule::integer(0, 100), [](Task& t, PropValue v) { t.retries = v.a; }),
     task_prop("retry_delay", PropRule::duration(false),
               [](Task& t, PropValue v) { t.retry_delay_s = v.a; }),
     task_prop("timeout", PropRule::duration(true),
               [](Task& t, PropValue v) { t.timeout_s = v.a; }),
     plain("command"),
     task_prop("priority",
               PropRule::one_of({1, 3, 5, 7, 8}, "priority {} is not a DataWorks priority",
                                "use 1, 3, 5, 7 or 8 (8 is the highest)"),
               [](Task& t, PropValue v) { t.priority = static_cast<int>(v.a); }),
     plain("tags"), plain("description"), plain("owner"),
     task_prop("image", PropRule::image(),
               [](Task& t, PropValue v) { t.image = std::move(v.text); }),
     task_prop("expected", PropRule::duration(true), nullptr)},  // reserved: validated, W0008
    {}};
const BlockSchema kPolicy{"policy",
                          {kParallel, kOrder, kThrottle, kMaxRunning, kWindow, kHours, kRunFuture,
                           kImage, plain("description")},
                          {"alert", "limits"}};
const BlockSchema kBackfill{
    "backfill",
    {plain("use"), plain("as"), plain("select"), plain("exclude"), plain("dates"), kHours,
     kParallel, kOrder, kRunFuture, kThrottle, kMaxRunning, kWindow, kImage, plain("description")},
    {"alert", "limits"}};
// The `alert` block; `on` is in AlertOn's order, `command` an expression.
const BlockSchema kAlert{
    "alert block",
    {settings_prop("on", PropRule::keyword({"failure", "success", "always"}, "alert `on`"),
                   [](Settings& s, PropValue v) { s.alert_on = static_cast<AlertOn>(v.a); }),
     plain("command")},
    {}};
const BlockSchema kLimits{"limits block",
                          {settings_prop("roots", PropRule::integer(1),
                                         [](Settings& s, PropValue v) { s.max_roots = v.a; }),
                           settings_prop("tasks", PropRule::integer(1),
                                         [](Settings& s, PropValue v) { s.max_tasks = v.a; }),
                           settings_prop("instances", PropRule::integer(1),
                                         [](Settings& s, PropValue v) { s.max_instances = v.a; })},
                          {}};
const BlockSchema kNoBody{"declaration", {}, {}};

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
        if (!best.empty())
          d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
        else if (schema.find(m.name))
          d.notes.push_back(
              {Span{}, fmt::format("`{}` is a property: write `{} = ...;`", m.name, m.name)});
        continue;
      }
      check_block(*m.block, *nested_schema(m.name), fmt::format("the `{}` block", m.name), diags);
      continue;
    }
    if (schema.find(m.name)) {
      if (m.name == "expected" && &schema == &kTask)
        diags.report(DiagCode::W0008, m.name_span,
                     "`expected` is reserved and has no effect: bfc does not use it yet");
      continue;
    }
    if (contains(schema.blocks, m.name)) {
      diags.report(DiagCode::E0201, m.name_span,
                   fmt::format("`{}` is a block: write `{} {{ ... }}`", m.name, m.name));
      continue;
    }
    auto& d = diags.report(DiagCode::E0201, m.name_span,
                           fmt::format("unknown property `{}` in {}", m.name, owner));
    std::vector<std::string> all = schema.property_names();
    all.insert(all.end(), schema.blocks.begin(), schema.blocks.end());
    std::string best = closest_match(m.name, all);
    if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
  }
}

}  // namespace

const PropertyDef* BlockSchema::find(std::string_view name) const {
  for (const PropertyDef& p : properties)
    if (name == p.name) return &p;
  return nullptr;
}

std::vector<std::string> BlockSchema::property_names() const {
  std::vector<std::string> names;
  for (const PropertyDef& p : properties) names.push_back(p.name);
  return names;
}

const BlockSchema& schema_for(ast::DeclKind kind) {
  switch (kind) {
    case ast::DeclKind::Workspace:
      return kWorkspace;
    case ast::DeclKind::Task:
      return kTask;
    case ast::DeclKind::Policy:
      return kPolicy;
    case ast::DeclKind::Backfill:
      return kBackfill;
    default:
      return kNoBody;
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
