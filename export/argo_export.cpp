#include "export/argo_export.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "export/argo_layout.h"
#include "export/argo_leaf.h"
#include "export/argo_names.h"

namespace bfc::exporter {

namespace {

const char* const kApiVersion = "argoproj.io/v1alpha1";
const char* const kRunChild = "run-child";
// A DAG task written by LeafWriter: "- bfc-leaf-<instance>" in yaml-cpp's output (only
// bfc's own names are written unquoted there, never user text).
const char* const kLeafMark = "bfc-leaf-";
// The longest suffix an object name gets: "-g<group>-<yyyymmdd>-c<chunk>" and the 6
// characters of a child Workflow's generateName.
constexpr std::size_t kSuffixRoom = 28;

std::string compact_date(const std::string& date) {
  std::string s;
  for (char c : date)
    if (c != '-') s += c;
  return s;
}

// Checks what Argo needs beyond the plan's schema; errors name the instances.
void check_exportable(const runtime::Plan& plan, const ArgoOptions& o,
                      std::vector<std::string>& errors) {
  std::vector<std::string> no_image;
  std::size_t missing = 0;
  for (const auto& in : plan.instances) {
    if (in.dry_run) continue;
    if (in.image.empty() && o.image.empty() && ++missing <= 5) no_image.push_back(in.id);
    if (in.command.is_list && (in.command.argv.empty() || in.command.argv[0].empty()))
      errors.push_back(fmt::format("`{}`: its command is a list with no program to run", in.id));
  }
  if (missing)
    errors.push_back(fmt::format(
        "{} instance{} to run {} no container image ({}{}): set `image` on the task, policy or "
        "backfill, or pass --image",
        missing, missing == 1 ? "" : "s", missing == 1 ? "has" : "have", fmt::join(no_image, ", "),
        missing > 5 ? fmt::format(", … {} more", missing - 5) : ""));
}

void warn_unmapped(const runtime::Plan& plan, std::vector<std::string>& warnings) {
  if (plan.settings.throttle_s > 0)
    warnings.push_back(fmt::format(
        "throttle ({} s between starts) has no Argo equivalent and is not exported; limit "
        "max_running instead (docs/argo.md)",
        plan.settings.throttle_s));
  if (plan.settings.window)
    warnings.push_back(fmt::format(
        "window {} has no Argo equivalent and is not exported; submit the workflow from a "
        "CronWorkflow or suspend it outside the window (docs/argo.md)",
        plan.settings.window->text));
}

// The writer of one export: names, the layout, and the documents.
class Writer {
 public:
  Writer(const runtime::Plan& plan, const ArgoOptions& o, const Layout& layout,
         const LeafContext& leaf)
      : plan_(plan), o_(o), layout_(layout), leaf_(leaf), leaves_(leaf) {
    base_ = object_base(o.name.empty() ? plan.backfill : o.name, kSuffixRoom);
  }

  const std::string& base() const { return base_; }

  std::string day_object(const Day& d) const {
    return fmt::format("{}-g{}-{}", base_, plan_.groups[d.group].id,
                       compact_date(plan_.groups[d.group].dates[d.date]));
  }
  std::string day_template(const Day& d) const {
    return fmt::format("day-{}-{}", plan_.groups[d.group].id,
                       compact_date(plan_.groups[d.group].dates[d.date]));
  }
  std::string chunk_template(const Day& d, std::size_t k) const {
    return fmt::format("{}-c{}", day_template(d), k);
  }

  // The ConfigMap holding the size of the max_running semaphore.
  std::string limits_document(const std::string& name) const {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "apiVersion" << YAML::Value << "v1" << YAML::Key << "kind"
        << YAML::Value << "ConfigMap";
    metadata(out, name, false);
    out << YAML::Key << "data" << YAML::Value << YAML::BeginMap << YAML::Key << "max-running"
        << YAML::Value << YAML::DoubleQuoted << std::to_string(*plan_.settings.max_running)
        << YAML::EndMap << YAML::EndMap;
    return out.c_str();
  }

  // Child WorkflowTemplates: a day, or one chunk of a day.
  void child_documents(const Day& d, std::vector<std::string>& docs) {
    if (d.chunks_own_objects)
      for (std::size_t k = 0; k < d.chunks.size(); ++k) {
        YAML::Emitter out;
        begin_object(out, "WorkflowTemplate", fmt::format("{}-c{}", day_object(d), k),
                     chunk_template(d, k));
        chunk_dag(out, d, k);
        end_object(out);
        docs.push_back(spliced(out.c_str()));
      }
    YAML::Emitter out;
    begin_object(out, "WorkflowTemplate", day_object(d), day_template(d));
    day_templates(out, d);
    if (d.chunks_own_objects) run_child_template(out);
    end_object(out);
    docs.push_back(spliced(out.c_str()));
  }

  // The parent Workflow.
  std::string parent_document() {
    YAML::Emitter out;
    begin_object(out, "Workflow", base_, "main", true);
    if (layout_.waves.empty())
      groups_templates(out);
    else
      waves_template(out);
    if (layout_.children)
      run_child_template(out);
    else
      for (const auto& group : layout_.groups)
        for (const auto& d : group) day_templates(out, d);
    end_object(out);
    return spliced(out.c_str());
  }

  // `doc` with each leaf placeholder line replaced by the instance's YAML at its indentation.
  std::string spliced(const std::string& doc) {
    std::string out;
    out.reserve(doc.size() * 4);
    const std::string mark = std::string("- ") + kLeafMark;
    std::size_t at = 0;
    for (std::size_t p; (p = doc.find(mark, at)) != std::string::npos;) {
      std::size_t line = doc.rfind('\n', p) + 1;  // the placeholder's line; "- " at its indentation
      out.append(doc, at, line - at);
      std::size_t end = doc.find('\n', p);
      if (end == std::string::npos) end = doc.size();
      int i = std::stoi(doc.substr(p + mark.size(), end - p - mark.size()));
      std::vector<std::string> depends;
      for (int j : plan_.instances[i].dep_index)
        if (in_dag_[j] == in_dag_[i]) depends.push_back(task_name_[j]);
      leaves_.append(out, i, task_name_[i], depends, p - line);
      at = end + 1;
    }
    if (at < doc.size()) out.append(doc, at, std::string::npos);
    return out;
  }

  std::size_t templates() const { return templates_; }
  std::size_t tasks() const { return tasks_; }

 private:
  // A step that runs day `d` (the rest of its map is open).
  void day_step(YAML::Emitter& out, const Day& d, const std::string& name) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name;
    if (d.own_object)
      call_child(out, day_object(d));
    else
      out << YAML::Key << "template" << YAML::Value << day_template(d);
    out << YAML::EndMap;
  }

  // Independent groups: `main` runs one branch per group (failFast off: a group that fails
  // stops alone), and a group runs its days one after another.
  void groups_templates(YAML::Emitter& out) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "main" << YAML::Key << "dag"
        << YAML::Value << YAML::BeginMap << YAML::Key << "failFast" << YAML::Value << false
        << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
    for (const auto& group : layout_.groups) {
      if (group.empty()) continue;
      int id = plan_.groups[group.front().group].id;
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << fmt::format("g{}", id)
          << YAML::Key << "template" << YAML::Value << fmt::format("group-{}", id) << YAML::EndMap;
      ++tasks_;
    }
    out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    ++templates_;
    for (const auto& group : layout_.groups) {
      if (group.empty()) continue;
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value
          << fmt::format("group-{}", plan_.groups[group.front().group].id) << YAML::Key << "steps"
          << YAML::Value << YAML::BeginSeq;
      for (const auto& d : group) {
        out << YAML::BeginSeq;
        day_step(out, d, fmt::format("d{}", compact_date(plan_.groups[d.group].dates[d.date])));
        out << YAML::EndSeq;
      }
      out << YAML::EndSeq << YAML::EndMap;
      ++templates_;
    }
  }

  // Groups that depend on each other: `main` runs the days in waves (Layout::waves).
  void waves_template(YAML::Emitter& out) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "main" << YAML::Key << "steps"
        << YAML::Value << YAML::BeginSeq;
    for (const auto& wave : layout_.waves) {
      out << YAML::BeginSeq;
      for (const DayRef& r : wave) {
        const Day& d = layout_.groups[r.group][r.day];
        day_step(out, d,
                 fmt::format("g{}-d{}", plan_.groups[d.group].id,
                             compact_date(plan_.groups[d.group].dates[d.date])));
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndSeq << YAML::EndMap;
    ++templates_;
  }

  void metadata(YAML::Emitter& out, const std::string& name, bool parent) const {
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap << YAML::Key << "name"
        << YAML::Value << name;
    if (!o_.namespace_name.empty())
      out << YAML::Key << "namespace" << YAML::Value << o_.namespace_name;
    std::string label = object_name_part(plan_.backfill).substr(0, kMaxObjectName);
    while (label.back() == '-') label.pop_back();
    out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap << YAML::Key << "bfc.dev/backfill"
        << YAML::Value << label << YAML::EndMap;
    if (parent)
      out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap << YAML::Key
          << "bfc.dev/backfill" << YAML::Value << YAML::DoubleQuoted << plan_.backfill << YAML::Key
          << "bfc.dev/plan-sha256" << YAML::Value << plan_.sha256 << YAML::Key << "bfc.dev/exact"
          << YAML::Value << YAML::DoubleQuoted << (layout_.exact ? "true" : "false")
          << YAML::EndMap;
    out << YAML::EndMap;
  }

  // Opens an Argo object up to its `templates:` sequence.
  void begin_object(YAML::Emitter& out, const char* kind, const std::string& name,
                    const std::string& entrypoint, bool parent = false) const {
    out << YAML::BeginMap << YAML::Key << "apiVersion" << YAML::Value << kApiVersion << YAML::Key
        << "kind" << YAML::Value << kind;
    metadata(out, name, parent);
    out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap << YAML::Key << "entrypoint"
        << YAML::Value << entrypoint;
    if (!o_.service_account.empty())
      out << YAML::Key << "serviceAccountName" << YAML::Value << o_.service_account;
    if (plan_.settings.max_running)
      out << YAML::Key << "parallelism" << YAML::Value << *plan_.settings.max_running;
    out << YAML::Key << "templates" << YAML::Value << YAML::BeginSeq;
  }
  void end_object(YAML::Emitter& out) const { out << YAML::EndSeq << YAML::EndMap << YAML::EndMap; }

  // A step or task that runs the child WorkflowTemplate `name` (the rest of its map is open).
  void call_child(YAML::Emitter& out, const std::string& name) const {
    out << YAML::Key << "template" << YAML::Value << kRunChild << YAML::Key << "arguments"
        << YAML::Value << YAML::BeginMap << YAML::Key << "parameters" << YAML::Value
        << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "template"
        << YAML::Key << "value" << YAML::Value << name << YAML::EndMap << YAML::EndSeq
        << YAML::EndMap;
  }

  // Creates a Workflow from the WorkflowTemplate named by its parameter and waits for it.
  void run_child_template(YAML::Emitter& out) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << kRunChild << YAML::Key
        << "inputs" << YAML::Value << YAML::BeginMap << YAML::Key << "parameters" << YAML::Value
        << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "template"
        << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
    out << YAML::Key << "resource" << YAML::Value << YAML::BeginMap << YAML::Key << "action"
        << YAML::Value << "create" << YAML::Key << "setOwnerReference" << YAML::Value << true
        << YAML::Key << "manifest" << YAML::Value << YAML::Literal
        << "apiVersion: argoproj.io/v1alpha1\n"
           "kind: Workflow\n"
           "metadata:\n"
           "  generateName: \"{{inputs.parameters.template}}-\"\n"
           "spec:\n"
           "  workflowTemplateRef:\n"
           "    name: \"{{inputs.parameters.template}}\"\n"
        << YAML::Key << "successCondition" << YAML::Value << "status.phase == Succeeded"
        << YAML::Key << "failureCondition" << YAML::Value << "status.phase in (Failed, Error)"
        << YAML::EndMap << YAML::EndMap;
    ++templates_;
  }

  // One DAG template of instance tasks (a day of one chunk, or a chunk).
  void instance_dag(YAML::Emitter& out, const std::string& name, const std::vector<int>& members) {
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name << YAML::Key << "dag"
        << YAML::Value << YAML::BeginMap << YAML::Key << "failFast" << YAML::Value << true
        << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
    NameScope scope;
    for (int i : members)
      task_name_[i] = scope.claim(instance_task_name(plan_.instances[i].id), plan_.instances[i].id);
    // Each task is a placeholder item here; spliced() puts the instances' YAML in its place.
    for (int i : members) {
      out << fmt::format("{}{}", kLeafMark, i);
      ++tasks_;
    }
    out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    ++templates_;
  }

  void mark(const std::vector<int>& members) {
    ++dag_serial_;
    if (in_dag_.empty()) {
      in_dag_.assign(plan_.instances.size(), 0);
      task_name_.resize(plan_.instances.size());
    }
    for (int i : members) in_dag_[i] = dag_serial_;
  }

  void chunk_dag(YAML::Emitter& out, const Day& d, std::size_t k) {
    mark(d.chunks[k].members);
    instance_dag(out, chunk_template(d, k), d.chunks[k].members);
  }

  // A day's templates: its DAG, and its chunks' unless they are objects of their own.
  void day_templates(YAML::Emitter& out, const Day& d) {
    if (d.chunks.size() == 1) {
      mark(d.chunks[0].members);
      instance_dag(out, day_template(d), d.chunks[0].members);
      return;
    }
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << day_template(d) << YAML::Key
        << "dag" << YAML::Value << YAML::BeginMap << YAML::Key << "failFast" << YAML::Value << true
        << YAML::Key << "tasks" << YAML::Value << YAML::BeginSeq;
    for (std::size_t k = 0; k < d.chunks.size(); ++k) {
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << fmt::format("c{}", k);
      if (!d.chunks[k].after.empty()) {
        std::vector<std::string> after;
        for (int a : d.chunks[k].after) after.push_back(fmt::format("c{}", a));
        out << YAML::Key << "depends" << YAML::Value << depends_text(after);
      }
      if (d.chunks_own_objects)
        call_child(out, fmt::format("{}-c{}", day_object(d), k));
      else
        out << YAML::Key << "template" << YAML::Value << chunk_template(d, k);
      out << YAML::EndMap;
      ++tasks_;
    }
    out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
    ++templates_;
    if (!d.chunks_own_objects)
      for (std::size_t k = 0; k < d.chunks.size(); ++k) chunk_dag(out, d, k);
  }

  const runtime::Plan& plan_;
  const ArgoOptions& o_;
  const Layout& layout_;
  const LeafContext& leaf_;
  LeafWriter leaves_;
  std::string base_;
  std::vector<int> in_dag_;  // [instance] the serial of the DAG being written it is in
  int dag_serial_ = 0;
  std::vector<std::string> task_name_;
  std::size_t templates_ = 0, tasks_ = 0;
};

}  // namespace

bool export_argo(const runtime::Plan& plan, const ArgoOptions& o, ArgoExport& result,
                 std::vector<std::string>& errors,
                 const std::function<bool(std::string_view)>& write) {
  check_exportable(plan, o, errors);
  if (!errors.empty()) return false;
  warn_unmapped(plan, result.warnings);
  LeafContext leaf{&plan, o.image, ""};
  std::vector<std::size_t> bytes(plan.instances.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = leaf_bytes(leaf, int(i));
  Layout layout = make_layout(plan, bytes, errors);
  if (!errors.empty()) return false;
  Writer w(plan, o, layout, leaf);
  auto put = [&](const std::string& doc) {
    if (doc.size() >= kMaxObjectBytes) {  // the layout's estimates keep far below it
      errors.push_back(fmt::format(
          "an exported object would take {} bytes, over Kubernetes' limit of {} (a bfc bug: "
          "the layout plans for {})",
          doc.size(), kMaxObjectBytes, kObjectBudget));
      return false;
    }
    result.largest_document = std::max(result.largest_document, doc.size());
    ++result.documents;
    if (write("---\n") && write(doc) && write("\n")) return true;
    errors.push_back("cannot write the output");
    return false;
  };
  if (plan.settings.max_running) {
    leaf.limits_name = w.base() + "-limits";
    if (!put(w.limits_document(leaf.limits_name))) return false;
  }
  if (layout.children)
    for (const auto& group : layout.groups)
      for (const auto& d : group) {
        std::vector<std::string> docs;
        w.child_documents(d, docs);
        for (const auto& doc : docs)
          if (!put(doc)) return false;
      }
  if (!put(w.parent_document())) return false;
  result.templates = w.templates();
  result.tasks = w.tasks();
  return true;
}

}  // namespace bfc::exporter
