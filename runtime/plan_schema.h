// Validation of plan JSON against the bfc-plan/1 JSON Schema embedded in the binary.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bfc::runtime {

// The schema text (schema/bfc-plan-1.schema.json), embedded at build time.
const std::string& embedded_plan_schema();

// Validates `doc` against the embedded schema; returns one message per violation
// ("/instances/3/priority: ..."), empty when valid. At most `limit` messages.
std::vector<std::string> schema_violations(const nlohmann::json& doc, std::size_t limit = 20);

}  // namespace bfc::runtime
