// Loading a plan: JSON parse, schema validation, conversion to structs, reference checks.
#include "runtime/plan/load.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/file_io.h"
#include "common/fingerprint.h"
#include "common/parallel.h"
#include "common/sha256.h"
#include "runtime/plan/fingerprints.h"
#include "runtime/plan/graph.h"
#include "runtime/plan/sax_reader.h"
#include "runtime/plan/schema_check.h"

namespace bfc::runtime {
namespace {

using nlohmann::json;

Command to_command(const json& j) {
  Command c;
  if (j.is_array()) {
    c.is_list = true;
    for (const auto& a : j) c.argv.push_back(a.get<std::string>());
  } else {
    c.text = j.get<std::string>();
  }
  return c;
}

int minutes(const std::string& hhmm) {
  return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
}

std::string opt_string(const json& j) {
  return j.is_null() ? std::string() : j.get<std::string>();
}

PlanSettings to_settings(const json& j) {
  PlanSettings s;
  s.parallel = j["parallel"].get<int>();
  s.descending = j["order"] == "descending";
  s.throttle_s = j["throttle_s"].get<std::int64_t>();
  if (!j["max_running"].is_null()) s.max_running = j["max_running"].get<int>();
  if (!j["window"].is_null()) {
    const auto& w = j["window"];
    std::string a = w["start"], b = w["end"];
    s.window = PlanWindow{minutes(a), minutes(b), a + ".." + b};
  }
  if (!j["alert"].is_null()) {
    const auto& a = j["alert"];
    PlanAlert alert;
    alert.on = a["on"] == "success"  ? PlanAlertOn::Success
               : a["on"] == "always" ? PlanAlertOn::Always
                                     : PlanAlertOn::Failure;
    alert.command = to_command(a["command"]);
    s.alert = alert;
  }
  s.run_future = j["run_future"].get<bool>();
  return s;
}

PlanInstance to_instance(const json& j) {
  PlanInstance in;
  in.id = j["id"];
  in.task = j["task"];
  in.workspace = opt_string(j["workspace"]);
  in.interval_start = j["interval_start"];
  in.interval_end = j["interval_end"];
  in.bizdate = j["bizdate"];
  in.cyctime = j["cyctime"];
  if (j.contains("not_before")) in.not_before = j["not_before"];
  in.group = j["group"].get<int>();
  in.priority = j["priority"].get<int>();
  in.dry_run = j["mode"] == "dry_run";
  in.dry_run_reason = opt_string(j["dry_run_reason"]);
  in.command = to_command(j["command"]);
  if (j.contains("image")) in.image = j["image"];
  in.retries = j["retries"].get<int>();
  in.retry_delay_s = j["retry_delay_s"].get<std::int64_t>();
  if (!j["timeout_s"].is_null()) in.timeout_s = j["timeout_s"].get<std::int64_t>();
  in.deps = j["deps"].get<std::vector<std::string>>();
  in.external_deps = j["external_deps"].get<std::vector<std::string>>();
  if (j.contains("fingerprint") && j.contains("lineage"))
    in.has_fingerprint =
        parse_fingerprint_hex(j["fingerprint"].get<std::string>(), in.fingerprint) &&
        parse_fingerprint_hex(j["lineage"].get<std::string>(), in.lineage);
  return in;
}

// The day barrier of an instance whose bizdate is dates[pos]: the last date of its group, in
// run order, that its interval [bizdate, interval_end) covers (the compiler's rule, see
// docs/semantics.md "Day barriers"). Dates and datetimes compare as strings: a date D is
// before the datetime `end` when "DT00:00" < end, that is when D < end's date, or D is end's
// date and end's time is after 00:00.
int barrier_index(const std::vector<std::string>& dates, int pos, std::string_view end) {
  std::string_view end_date = end.substr(0, 10),
                   end_time = end.substr(std::min<std::size_t>(10, end.size()));
  auto before_end = [&](const std::string& d) {
    int c = std::string_view(d).compare(end_date);
    return c < 0 || (c == 0 && end_time > "T00:00");
  };
  int q = pos;
  while (q + 1 < int(dates.size()) && dates[q + 1] > dates[pos] && before_end(dates[q + 1])) ++q;
  return q;
}

// Checks what the schema cannot: unique ids, references, group membership. Linear in the
// plan: one hash lookup per instance and per dependency (the plan has 730k instances and
// more dependencies in the benchmarks).
void check_references(Plan& plan, std::vector<std::string>& errors) {
  std::unordered_map<int, int> group_pos;
  std::unordered_map<std::string_view, int> date_group;
  std::vector<std::unordered_map<std::string_view, int>> date_pos(plan.groups.size());
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    const auto& group = plan.groups[g];
    if (!group_pos.emplace(group.id, int(g)).second)
      errors.push_back(fmt::format("/groups/{}/id: duplicate group id {}", g, group.id));
    for (std::size_t k = 0; k < group.dates.size(); ++k) {
      const auto& d = group.dates[k];
      date_pos[g].emplace(d, int(k));  // the schema keeps a group's dates distinct
      auto [it, fresh] = date_group.emplace(d, group.id);
      if (!fresh && it->second != group.id)
        errors.push_back(
            fmt::format("/groups/{}: date {} is already in group {}", g, d, it->second));
    }
  }
  plan.index.reserve(plan.instances.size());
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    auto& in = plan.instances[i];
    if (!plan.index.emplace(in.id, int(i)).second)
      errors.push_back(fmt::format("/instances/{}/id: duplicate instance id `{}`", i, in.id));
    if (in.id.size() <= in.task.size() || in.id.compare(0, in.task.size(), in.task) != 0 ||
        in.id[in.task.size()] != '@')
      errors.push_back(fmt::format("/instances/{}/id: `{}` does not start with its task `{}@`", i,
                                   in.id, in.task));
    auto g = group_pos.find(in.group);
    if (g == group_pos.end()) {
      errors.push_back(fmt::format(
          "/instances/{}/group: `{}` is in group {}, which is not in /groups", i, in.id, in.group));
      continue;
    }
    in.group_index = g->second;
    const auto& positions = date_pos[g->second];
    auto d = positions.find(in.bizdate);
    if (d == positions.end())
      errors.push_back(
          fmt::format("/instances/{}/bizdate: `{}` has bizdate {}, which is not a date of group {}",
                      i, in.id, in.bizdate, in.group));
    else
      in.date_index = barrier_index(plan.groups[g->second].dates, d->second, in.interval_end);
  }
  // Each instance's dependencies resolved on every core (lookups only), errors in order.
  const std::size_t n = plan.instances.size(), parts = part_count(n);
  std::vector<std::vector<std::string>> part_errors(parts);
  parallel_parts(n, parts, [&](std::size_t p, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      auto& in = plan.instances[i];
      in.dep_index.reserve(in.deps.size());
      for (std::size_t k = 0; k < in.deps.size(); ++k) {
        int j = plan.find(in.deps[k]);
        if (j < 0)
          part_errors[p].push_back(
              fmt::format("/instances/{}/deps/{}: `{}` depends on `{}`, which is not in the plan "
                          "(list it in external_deps if it is outside the backfill)",
                          i, k, in.id, in.deps[k]));
        else if (j == int(i))
          part_errors[p].push_back(
              fmt::format("/instances/{}/deps/{}: `{}` depends on itself", i, k, in.id));
        else
          in.dep_index.push_back(j);
      }
    }
  });
  for (auto& e : part_errors) errors.insert(errors.end(), e.begin(), e.end());
}

// bfc-plan/2 has a fingerprint and lineage on every instance; bfc-plan/1 has none.
void check_fingerprints_present(const Plan& plan, std::vector<std::string>& errors) {
  for (std::size_t i = 0; i < plan.instances.size(); ++i) {
    if (plan.instances[i].has_fingerprint == (plan.format == 2)) continue;
    errors.push_back(fmt::format(
        "/instances/{}: `fingerprint` and `lineage` {}", i,
        plan.format == 2 ? "are required in bfc-plan/2" : "are not part of bfc-plan/1"));
    return;
  }
}

std::string line_col(const std::string& text, std::size_t byte) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

}  // namespace

std::optional<Plan> parse_plan(const std::string& text, const std::string& path, PlanError& error,
                               bool allow_fast) {
  error = PlanError{};
  Plan plan;
  // The plan's identity, hashed on another core while this one parses.
  auto sha256 = std::async(std::launch::async, [&text] { return sha256_hex(text); });
  // Both JSON readers stop at a NUL byte as if the text ended there: a valid plan followed by
  // a NUL and anything at all would be accepted.
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    error.messages.push_back(fmt::format("{}: not valid JSON: a NUL byte", line_col(text, nul)));
    return std::nullopt;
  }
  if (!allow_fast || !fast_parse_plan(text, plan)) {  // anything unusual, and every invalid plan
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      auto colon = what.find("]: ");  // drop nlohmann's "[json.exception.parse_error.101] " prefix
      if (colon != std::string::npos) what = what.substr(colon + 3);
      error.messages.push_back(
          fmt::format("{}: not valid JSON: {}", line_col(text, e.byte ? e.byte - 1 : 0), what));
      return std::nullopt;
    } catch (const json::exception& e) {
      // A number too large for a double ("number overflow parsing '1e999'"): nlohmann gives
      // no position, so point at the first occurrence of the number it quotes.
      std::string what = e.what();
      auto colon = what.find("] ");
      if (colon != std::string::npos) what = what.substr(colon + 2);
      std::size_t at = 0;
      if (auto q = what.find('\''); q != std::string::npos)
        if (auto q2 = what.find('\'', q + 1); q2 != std::string::npos)
          if (auto found = text.find(what.substr(q + 1, q2 - q - 1)); found != std::string::npos)
            at = found;
      error.messages.push_back(fmt::format("{}: not valid JSON: {}", line_col(text, at), what));
      return std::nullopt;
    }
    error.messages = schema_violations(doc);
    if (!error.messages.empty()) return std::nullopt;
    plan.format = doc["format"] == "bfc-plan/1" ? 1 : 2;
    plan.backfill = doc["backfill"];
    plan.today = doc["today"];
    plan.initiator = opt_string(doc["initiator"]);
    plan.settings = to_settings(doc["settings"]);
    for (const auto& g : doc["groups"])
      plan.groups.push_back(PlanGroup{g["id"].get<int>(), g["dates"]});
    plan.instances.reserve(doc["instances"].size());
    for (const auto& j : doc["instances"]) plan.instances.push_back(to_instance(j));
  }
  plan.path = path;
  plan.sha256 = sha256.get();
  check_references(plan, error.messages);
  check_fingerprints_present(plan, error.messages);
  if (error.messages.empty()) {
    std::string cycle = find_cycle(plan);
    if (!cycle.empty())
      error.messages.push_back("/instances: dependency cycle (day barriers included): " + cycle);
  }
  if (!error.messages.empty()) return std::nullopt;
  if (plan.format == 1) compute_fingerprints(plan);  // a plan compiled by an earlier bfc
  return plan;
}

std::optional<Plan> load_plan(const std::string& path, PlanError& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = PlanError{true, {"cannot read plan: it is a directory"}};
    return std::nullopt;
  }
  std::string text;
  if (!read_file(path, text)) {
    error = PlanError{true, {fmt::format("cannot read plan: {}", std::strerror(errno))}};
    return std::nullopt;
  }
  return parse_plan(text, path, error);
}

}  // namespace bfc::runtime
