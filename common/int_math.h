// Integer arithmetic that the calendar and interval code need and the language lacks.
#pragma once

#include <cstdint>

namespace bfc {

// a / b rounded toward negative infinity (b > 0): minutes before 1970 still fall in the
// right day.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

}  // namespace bfc
