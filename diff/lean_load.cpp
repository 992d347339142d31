#include "diff/lean_load.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
  explicit Scanner(std::string_view t) : t_(t) {}

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
            entries.emplace_back();
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

  std::vector<Entry> entries;
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
    Entry& in = entries.back();
    if (key.size() != 2 && key.size() != 4 && key.size() != 7 && key.size() != 11) return true;
    if (key == "id") {
      in.id = v;
      have_ |= 1;
    } else if (key == "task") {
      in.task = v;
      have_ |= 2;
    } else if (key == "bizdate") {
      in.bizdate = v;
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

  std::string_view t_;
  int depth_ = 0;
  bool in_instances_ = false;
  unsigned have_ = 0;
};

// Room for the instances of a plan of `bytes` (bfc writes ~500 bytes per instance).
template <class S>
void scan_reserve(S& scan, std::size_t bytes) {
  scan.entries.reserve(bytes / 400 + 16);
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

std::optional<std::pair<std::string_view, std::shared_ptr<const void>>> map_file(
    const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  auto mapped = map_fd(fd);
  ::close(fd);
  return mapped;
}

std::optional<std::pair<std::string_view, std::shared_ptr<const void>>> map_fd(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::size_t size = std::size_t(st.st_size);
  if (size == 0) return std::make_pair(std::string_view(), std::shared_ptr<const void>());
  void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED) return std::nullopt;
  ::madvise(m, size, MADV_SEQUENTIAL);
  std::shared_ptr<const void> keep(m,
                                   [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
  return std::make_pair(std::string_view(static_cast<const char*>(m), size), keep);
}

std::optional<LeanPlan> lean_load(std::string_view text, std::shared_ptr<const void> keep,
                                  const std::string& name, std::vector<std::string>& errors) {
  auto full = [&]() -> std::optional<LeanPlan> {  // bfc-plan/1, or anything unusual
    runtime::PlanError err;
    auto plan = runtime::parse_plan(std::string(text), name, err);
    if (!plan) {
      errors = err.messages;
      return std::nullopt;
    }
    LeanPlan p;
    p.plan = std::move(*plan);
    return p;
  };
  Scanner scan(text);
  scan_reserve(scan, text.size());
  if (text.find('\0') != std::string_view::npos || !scan.run() ||
      scan.begins.size() != scan.ends.size())
    return full();
  // The head, validated by the runtime's loader with the instances left out.
  std::string head = std::string(text.substr(0, scan.array_begin)) + "[]" +
                     std::string(text.substr(scan.array_end));
  runtime::PlanError err;
  auto plan = runtime::parse_plan(head, name, err);
  if (!plan || plan->format != 2) return full();
  LeanPlan p;
  p.plan = std::move(*plan);
  p.plan.sha256 = sha256_hex(text);
  p.begin = std::move(scan.begins);
  p.end = std::move(scan.ends);
  p.entries = std::move(scan.entries);
  p.text = text;
  p.keep = std::move(keep);
  p.lean = true;
  return p;
}

const runtime::PlanInstance& hydrate(LeanPlan& p, int i) {
  if (!p.lean) return p.plan.instances[i];
  auto [it, fresh] = p.hydrated.try_emplace(i);
  runtime::PlanInstance& in = it->second;
  if (!fresh) return in;
  auto j = nlohmann::json::parse(p.text.substr(p.begin[i], p.end[i] - p.begin[i]));
  const Entry& e = p.entries[i];
  in.id = e.id;
  in.task = e.task;
  in.bizdate = e.bizdate;
  in.fingerprint = e.fingerprint;
  in.lineage = e.lineage;
  in.workspace = opt_string(j["workspace"]);
  in.interval_start = opt_string(j["interval_start"]);
  in.interval_end = opt_string(j["interval_end"]);
  in.cyctime = opt_string(j["cyctime"]);
  in.dry_run = j["mode"] == "dry_run";
  in.command = to_command(j["command"]);
  if (auto image = j.find("image"); image != j.end()) in.image = opt_string(*image);
  return in;
}

Side side_of(LeanPlan& p) {
  if (!p.lean) return side_of(p.plan);
  Side s;
  s.head = &p.plan;
  s.entries = p.entries;  // 64 bytes an instance; hydrate reads p's copy
  s.full = [&p](int i) -> const runtime::PlanInstance& { return hydrate(p, i); };
  return s;
}

}  // namespace bfc::diff
