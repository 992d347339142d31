#include "export/argo_leaf.h"

#include <yaml-cpp/yaml.h>

namespace bfc::exporter {

namespace {

// Kubernetes expands `$(VAR)` and turns `$$` into `$` in a container's command, args and
// env values: every `$` is written doubled, so the container gets the text unchanged.
std::string k8s_literal(const std::string& s) {
  if (s.find('$') == std::string::npos) return s;
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

bool has_template_tag(const std::string& s) {
  return s.find("{{") != std::string::npos;
}

// The leaf's YAML as a sequence of events. Structure and fixed scalars (`plain`) are the
// same for every instance of a shape; `value`s are double-quoted and vary.
class LeafSink {
 public:
  virtual ~LeafSink() = default;
  virtual void begin_map() = 0;
  virtual void end_map() = 0;
  virtual void begin_seq() = 0;
  virtual void end_seq() = 0;
  virtual void key(const char* k) = 0;
  virtual void plain(const std::string& v) = 0;
  virtual void value(const std::string& v) = 0;
};

// Straight into a yaml-cpp emitter; with `placeholders`, value k is written as "@@BFC<k>@@".
class EmitterSink : public LeafSink {
 public:
  EmitterSink(YAML::Emitter& out, bool placeholders) : out_(out), placeholders_(placeholders) {}
  void begin_map() override { out_ << YAML::BeginMap; }
  void end_map() override { out_ << YAML::EndMap; }
  void begin_seq() override { out_ << YAML::BeginSeq; }
  void end_seq() override { out_ << YAML::EndSeq; }
  void key(const char* k) override { out_ << YAML::Key << k << YAML::Value; }
  void plain(const std::string& v) override { out_ << v; }
  void value(const std::string& v) override {
    out_ << YAML::DoubleQuoted << (placeholders_ ? placeholder(values_++) : v);
  }
  static std::string placeholder(std::size_t k) { return "@@BFC" + std::to_string(k) + "@@"; }

 private:
  YAML::Emitter& out_;
  bool placeholders_;
  std::size_t values_ = 0;
};

// The shape (everything but the values) and the values.
class CollectSink : public LeafSink {
 public:
  CollectSink(std::string& shape, std::vector<std::string>& values)
      : shape_(shape), values_(values) {
    shape_.clear();
    values_.clear();
  }
  void begin_map() override { shape_ += '{'; }
  void end_map() override { shape_ += '}'; }
  void begin_seq() override { shape_ += '['; }
  void end_seq() override { shape_ += ']'; }
  void key(const char* k) override { (shape_ += k) += ':'; }
  void plain(const std::string& v) override { (shape_ += v) += ';'; }
  void value(const std::string& v) override {
    shape_ += '$';
    values_.push_back(v);
  }

 private:
  std::string& shape_;
  std::vector<std::string>& values_;
};

void env(LeafSink& out, const char* name, const std::string& value) {
  out.begin_map();
  out.key("name");
  out.plain(name);
  out.key("value");
  out.value(k8s_literal(value));
  out.end_map();
}

}  // namespace

std::vector<std::string> template_safe_pieces(const std::string& s) {
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    pieces.back() += s[i];
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') pieces.emplace_back();
  }
  return pieces;
}

ContainerCommand container_command(const runtime::Command& c) {
  ContainerCommand out;
  if (!c.is_list) {
    if (!has_template_tag(c.text)) {
      out.command = {"sh", "-c", c.text};
      return out;
    }
    std::string joined;
    auto pieces = template_safe_pieces(c.text);
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      std::string var = "BF_COMMAND_" + std::to_string(k);
      out.env.emplace_back(var, pieces[k]);
      joined += "$" + var;
    }
    out.command = {"sh", "-c", "exec sh -c \"" + joined + "\" sh"};
    return out;
  }
  bool tagged = false;
  for (const auto& a : c.argv) tagged = tagged || has_template_tag(a);
  if (!tagged) {
    out.command = c.argv;
    return out;
  }
  std::string script = "exec";
  for (std::size_t i = 0; i < c.argv.size(); ++i) {
    auto pieces = template_safe_pieces(c.argv[i]);
    script += " \"";
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      std::string var = "BF_ARG_" + std::to_string(i) + "_" + std::to_string(k);
      out.env.emplace_back(var, pieces[k]);
      script += "$" + var;
    }
    script += "\"";
  }
  out.command = {"sh", "-c", script, "sh"};
  return out;
}

std::size_t leaf_bytes(const LeafContext& ctx, int i) {
  const auto& in = ctx.plan->instances[i];
  std::size_t command = in.command.text.size();
  for (const auto& a : in.command.argv) command += a.size() + 8;
  // Escapes at most double a byte (\" \\ \n); the fixed part is about 900 bytes.
  return 1200 + 2 * command + 8 * (in.id.size() + in.task.size() + in.workspace.size()) +
         in.image.size() + ctx.default_image.size() + 40 * in.deps.size();
}

std::string depends_text(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : " && ") + n;
  return s;
}

namespace {

// The leaf's events: one DAG task with its inline template.
void write_leaf(LeafSink& out, const LeafContext& ctx, int i, const std::string& name,
                const std::vector<std::string>& depends) {
  const runtime::Plan& plan = *ctx.plan;
  const runtime::PlanInstance& in = plan.instances[i];
  out.begin_map();
  out.key("name");
  out.value(name);
  if (!depends.empty()) {
    out.key("depends");
    out.value(depends_text(depends));
  }
  out.key("inline");
  out.begin_map();
  out.key("metadata");
  out.begin_map();
  out.key("annotations");
  out.begin_map();
  out.key("bfc.dev/instance");
  out.value(in.id);
  out.key("bfc.dev/priority");
  out.value(std::to_string(in.priority));
  out.end_map();
  out.end_map();
  if (in.dry_run) {
    out.key("suspend");
    out.begin_map();
    out.key("duration");
    out.value("0");
    out.end_map();
    out.end_map();
    out.end_map();
    return;
  }
  ContainerCommand cc = container_command(in.command);
  out.key("container");
  out.begin_map();
  out.key("image");
  out.value(in.image.empty() ? ctx.default_image : in.image);
  out.key("command");
  out.begin_seq();
  for (const auto& a : cc.command) out.value(k8s_literal(a));
  out.end_seq();
  out.key("env");
  out.begin_seq();
  env(out, "BF_TASK", in.task);
  env(out, "BF_INSTANCE", in.id);
  env(out, "BF_BIZDATE", in.bizdate);
  env(out, "BF_INTERVAL_START", in.interval_start);
  env(out, "BF_INTERVAL_END", in.interval_end);
  env(out, "BF_CYCTIME", in.cyctime);
  // Argo's own variables (our text, never the user's): the attempt (1-based) and the pod.
  env(out, "BF_ATTEMPT", in.retries > 0 ? "{{=asInt(retries) + 1}}" : "1");
  env(out, "BF_BACKFILL", plan.backfill);
  if (!in.workspace.empty()) env(out, "BF_WORKSPACE", in.workspace);
  env(out, "BF_PRIORITY", std::to_string(in.priority));
  env(out, "BF_ATTEMPT_ID", "{{pod.name}}");
  for (const auto& [k, v] : cc.env) env(out, k.c_str(), v);
  out.end_seq();
  out.end_map();  // container
  // IntOrString fields are strings in Argo's published schema.
  if (in.retries > 0) {
    out.key("retryStrategy");
    out.begin_map();
    out.key("limit");
    out.value(std::to_string(in.retries));
    out.key("retryPolicy");
    out.plain("Always");
    out.key("backoff");
    out.begin_map();
    out.key("duration");
    out.value(std::to_string(in.retry_delay_s) + "s");
    out.key("factor");
    out.value("1");
    out.end_map();
    out.end_map();
  }
  if (in.timeout_s) {
    out.key("activeDeadlineSeconds");
    out.value(std::to_string(*in.timeout_s));
  }
  if (!ctx.limits_name.empty()) {
    out.key("synchronization");
    out.begin_map();
    out.key("semaphores");
    out.begin_seq();
    out.begin_map();
    out.key("configMapKeyRef");
    out.begin_map();
    out.key("name");
    out.plain(ctx.limits_name);
    out.key("key");
    out.plain("max-running");
    out.end_map();
    out.end_map();
    out.end_seq();
    out.end_map();
  }
  out.end_map();  // inline
  out.end_map();  // task
}

}  // namespace

void append_double_quoted(std::string& out, const std::string& s) {
  static const char* const kHex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0) {
      unsigned char d = static_cast<unsigned char>(s[++i]);  // U+0080..U+009F (C1 controls)
      out += "\\x";
      out += kHex[d >> 4];
      out += kHex[d & 15];
    } else if (c == 0xef && s.compare(i, 3, "\xef\xbb\xbf") == 0) {
      out += "\\uFEFF";  // a byte order mark
      i += 2;
    } else if (c == 0xe2 &&
               (s.compare(i, 3, "\xe2\x80\xa8") == 0 || s.compare(i, 3, "\xe2\x80\xa9") == 0)) {
      out += s[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";  // line and paragraph separators
      i += 2;
    } else {
      out += char(c);
    }
  }
}

void emit_leaf(YAML::Emitter& out, const LeafContext& ctx, int i, const std::string& name,
               const std::vector<std::string>& depends) {
  EmitterSink sink(out, false);
  write_leaf(sink, ctx, i, name, depends);
}

void LeafWriter::append(std::string& out, int i, const std::string& name,
                        const std::vector<std::string>& depends, std::size_t indent) {
  CollectSink collect(shape_, values_);
  write_leaf(collect, ctx_, i, name, depends);
  shape_ += '#';
  shape_ += std::to_string(indent);
  auto it = skeletons_.find(shape_);
  if (it == skeletons_.end()) {
    YAML::Emitter e;
    e << YAML::BeginSeq;
    EmitterSink placeholders(e, true);
    write_leaf(placeholders, ctx_, i, name, depends);
    e << YAML::EndSeq;
    std::string text = std::string(indent, ' ') + e.c_str() + "\n";
    Skeleton sk;
    std::size_t at = 0;
    for (std::size_t k = 0; k < values_.size(); ++k) {
      std::string mark = EmitterSink::placeholder(k);
      std::size_t p = text.find(mark, at);
      sk.literals.push_back(text.substr(at, p - at));
      at = p + mark.size();
    }
    sk.literals.push_back(text.substr(at));
    for (auto& lit : sk.literals)  // every line of the item at the indentation
      for (std::size_t p = lit.find('\n'); p != std::string::npos && p + 1 < lit.size();
           p = lit.find('\n', p + 1 + indent))
        lit.insert(p + 1, indent, ' ');
    it = skeletons_.emplace(shape_, std::move(sk)).first;
  }
  const Skeleton& sk = it->second;
  for (std::size_t k = 0; k < values_.size(); ++k) {
    out += sk.literals[k];
    append_double_quoted(out, values_[k]);
  }
  out += sk.literals.back();
}

}  // namespace bfc::exporter
