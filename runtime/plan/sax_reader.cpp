// The common case of loading a plan, fast: rapidjson parses the text (5x faster than
// nlohmann::json), and one pass checks the schema by hand and fills the structs. It gives up
// on anything unusual, and parse_plan() then takes the general path (nlohmann::json +
// valijson), which also writes every diagnostic; so this path only has to be right about plans
// it accepts. There is no DOM of the whole plan (it took about twice the file's size, next to
// the structs): parse_split() (json_split.h) makes a DOM of the rest of the document, with
// "instances" empty, and notes where each instance is; each is then parsed alone and converted.
#include "runtime/plan/sax_reader.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <future>
#include <string_view>
#include <vector>

#include "common/fingerprint.h"
#include "common/utf8.h"
#include "runtime/plan/json_split.h"
#include "runtime/plan/schema_check.h"
#include "runtime/plan/schema_patterns.h"

namespace bfc::runtime {
namespace {

using Value = rapidjson::Value;
namespace pat = patterns;

std::string_view sv(const Value& v) {
  return {v.GetString(), v.GetStringLength()};
}
std::string str(const Value& v) {
  return std::string(v.GetString(), v.GetStringLength());
}

// The members of an object with exactly these keys (in this schema "required" lists every
// property but the last `optional` of `keys`), in the order of `keys` (nullptr for an absent
// optional one); false for other, repeated or missing keys.
template <std::size_t N>
bool members(const Value& o, const std::array<const char*, N>& keys,
             std::array<const Value*, N>& out, std::size_t optional = 0) {
  if (!o.IsObject() || o.MemberCount() > N || o.MemberCount() < N - optional) return false;
  out.fill(nullptr);
  for (auto m = o.MemberBegin(); m != o.MemberEnd(); ++m) {
    std::string_view k = sv(m->name);
    std::size_t i = 0;
    while (i < N && k != keys[i]) ++i;
    if (i == N || out[i]) return false;
    out[i] = &m->value;
  }
  for (std::size_t i = 0; i < N - optional; ++i)
    if (!out[i]) return false;
  return true;
}

// An integer in [min, max] (the schema's bounds).
template <typename Int>
bool integer(const Value& v, std::int64_t min, std::int64_t max, Int& out) {
  if (!v.IsInt64() || v.GetInt64() < min || v.GetInt64() > max) return false;
  out = static_cast<Int>(v.GetInt64());
  return true;
}

bool string_if(const Value& v, bool (*pattern)(std::string_view), std::string& out) {
  if (!v.IsString() || !pattern(sv(v))) return false;
  out = str(v);
  return true;
}

bool nonempty(std::string_view s) {
  return !s.empty();
}
bool any(std::string_view) {
  return true;
}

// ["string", "null"]: null becomes "".
bool string_or_null(const Value& v, std::string& out) {
  if (v.IsNull()) return true;
  return string_if(v, any, out);
}

// #/definitions/command
bool command(const Value& v, Command& out) {
  if (v.IsString()) return string_if(v, nonempty, out.text);
  if (!v.IsArray() || v.Empty()) return false;
  out.is_list = true;
  out.argv.reserve(v.Size());
  for (const auto& a : v.GetArray()) {
    if (!a.IsString()) return false;
    out.argv.push_back(str(a));
  }
  return true;
}

// #/definitions/id_list: distinct instance ids.
bool distinct(const std::vector<std::string>& items) {
  if (items.size() <= 16) {
    for (std::size_t a = 0; a < items.size(); ++a)
      for (std::size_t b = a + 1; b < items.size(); ++b)
        if (items[a] == items[b]) return false;
    return true;
  }
  std::vector<std::string_view> sorted(items.begin(), items.end());
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
}

bool id_list(const Value& v, std::vector<std::string>& out) {
  if (!v.IsArray()) return false;
  out.reserve(v.Size());
  for (const auto& a : v.GetArray()) {
    if (!a.IsString() || !pat::instance_id(sv(a))) return false;
    out.push_back(str(a));
  }
  return distinct(out);  // uniqueItems
}

bool instance(const Value& v, PlanInstance& in) {
  static constexpr std::array<const char*, 21> keys = {
      "id",          "task",          "workspace", "interval_start", "interval_end",   "bizdate",
      "cyctime",     "group",         "priority",  "mode",           "dry_run_reason", "command",
      "retries",     "retry_delay_s", "timeout_s", "deps",           "external_deps",  "not_before",
      "fingerprint", "lineage",       "image"};
  std::array<const Value*, 21> m;
  if (!members(v, keys, m, 4)) return false;
  if (m[17] && !string_if(*m[17], pat::datetime, in.not_before)) return false;
  if (m[20] && !string_if(*m[20], nonempty, in.image)) return false;
  // Both or neither; parse_plan checks that they match the format.
  if (bool(m[18]) != bool(m[19])) return false;
  if (m[18] && (!m[18]->IsString() || !m[19]->IsString() ||
                !parse_fingerprint_hex(sv(*m[18]), in.fingerprint) ||
                !parse_fingerprint_hex(sv(*m[19]), in.lineage)))
    return false;
  in.has_fingerprint = m[18] != nullptr;
  if (!string_if(*m[0], pat::instance_id, in.id) || !string_if(*m[1], pat::task, in.task) ||
      !string_or_null(*m[2], in.workspace) || !string_if(*m[3], pat::datetime, in.interval_start) ||
      !string_if(*m[4], pat::datetime, in.interval_end) ||
      !string_if(*m[5], pat::date, in.bizdate) || !string_if(*m[6], pat::datetime, in.cyctime) ||
      !integer(*m[7], 0, kMaxCount, in.group) || !integer(*m[8], 1, kMaxCount, in.priority))
    return false;
  if (in.priority != 1 && in.priority != 2 && in.priority != 3 && in.priority != 5 &&
      in.priority != 7 && in.priority != 8)
    return false;
  if (!m[9]->IsString()) return false;
  std::string_view mode = sv(*m[9]);
  if (mode != "run" && mode != "dry_run") return false;
  in.dry_run = mode == "dry_run";
  if (!m[10]->IsNull()) {
    if (!m[10]->IsString() ||
        (sv(*m[10]) != "excluded" && sv(*m[10]) != "no_permission" && sv(*m[10]) != "not_selected"))
      return false;
    in.dry_run_reason = str(*m[10]);
  }
  if (!command(*m[11], in.command) || !integer(*m[12], 0, kMaxCount, in.retries) ||
      !integer(*m[13], 0, kMaxSeconds, in.retry_delay_s))
    return false;
  if (!m[14]->IsNull()) {
    std::int64_t t = 0;
    if (!integer(*m[14], 1, kMaxSeconds, t)) return false;
    in.timeout_s = t;
  }
  return id_list(*m[15], in.deps) && id_list(*m[16], in.external_deps);
}

int minutes(std::string_view hhmm) {
  return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

bool settings(const Value& v, PlanSettings& s) {
  static constexpr std::array<const char*, 7> keys = {
      "parallel", "order", "throttle_s", "max_running", "window", "alert", "run_future"};
  std::array<const Value*, 7> m;
  if (!members(v, keys, m) || !integer(*m[0], 1, kMaxCount, s.parallel) || !m[1]->IsString())
    return false;
  std::string_view order = sv(*m[1]);
  if (order != "ascending" && order != "descending") return false;
  s.descending = order == "descending";
  if (!integer(*m[2], 0, kMaxSeconds, s.throttle_s)) return false;
  if (!m[3]->IsNull()) {
    int n = 0;
    if (!integer(*m[3], 1, kMaxCount, n)) return false;
    s.max_running = n;
  }
  if (!m[4]->IsNull()) {
    static constexpr std::array<const char*, 2> wkeys = {"start", "end"};
    std::array<const Value*, 2> w;
    if (!members(*m[4], wkeys, w) || !w[0]->IsString() || !w[1]->IsString() ||
        !pat::time(sv(*w[0])) || !pat::time(sv(*w[1])))
      return false;
    s.window = PlanWindow{minutes(sv(*w[0])), minutes(sv(*w[1])), str(*w[0]) + ".." + str(*w[1])};
  }
  if (!m[5]->IsNull()) {
    static constexpr std::array<const char*, 2> akeys = {"on", "command"};
    std::array<const Value*, 2> a;
    if (!members(*m[5], akeys, a) || !a[0]->IsString()) return false;
    std::string_view on = sv(*a[0]);
    PlanAlert alert;
    if (on == "success")
      alert.on = PlanAlertOn::Success;
    else if (on == "always")
      alert.on = PlanAlertOn::Always;
    else if (on == "failure")
      alert.on = PlanAlertOn::Failure;
    else
      return false;
    if (!command(*a[1], alert.command)) return false;
    s.alert = std::move(alert);
  }
  if (!m[6]->IsBool()) return false;
  s.run_future = m[6]->GetBool();
  return true;
}

bool source(const Value& v) {
  static constexpr std::array<const char*, 2> keys = {"path", "sha256"};
  std::array<const Value*, 2> m;
  return members(v, keys, m) && m[0]->IsString() && m[0]->GetStringLength() > 0 &&
         m[1]->IsString() && pat::is_sha256_hex(sv(*m[1]));
}

bool group(const Value& v, PlanGroup& g) {
  static constexpr std::array<const char*, 2> keys = {"id", "dates"};
  std::array<const Value*, 2> m;
  if (!members(v, keys, m) || !integer(*m[0], 0, kMaxCount, g.id) || !m[1]->IsArray() ||
      m[1]->Empty())
    return false;
  for (const auto& d : m[1]->GetArray()) {
    if (!d.IsString() || !pat::date(sv(d))) return false;
    g.dates.push_back(str(d));
  }
  return distinct(g.dates);
}

// "dropped": checked against the schema, not kept (the runtime has no use for it).
bool dropped_list(const Value& v) {
  if (!v.IsArray() || v.Empty()) return false;
  static constexpr std::array<const char*, 3> keys = {"task", "workspace", "reason"};
  for (const auto& d : v.GetArray()) {
    std::array<const Value*, 3> m;
    if (!members(d, keys, m) || !m[0]->IsString() || m[0]->GetStringLength() == 0 ||
        !(m[1]->IsNull() || m[1]->IsString()) || !m[2]->IsString() ||
        (sv(*m[2]) != "excluded" && sv(*m[2]) != "no_permission"))
      return false;
  }
  return true;
}

}  // namespace

bool fast_parse_plan(const std::string& text, Plan& plan) {
  if (!fast_schema_checks_apply()) return false;
  rapidjson::Document doc;
  std::vector<JsonSpan> instances;  // the DOM leaves "instances" empty
  // UTF-8 is checked over the whole text on another core while this one splits.
  auto valid_utf8 = std::async(std::launch::async, [&text] { return is_valid_utf8(text); });
  bool split = parse_split(text, "instances", doc, instances, false);
  if (!valid_utf8.get() || !split) return false;
  static constexpr std::array<const char*, 10> keys = {
      "format",   "backfill", "today",         "initiator", "sources",
      "settings", "groups",   "external_deps", "instances", "dropped"};
  std::array<const Value*, 10> m;
  if (!members(doc, keys, m, 1) || (m[9] && !dropped_list(*m[9])) || !m[0]->IsString() ||
      (sv(*m[0]) != "bfc-plan/1" && sv(*m[0]) != "bfc-plan/2"))
    return false;
  Plan p;
  p.format = sv(*m[0]) == "bfc-plan/1" ? 1 : 2;
  std::vector<std::string> external;
  if (!string_if(*m[1], nonempty, p.backfill) || !string_if(*m[2], pat::date, p.today) ||
      !string_or_null(*m[3], p.initiator) || !m[4]->IsArray() || !settings(*m[5], p.settings) ||
      !m[6]->IsArray() || !id_list(*m[7], external) || !m[8]->IsArray())
    return false;
  for (const auto& s : m[4]->GetArray())
    if (!source(s)) return false;
  p.groups.reserve(m[6]->Size());
  for (const auto& g : m[6]->GetArray()) {
    p.groups.emplace_back();
    if (!group(g, p.groups.back())) return false;
  }
  // The instances are independent of each other: parsed on every core.
  p.instances.resize(instances.size());
  if (!for_each_span_parallel(text, instances, 8, [&](std::size_t i, const Value& v) {
        PlanInstance& in = p.instances[i];
        return instance(v, in) && in.has_fingerprint == (p.format == 2);
      }))
    return false;
  plan = std::move(p);
  return true;
}

}  // namespace bfc::runtime
