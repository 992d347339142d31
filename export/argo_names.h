// Names for Argo objects, templates and DAG tasks (docs/argo.md "Names"): Kubernetes object
// names are lowercase RFC 1123 labels of at most 63 characters; template and task names
// match ^[a-zA-Z0-9][-a-zA-Z0-9]*$, at most 128 characters, and a task name does not begin
// with a digit. Names are derived from the plan, so they are the same at every export.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace bfc::exporter {

inline constexpr std::size_t kMaxObjectName = 63;
inline constexpr std::size_t kMaxTaskName = 128;

// `s` as a lowercase object-name part: letters and digits kept (lowercased), anything else
// becomes '-', runs of '-' collapse, no '-' at either end; "bfc" when nothing is left.
std::string object_name_part(std::string_view s);

// The base of every object name of one export: `name` (or the backfill's name) as an
// object-name part, cut so that the longest suffix the export adds still fits; a cut name
// gets 6 hex digits of its hash, so two long names stay apart.
std::string object_base(std::string_view name, std::size_t suffix_room);

// The DAG task name of an instance: its task (underscores as '-') and the digits of its
// date or datetime, "t-" in front when that would not start with a letter.
std::string instance_task_name(std::string_view id);

// Names unique in one scope (one DAG's tasks): a name already taken, or longer than
// kMaxTaskName, gets the first 8 hex digits of a hash of `key` (the instance id).
class NameScope {
 public:
  std::string claim(std::string name, std::string_view key);

 private:
  std::unordered_set<std::string> taken_;
};

}  // namespace bfc::exporter
