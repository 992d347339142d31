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

// A hand-written check of the same schema, ~20x faster than the generic validator on large
// plans: true only for documents the schema accepts (it may reject more; schema_violations()
// then asks the generic validator, which has the final word and writes the messages).
// Exposed for tests.
bool fast_plan_check(const nlohmann::json& doc);

// The generic validator's verdict alone (tests compare fast_plan_check() with it).
bool schema_accepts(const nlohmann::json& doc);

// The SHA-256 of the schema fast_plan_check() (and fast_parse_plan()) was written for. When
// the embedded schema differs, neither is used.
extern const char* const kFastCheckSchemaSha256;

// True when the embedded schema is the one the hand-written checks were written for.
bool fast_schema_checks_apply();

}  // namespace bfc::runtime
