// libFuzzer entry point for plan loading (`bfc run`, `status` and the operator commands read
// plans that may be hand-edited or truncated): parse_plan() with the fast path (rapidjson,
// json_split) and without it (nlohmann + valijson) must agree on every input, accepting the
// same plans with the same content and rejecting the rest with at least one message. Any
// crash, sanitizer report, uncaught exception or disagreement is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "plan_describe.h"
#include "runtime/plan/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bfc::runtime;
  std::string text(reinterpret_cast<const char*>(data), size);
  PlanError fast_error, general_error;
  auto fast = parse_plan(text, "fuzz.json", fast_error, true);
  auto general = parse_plan(text, "fuzz.json", general_error, false);
  if (fast.has_value() != general.has_value()) __builtin_trap();
  if (fast && testing::describe(*fast) != testing::describe(*general)) __builtin_trap();
  if (!fast && (fast_error.messages.empty() || fast_error.messages != general_error.messages))
    __builtin_trap();
  return 0;
}
