// Leaves of `bfc export --to argo`: the fast writer (skeletons with values escaped in) gives
// the YAML yaml-cpp writes directly; commands are cut around `{{`; names fit Argo's rules.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <string>
#include <vector>

#include "export/argo_leaf.h"
#include "export/argo_names.h"
#include "plan_builder.h"

namespace bfc::exporter {
namespace {

using runtime::testing::PlanBuilder;

// Every scalar of `a` and `b` in the same tree.
bool same_tree(const YAML::Node& a, const YAML::Node& b, std::string& where) {
  if (a.Type() != b.Type()) return where += " (type)", false;
  if (a.IsScalar()) {
    if (a.Scalar() == b.Scalar()) return true;
    where += ": `" + a.Scalar() + "` vs `" + b.Scalar() + "`";
    return false;
  }
  if (a.size() != b.size()) return where += " (size)", false;
  if (a.IsSequence()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      std::string w = where + "/" + std::to_string(i);
      if (!same_tree(a[i], b[i], w)) return where = w, false;
    }
    return true;
  }
  for (auto it = a.begin(); it != a.end(); ++it) {
    std::string key = it->first.Scalar(), w = where + "/" + key;
    if (!b[key] || !same_tree(it->second, b[key], w)) return where = w, false;
  }
  return true;
}

const std::vector<std::string> kHostile = {
    "echo plain",
    "echo '{{ ds }}' {{=1+1}} }} {{{ x",
    "printf '%s\\n' \"$HOME\" $(id) $$ \\\\ back\\slash",
    "line one\nline two\ttab\r\x01\x1f\x7f",
    "caf\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97 \xf0\x9f\x8e\x89 \xc2\x85 \xe2\x80\xa8 \xef\xbb\xbf",
    "\"quoted\" and 'single' : # - ? & * ! | > % @ `",
    "",
};

runtime::Plan hostile_plan() {
  PlanBuilder b;
  b.group({"2024-03-01"});
  for (std::size_t k = 0; k < kHostile.size(); ++k) {
    auto& s = b.add("shell" + std::to_string(k), "2024-03-01");
    s["command"] = kHostile[k].empty() ? "true" : kHostile[k];
    auto& l = b.add("argv" + std::to_string(k), "2024-03-01");
    l["command"] = {"prog", kHostile[k], "{{" + kHostile[k]};
    l["retries"] = int(k);
    l["retry_delay_s"] = 30;
    if (k % 2) l["timeout_s"] = 60;
  }
  auto& dry = b.add("dry", "2024-03-01", {"shell0@2024-03-01", "argv1@2024-03-01"});
  dry["mode"] = "dry_run";
  dry["dry_run_reason"] = "excluded";
  return b.build();
}

TEST(ArgoLeaf, TheFastWriterGivesWhatYamlCppWrites) {
  runtime::Plan plan = hostile_plan();
  for (const char* limits : {"", "x-limits"}) {
    LeafContext ctx{&plan, "busybox:1.36", limits};
    LeafWriter fast(ctx);
    for (std::size_t indent : {0, 10}) {
      for (std::size_t i = 0; i < plan.instances.size(); ++i) {
        std::vector<std::string> depends;
        if (i % 3 == 1) depends = {"a-1", "b-2"};
        std::string text;
        fast.append(text, int(i), "task-" + std::to_string(i), depends, indent);
        YAML::Emitter direct;
        direct << YAML::BeginSeq;
        emit_leaf(direct, ctx, int(i), "task-" + std::to_string(i), depends);
        direct << YAML::EndSeq;
        std::string where = plan.instances[i].id;
        EXPECT_TRUE(same_tree(YAML::Load(text), YAML::Load(direct.c_str()), where))
            << where << "\nfast:\n"
            << text << "\ndirect:\n"
            << direct.c_str();
      }
    }
    EXPECT_LT(fast.shapes(), plan.instances.size() * 2);  // shapes are shared
  }
}

TEST(ArgoLeaf, CommandsWithTagsTravelInPiecesWithoutTags) {
  for (const auto& text : kHostile) {
    auto pieces = template_safe_pieces(text);
    std::string joined;
    for (const auto& p : pieces) {
      EXPECT_EQ(p.find("{{"), std::string::npos) << p;
      joined += p;
    }
    EXPECT_EQ(joined, text);
  }
  runtime::Command shell;
  shell.text = "echo {{a}}";
  auto cc = container_command(shell);
  ASSERT_EQ(cc.env.size(), 2u);
  EXPECT_EQ(cc.command,
            (std::vector<std::string>{"sh", "-c", "exec sh -c \"$BF_COMMAND_0$BF_COMMAND_1\" sh"}));
  runtime::Command plain;
  plain.is_list = true;
  plain.argv = {"prog", "a b", "$x"};
  EXPECT_EQ(container_command(plain).command, plain.argv);  // no tag: the argv as it is
  EXPECT_TRUE(container_command(plain).env.empty());
}

TEST(ArgoNames, NamesFollowArgosRulesAndStayApart) {
  const std::regex task("^[a-zA-Z][-a-zA-Z0-9]*$"), object("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  for (const char* id : {"load@2024-03-01", "_x@2024-03-01T05:00", "t_x@2024-03-01"}) {
    std::string n = instance_task_name(id);
    EXPECT_TRUE(std::regex_match(n, task)) << n;
  }
  NameScope scope;
  std::string a = scope.claim(instance_task_name("_x@2024-03-01"), "_x@2024-03-01");
  std::string b = scope.claim(instance_task_name("t_x@2024-03-01"), "t_x@2024-03-01");
  EXPECT_NE(a, b);  // "_x" and "t_x" both give "t-x-20240301": the second gets a hash
  std::string long_id = std::string(200, 'a') + "@2024-03-01";
  std::string l = scope.claim(instance_task_name(long_id), long_id);
  EXPECT_LE(l.size(), kMaxTaskName);
  EXPECT_TRUE(std::regex_match(l, task)) << l;
  std::string base = object_base(std::string(100, 'B') + "_backfill", 28);
  EXPECT_LE(base.size() + 28, kMaxObjectName);
  EXPECT_TRUE(std::regex_match(base, object)) << base;
  EXPECT_NE(object_base(std::string(100, 'b') + "1", 28),
            object_base(std::string(100, 'b') + "2", 28));
  EXPECT_EQ(object_base("rebuild_march", 28), "rebuild-march");
}

}  // namespace
}  // namespace bfc::exporter
