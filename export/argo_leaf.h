// One plan instance as a DAG task with an inline template (docs/argo.md "Instances"): a
// container for a run instance, a zero-second suspend (no pod) for a dry run. Commands reach
// the container byte for byte: Argo substitutes `{{...}}` in template fields, so a command
// containing `{{` travels in environment variables cut between the two braces, and a shell
// puts the pieces back together.
//
// Speed: yaml-cpp's emitter checks every plain scalar against regular expressions (19 MB/s,
// 67 s for the 730k-instance plan). Instances of one shape (the same keys, flags and counts)
// differ only in their double-quoted values, so yaml-cpp writes each shape once with
// placeholders (a skeleton), and every instance of that shape is its skeleton with its values
// escaped in. tests/export checks that the result parses to what yaml-cpp writes directly.
#pragma once

#include <yaml-cpp/emitter.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::exporter {

// What the export puts in every container besides the command.
struct LeafContext {
  const runtime::Plan* plan = nullptr;
  std::string default_image;  // --image
  std::string limits_name;    // the ConfigMap of the max_running semaphore; empty: none
};

// The container's command and the environment variables that carry the command's pieces.
struct ContainerCommand {
  std::vector<std::string> command;
  std::vector<std::pair<std::string, std::string>> env;
};
ContainerCommand container_command(const runtime::Command& c);

// `s` cut so that no piece contains "{{" (between the two braces of each).
std::vector<std::string> template_safe_pieces(const std::string& s);

// A rough upper bound of the YAML size of instance i's task, for the layout.
std::size_t leaf_bytes(const LeafContext& ctx, int i);

// "a && b && c".
std::string depends_text(const std::vector<std::string>& names);

// `s` as the inside of a YAML double-quoted scalar (no quotes around it).
void append_double_quoted(std::string& out, const std::string& s);

// Writes instance i as one DAG task (a sequence item) named `name` that waits for `depends`,
// straight through yaml-cpp.
void emit_leaf(YAML::Emitter& out, const LeafContext& ctx, int i, const std::string& name,
               const std::vector<std::string>& depends);

// Writes leaves as text: the sequence item "- name: ..." with every line indented by
// `indent` spaces, the same YAML as emit_leaf (up to formatting).
class LeafWriter {
 public:
  explicit LeafWriter(const LeafContext& ctx) : ctx_(ctx) {}
  void append(std::string& out, int i, const std::string& name,
              const std::vector<std::string>& depends, std::size_t indent);
  std::size_t shapes() const { return skeletons_.size(); }

 private:
  struct Skeleton {
    std::vector<std::string> literals;  // one more than the values
  };
  const LeafContext& ctx_;
  std::unordered_map<std::string, Skeleton> skeletons_;
  std::string shape_;
  std::vector<std::string> values_;
};

}  // namespace bfc::exporter
