// Schema validation with valijson; the parsed schema is built once per process.
#include "runtime/plan/schema_check.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <regex>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "common/fingerprint.h"
#include "common/sha256.h"
#include "runtime/plan/plan.h"
#include "runtime/plan/schema_patterns.h"

namespace bfc::runtime {
namespace {

const valijson::Schema& parsed_schema() {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    nlohmann::json doc = nlohmann::json::parse(embedded_plan_schema());
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

// valijson's context is {"<root>", "[instances]", "[3]", ...}; turn it into a JSON pointer.
std::string pointer(const std::vector<std::string>& context) {
  std::string out;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string p = part;
    if (p.size() >= 2 && p.front() == '[' && p.back() == ']') p = p.substr(1, p.size() - 2);
    if (p.size() >= 2 && p.front() == '"' && p.back() == '"') p = p.substr(1, p.size() - 2);
    out += "/" + p;
  }
  return out.empty() ? "/" : out;
}

// valijson says "Expected number greater than or equal to 0.000000."; house style is lower
// case, no trailing period, integers printed as integers.
std::string tidy(std::string text) {
  static const std::regex zeros("([0-9]+)\\.000000");
  text = std::regex_replace(text, zeros, "$1");
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty() && std::isupper(static_cast<unsigned char>(text[0])) &&
      !(text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1]))))
    text[0] = char(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

bool is_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// fast_plan_check(): bfc-plan-1.schema.json by hand. Each helper accepts only what the
// schema accepts for that definition; wherever being exact would be intricate it is
// stricter (the generic validator then decides).
namespace fast {

using nlohmann::json;

namespace pat = patterns;

std::string_view sv(const json& j) {
  return j.get_ref<const std::string&>();
}

bool date(const json& j) {
  return j.is_string() && pat::date(sv(j));
}
bool time(const json& j) {
  return j.is_string() && pat::time(sv(j));
}
bool datetime(const json& j) {
  return j.is_string() && pat::datetime(sv(j));
}
bool instance_id(const json& j) {
  return j.is_string() && pat::instance_id(sv(j));
}
bool task(const json& j) {
  return j.is_string() && pat::task(sv(j));
}

bool nonempty_string(const json& j) {
  return j.is_string() && !j.get_ref<const std::string&>().empty();
}
bool string_or_null(const json& j) {
  return j.is_string() || j.is_null();
}

// An integer in [min, max] (the schema's bounds: counts fit an int, durations 100 years).
bool integer_in(const json& j, std::int64_t min, std::int64_t max) {
  if (j.is_number_unsigned()) {
    std::uint64_t v = j.get<std::uint64_t>();
    return v <= std::uint64_t(max) && std::int64_t(v) >= min;
  }
  if (!j.is_number_integer()) return false;
  std::int64_t v = j.get<std::int64_t>();
  return v >= min && v <= max;
}

// Exactly these keys, plus `extra` optional ones the caller checked (in this schema
// "required" lists every property but the optional ones).
template <std::size_t N>
bool exact_keys(const json& j, const std::array<const char*, N>& keys, std::size_t extra = 0) {
  if (!j.is_object() || j.size() != N + extra) return false;
  for (const char* k : keys)
    if (j.find(k) == j.end()) return false;
  return true;
}

// Strings only (checked by `item`), all different.
template <class Item>
bool unique_strings(const json& j, Item item, std::size_t min_items = 0) {
  if (!j.is_array() || j.size() < min_items) return false;
  for (const auto& v : j)
    if (!item(v)) return false;
  if (j.size() <= 8) {
    for (std::size_t a = 0; a < j.size(); ++a)
      for (std::size_t b = a + 1; b < j.size(); ++b)
        if (j[a].get_ref<const std::string&>() == j[b].get_ref<const std::string&>()) return false;
    return true;
  }
  std::vector<const std::string*> seen;
  seen.reserve(j.size());
  for (const auto& v : j) seen.push_back(&v.get_ref<const std::string&>());
  std::sort(seen.begin(), seen.end(), [](auto* a, auto* b) { return *a < *b; });
  return std::adjacent_find(seen.begin(), seen.end(), [](auto* a, auto* b) { return *a == *b; }) ==
         seen.end();
}

bool id_list(const json& j) {
  return unique_strings(j, instance_id);
}

bool command(const json& j) {
  if (j.is_string()) return !j.get_ref<const std::string&>().empty();
  if (!j.is_array() || j.empty()) return false;
  for (const auto& a : j)
    if (!a.is_string()) return false;
  return true;
}

bool one_of_strings(const json& j, std::initializer_list<const char*> values) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  for (const char* v : values)
    if (s == v) return true;
  return false;
}

bool priority(const json& j) {  // enum [1, 2, 3, 5, 7, 8]
  std::int64_t p = 0;
  if (j.is_number_unsigned())
    p = j.get<std::uint64_t>() <= 8 ? std::int64_t(j.get<std::uint64_t>()) : 0;
  else if (j.is_number_integer())
    p = j.get<std::int64_t>();
  return p == 1 || p == 2 || p == 3 || p == 5 || p == 7 || p == 8;
}

bool fingerprint(const json& j) {
  std::uint64_t v = 0;
  return j.is_string() && parse_fingerprint_hex(j.get_ref<const std::string&>(), v);
}

// An instance; `with_fingerprints`: bfc-plan/2, where both are required (bfc-plan/1: absent).
bool instance(const json& j, bool with_fingerprints) {
  static constexpr std::array<const char*, 17> keys = {
      "id",      "task",          "workspace", "interval_start", "interval_end",   "bizdate",
      "cyctime", "group",         "priority",  "mode",           "dry_run_reason", "command",
      "retries", "retry_delay_s", "timeout_s", "deps",           "external_deps"};
  const auto not_before = j.find("not_before");  // optional
  const bool has_not_before = not_before != j.end();
  if (has_not_before && !datetime(*not_before)) return false;
  const auto fp = j.find("fingerprint"), lineage = j.find("lineage");
  const bool has_fp = fp != j.end();
  if (has_fp != with_fingerprints || has_fp != (lineage != j.end())) return false;
  if (has_fp && (!fingerprint(*fp) || !fingerprint(*lineage))) return false;
  const auto image = j.find("image");  // optional, in either format
  const bool has_image = image != j.end();
  if (has_image && !nonempty_string(*image)) return false;
  if (!exact_keys(j, keys, (has_not_before ? 1 : 0) + (has_fp ? 2 : 0) + (has_image ? 1 : 0)))
    return false;
  const json& reason = j.at("dry_run_reason");
  const json& timeout = j.at("timeout_s");
  return priority(j.at("priority")) && instance_id(j.at("id")) && task(j.at("task")) &&
         string_or_null(j.at("workspace")) && datetime(j.at("interval_start")) &&
         datetime(j.at("interval_end")) && date(j.at("bizdate")) && datetime(j.at("cyctime")) &&
         integer_in(j.at("group"), 0, kMaxCount) &&
         one_of_strings(j.at("mode"), {"run", "dry_run"}) &&
         (reason.is_null() ||
          one_of_strings(reason, {"excluded", "no_permission", "not_selected"})) &&
         command(j.at("command")) && integer_in(j.at("retries"), 0, kMaxCount) &&
         integer_in(j.at("retry_delay_s"), 0, kMaxSeconds) &&
         (timeout.is_null() || integer_in(timeout, 1, kMaxSeconds)) && id_list(j.at("deps")) &&
         id_list(j.at("external_deps"));
}

bool settings(const json& j) {
  static constexpr std::array<const char*, 7> keys = {
      "parallel", "order", "throttle_s", "max_running", "window", "alert", "run_future"};
  if (!exact_keys(j, keys)) return false;
  const json& max_running = j.at("max_running");
  const json& window = j.at("window");
  const json& alert = j.at("alert");
  static constexpr std::array<const char*, 2> window_keys = {"start", "end"};
  static constexpr std::array<const char*, 2> alert_keys = {"on", "command"};
  bool window_ok = window.is_null() || (exact_keys(window, window_keys) &&
                                        time(window.at("start")) && time(window.at("end")));
  bool alert_ok =
      alert.is_null() || (exact_keys(alert, alert_keys) &&
                          one_of_strings(alert.at("on"), {"failure", "success", "always"}) &&
                          command(alert.at("command")));
  return integer_in(j.at("parallel"), 1, kMaxCount) &&
         one_of_strings(j.at("order"), {"ascending", "descending"}) &&
         integer_in(j.at("throttle_s"), 0, kMaxSeconds) &&
         (max_running.is_null() || integer_in(max_running, 1, kMaxCount)) && window_ok &&
         alert_ok && j.at("run_future").is_boolean();
}

bool source(const json& j) {
  static constexpr std::array<const char*, 2> keys = {"path", "sha256"};
  return exact_keys(j, keys) && nonempty_string(j.at("path")) && j.at("sha256").is_string() &&
         pat::is_sha256_hex(sv(j.at("sha256")));
}

bool group(const json& j) {
  static constexpr std::array<const char*, 2> keys = {"id", "dates"};
  return exact_keys(j, keys) && integer_in(j.at("id"), 0, kMaxCount) &&
         unique_strings(j.at("dates"), date, 1);
}

template <class Item>
bool all_items(const json& j, Item item) {
  if (!j.is_array()) return false;
  for (const auto& v : j)
    if (!item(v)) return false;
  return true;
}

bool dropped_task(const json& j) {
  static constexpr std::array<const char*, 3> keys = {"task", "workspace", "reason"};
  return exact_keys(j, keys) && nonempty_string(j.at("task")) &&
         string_or_null(j.at("workspace")) &&
         one_of_strings(j.at("reason"), {"excluded", "no_permission"});
}

bool plan(const json& j) {
  static constexpr std::array<const char*, 9> keys = {"format",    "backfill",      "today",
                                                      "initiator", "sources",       "settings",
                                                      "groups",    "external_deps", "instances"};
  auto dropped = j.find("dropped");
  bool has_dropped = dropped != j.end();
  if (!exact_keys(j, keys, has_dropped ? 1 : 0)) return false;
  if (has_dropped && (!all_items(*dropped, dropped_task) || dropped->empty())) return false;
  const json& format = j.at("format");
  if (!format.is_string()) return false;
  const std::string& f = format.get_ref<const std::string&>();
  if (f != "bfc-plan/1" && f != "bfc-plan/2") return false;
  const bool v2 = f == "bfc-plan/2";
  return nonempty_string(j.at("backfill")) && date(j.at("today")) &&
         string_or_null(j.at("initiator")) && all_items(j.at("sources"), source) &&
         settings(j.at("settings")) && all_items(j.at("groups"), group) &&
         id_list(j.at("external_deps")) &&
         all_items(j.at("instances"), [v2](const json& i) { return instance(i, v2); });
}

}  // namespace fast

}  // namespace

// The fast checks are used only with the schema they were written for.
bool fast_schema_checks_apply() {
  static const bool applies = sha256_hex(embedded_plan_schema()) == kFastCheckSchemaSha256;
  return applies;
}

const char* const kFastCheckSchemaSha256 =
    "c0dccdaa150e3311872d7df6ba1bc3117ae22f3c17a4f25df0b3aa925d1cb0cb";

bool fast_plan_check(const nlohmann::json& doc) {
  return fast::plan(doc);
}

bool schema_accepts(const nlohmann::json& doc) {
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  return validator.validate(parsed_schema(), target, nullptr);
}

namespace {

// How much a validator message says: 0 for the summaries of a combination ("failed to
// validate against child schema #1", "... any child schemas allowed by oneOf constraint"),
// 1 for a type mismatch (in a oneOf, every branch of another type says so), 2 for the rest
// ("expected number less than or equal to 3153600000", "failed to match against any enum
// values", ...).
int specificity(const std::string& message) {
  if (message.rfind("failed to validate against", 0) == 0) return 0;
  if (message.rfind("value type not permitted", 0) == 0) return 1;
  return 2;
}

}  // namespace

std::vector<std::string> schema_violations(const nlohmann::json& doc, std::size_t limit) {
  if (fast_schema_checks_apply() && fast_plan_check(doc)) return {};
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  // A valid plan is checked without collecting error details.
  if (validator.validate(parsed_schema(), target, nullptr)) return {};
  valijson::ValidationResults results;
  validator.validate(parsed_schema(), target, &results);
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  // Keep the most specific errors: drop those whose location encloses another error's, and
  // at one location keep only the most telling kind (see specificity()): a `oneOf` that
  // failed says why in one line, not in one line per branch and two summaries.
  std::vector<std::pair<std::string, std::string>> found;  // (pointer, description)
  for (const auto& e : errors) {
    bool enclosing = std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
      return is_prefix(e.context, other.context);
    });
    if (!enclosing) found.emplace_back(pointer(e.context), tidy(e.description));
  }
  std::map<std::string, int> best;
  for (const auto& [where, what] : found) best[where] = std::max(best[where], specificity(what));
  std::vector<std::string> out;
  for (const auto& [where, what] : found) {
    if (specificity(what) < best[where]) continue;
    std::string line = where + ": " + what;
    if (std::find(out.begin(), out.end(), line) != out.end()) continue;
    out.push_back(line);
    if (out.size() >= limit) break;
  }
  if (out.empty()) out.push_back("/: does not match the plan schema");
  return out;
}

}  // namespace bfc::runtime
