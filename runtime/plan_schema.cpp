// Schema validation with valijson; the parsed schema is built once per process.
#include "plan_schema.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

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

bool is_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

}  // namespace

std::vector<std::string> schema_violations(const nlohmann::json& doc, std::size_t limit) {
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  // Fast path: a valid plan is checked without collecting error details.
  if (validator.validate(parsed_schema(), target, nullptr)) return {};
  valijson::ValidationResults results;
  validator.validate(parsed_schema(), target, &results);
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  // Keep the most specific errors: drop those whose location encloses another error's.
  std::vector<std::string> out;
  for (const auto& e : errors) {
    bool enclosing = std::any_of(errors.begin(), errors.end(),
                                 [&](const auto& other) { return is_prefix(e.context, other.context); });
    if (enclosing) continue;
    std::string line = pointer(e.context) + ": " + e.description;
    if (std::find(out.begin(), out.end(), line) != out.end()) continue;
    out.push_back(line);
    if (out.size() >= limit) break;
  }
  if (out.empty()) out.push_back("/: does not match the bfc-plan/1 schema");
  return out;
}

}  // namespace bfc::runtime
