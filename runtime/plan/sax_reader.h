// Loading a plainly valid plan quickly (rapidjson SAX, no DOM of the whole plan). See
// sax_reader.cpp.
#pragma once

#include <string>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// Fills the plan's content (not path, sha256 or the indexes) from `text` when it is valid
// JSON that the bfc-plan/1 schema accepts, in the common form; otherwise returns false and
// leaves `plan` alone (parse_plan() then takes the general path, which also explains what is
// wrong). Never accepts what the schema rejects.
bool fast_parse_plan(const std::string& text, Plan& plan);

}  // namespace bfc::runtime
