#include "diff/lean_load.h"

#include <cstring>

#include <nlohmann/json.hpp>

#include "common/fingerprint.h"
#include "common/sha256.h"
#include "runtime/plan/load.h"

namespace bfc::diff {

namespace {

// One pass over the bytes: strings are skipped with memchr, brackets counted, and at depth 3
// inside the top-level "instances" array the values of the five keys diff compares are
// kept. It checks only the structure it walks (balanced brackets, closed strings); anything
// it does not expect (an escape in a kept value, a missing field) sends the plan to the full
// loader, and the head is validated by the runtime's loader either way.
class Scanner {
 public:
  explicit Scanner(const std::string& t) : t_(t) {}

  bool run() {
    std::size_t n = t_.size();
    std::string_view key;
    bool after_colon = false;
    for (std::size_t i = 0; i < n; ++i) {
      char c = t_[i];
      switch (c) {
        case '"': {
          std::size_t e = string_end(i);
          if (e == std::string::npos) return false;
          std::string_view v(t_.data() + i + 1, e - i - 1);
          if (after_colon) {
            if (!value(depth_, key, v, e)) return false;
            after_colon = false;
          } else {
            key = v;
          }
          i = e;
          break;
        }
        case ':':
          after_colon = true;
          break;
        case ',':
          after_colon = false;
          break;
        case '{':
        case '[':
          if (c == '[' && depth_ == 1 && key == "instances" && after_colon) {
            in_instances_ = true;
            array_begin = i;
          } else if (c == '{' && depth_ == 2 && in_instances_) {
            begins.push_back(i);
            instances.emplace_back();
            have_ = 0;
          }
          after_colon = false;
          ++depth_;
          break;
        case '}':
        case ']':
          if (--depth_ < 0) return false;
          if (c == '}' && depth_ == 2 && in_instances_) {
            ends.push_back(i + 1);
            if (have_ != 0x1f) return false;
          } else if (c == ']' && depth_ == 1 && in_instances_) {
            in_instances_ = false;
            array_end = i + 1;
          }
          break;
        default:
          break;
      }
    }
    return depth_ == 0 && array_end > 0;
  }

  std::vector<runtime::PlanInstance> instances;
  std::vector<std::size_t> begins, ends;
  std::size_t array_begin = 0, array_end = 0;

 private:
  // The closing quote of the string opening at `i`, or npos.
  std::size_t string_end(std::size_t i) const {
    const char* p = t_.data() + i + 1;
    const char* end = t_.data() + t_.size();
    while (p < end) {
      const char* q = static_cast<const char*>(std::memchr(p, '"', std::size_t(end - p)));
      if (!q) return std::string::npos;
      std::size_t backslashes = 0;
      for (const char* b = q - 1; b > t_.data() + i && *b == '\\'; --b) ++backslashes;
      if (backslashes % 2 == 0) return std::size_t(q - t_.data());
      p = q + 1;
    }
    return std::string::npos;
  }

  bool value(int depth, std::string_view key, std::string_view v, std::size_t) {
    if (depth != 3 || !in_instances_) return true;
    bool plain = v.find('\\') == std::string_view::npos;
    runtime::PlanInstance& in = instances.back();
    if (key == "id") {
      in.id.assign(v);
      have_ |= 1;
    } else if (key == "task") {
      in.task.assign(v);
      have_ |= 2;
    } else if (key == "bizdate") {
      in.bizdate.assign(v);
      have_ |= 4;
    } else if (key == "fingerprint") {
      if (!parse_fingerprint_hex(v, in.fingerprint)) return false;
      have_ |= 8;
    } else if (key == "lineage") {
      if (!parse_fingerprint_hex(v, in.lineage)) return false;
      have_ |= 16;
    } else {
      return true;
    }
    return plain;  // an escaped id or task: let the full loader read it
  }

  const std::string& t_;
  int depth_ = 0;
  bool in_instances_ = false;
  unsigned have_ = 0;
};

// Room for the instances of a plan of `bytes` (bfc writes ~500 bytes per instance).
template <class S>
void scan_reserve(S& scan, std::size_t bytes) {
  scan.instances.reserve(bytes / 400 + 16);
  scan.begins.reserve(bytes / 400 + 16);
  scan.ends.reserve(bytes / 400 + 16);
}

std::string opt_string(const nlohmann::json& j) {
  return j.is_string() ? j.get<std::string>() : "";
}

runtime::Command to_command(const nlohmann::json& j) {
  runtime::Command c;
  if (j.is_array()) {
    c.is_list = true;
    for (const auto& a : j) c.argv.push_back(a.get<std::string>());
  } else {
    c.text = opt_string(j);
  }
  return c;
}

}  // namespace

std::optional<LeanPlan> lean_load(std::string text, const std::string& name,
                                  std::vector<std::string>& errors) {
  auto full = [&]() -> std::optional<LeanPlan> {  // bfc-plan/1, or anything unusual
    runtime::PlanError err;
    auto plan = runtime::parse_plan(text, name, err);
    if (!plan) {
      errors = err.messages;
      return std::nullopt;
    }
    LeanPlan p;
    p.plan = std::move(*plan);
    p.hydrated.assign(p.plan.instances.size(), true);
    return p;
  };
  Scanner scan(text);
  scan_reserve(scan, text.size());
  if (text.find('\0') != std::string::npos || !scan.run() || scan.begins.size() != scan.ends.size())
    return full();
  // The head, validated by the runtime's loader with the instances left out.
  std::string head = text.substr(0, scan.array_begin) + "[]" + text.substr(scan.array_end);
  runtime::PlanError err;
  auto plan = runtime::parse_plan(head, name, err);
  if (!plan || plan->format != 2) return full();
  LeanPlan p;
  p.plan = std::move(*plan);
  p.plan.sha256 = sha256_hex(text);
  p.plan.instances = std::move(scan.instances);
  p.begin = std::move(scan.begins);
  p.end = std::move(scan.ends);
  p.hydrated.assign(p.plan.instances.size(), false);
  p.text = std::move(text);
  return p;
}

void hydrate(LeanPlan& p, int i) {
  if (p.hydrated[i]) return;
  auto j =
      nlohmann::json::parse(p.text.begin() + long(p.begin[i]), p.text.begin() + long(p.end[i]));
  runtime::PlanInstance& in = p.plan.instances[i];
  in.workspace = opt_string(j["workspace"]);
  in.interval_start = opt_string(j["interval_start"]);
  in.interval_end = opt_string(j["interval_end"]);
  in.cyctime = opt_string(j["cyctime"]);
  in.dry_run = j["mode"] == "dry_run";
  in.command = to_command(j["command"]);
  p.hydrated[i] = true;
}

}  // namespace bfc::diff
