#include "export/argo_names.h"

#include <fmt/format.h>

#include "common/sha256.h"

namespace bfc::exporter {

namespace {

std::string short_hash(std::string_view key, std::size_t digits) {
  return sha256_hex(std::string(key)).substr(0, digits);
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string object_name_part(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_alnum(c))
      out += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "bfc" : out;
}

std::string object_base(std::string_view name, std::size_t suffix_room) {
  std::string base = object_name_part(name);
  std::size_t room = kMaxObjectName - suffix_room;
  if (base.size() <= room) return base;
  std::string cut = base.substr(0, room - 7);
  while (!cut.empty() && cut.back() == '-') cut.pop_back();
  return cut + "-" + short_hash(name, 6);
}

std::string instance_task_name(std::string_view id) {
  std::string out;
  std::size_t at = id.find('@');
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (i == at)
      out += '-';
    else if (is_alnum(c))
      out += c;
    else if (i < at)
      out += '-';  // '_' in a task name; after '@' the '-' and ':' of the date are dropped
  }
  if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z')))
    out = "t-" + out;
  return out;
}

std::string NameScope::claim(std::string name, std::string_view key) {
  if (name.size() > kMaxTaskName || taken_.count(name)) {
    std::string hash = "-" + short_hash(key, 8);
    std::string cut = name.substr(0, std::min(name.size(), kMaxTaskName - hash.size() - 4));
    name = cut + hash;
    for (int k = 2; taken_.count(name); ++k) name = cut + hash + "-" + std::to_string(k);
  }
  taken_.insert(name);
  return name;
}

}  // namespace bfc::exporter
