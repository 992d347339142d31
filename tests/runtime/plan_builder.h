// Builds small bfc-plan/1 documents in tests, parsed through the real loader (schema included).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/plan/load.h"

namespace bfc::runtime::testing {

// Fluent builder: groups of dates, then instances "task@date".
class PlanBuilder {
 public:
  PlanBuilder() {
    doc_ = {{"format", "bfc-plan/1"},
            {"backfill", "test"},
            {"today", "2024-04-01"},
            {"initiator", nullptr},
            {"sources", nlohmann::json::array()},
            {"settings",
             {{"parallel", 1},
              {"order", "ascending"},
              {"throttle_s", 0},
              {"max_running", nullptr},
              {"window", nullptr},
              {"alert", nullptr},
              {"run_future", false}}},
            {"groups", nlohmann::json::array()},
            {"external_deps", nlohmann::json::array()},
            {"instances", nlohmann::json::array()}};
  }

  // Adds a group with these dates (in run order); ids count from 0.
  PlanBuilder& group(const std::vector<std::string>& dates) {
    doc_["groups"].push_back({{"id", int(doc_["groups"].size())}, {"dates", dates}});
    return *this;
  }

  // Adds instance task@date (the date's group is looked up). Returns the JSON to tweak.
  nlohmann::json& add(const std::string& task, const std::string& date,
                      std::vector<std::string> deps = {}, int priority = 5) {
    int group = -1;
    for (const auto& g : doc_["groups"])
      for (const auto& d : g["dates"])
        if (d == date) group = g["id"];
    if (group < 0) throw std::logic_error("date not in any group: " + date);
    std::sort(deps.begin(), deps.end());
    doc_["instances"].push_back({{"id", task + "@" + date},
                                 {"task", task},
                                 {"workspace", nullptr},
                                 {"interval_start", date + "T00:00"},
                                 {"interval_end", date + "T23:59"},
                                 {"bizdate", date},
                                 {"cyctime", date + "T23:59"},
                                 {"group", group},
                                 {"priority", priority},
                                 {"mode", "run"},
                                 {"dry_run_reason", nullptr},
                                 {"command", "run " + task},
                                 {"retries", 0},
                                 {"retry_delay_s", 0},
                                 {"timeout_s", nullptr},
                                 {"deps", deps},
                                 {"external_deps", nlohmann::json::array()}});
    return doc_["instances"].back();
  }

  nlohmann::json& settings() { return doc_["settings"]; }
  nlohmann::json& doc() { return doc_; }

  // Parses through the real loader; throws with the messages if invalid.
  Plan build() const {
    PlanError error;
    auto plan = parse_plan(doc_.dump(), "test.plan.json", error);
    if (!plan) {
      std::string all;
      for (const auto& m : error.messages) all += m + "\n";
      throw std::runtime_error("invalid test plan:\n" + all);
    }
    return *plan;
  }

 private:
  nlohmann::json doc_;
};

}  // namespace bfc::runtime::testing
