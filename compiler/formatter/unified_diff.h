// A small line-based unified diff (Myers' algorithm), for `bfc fmt --diff`.
#pragma once

#include <string>
#include <string_view>

namespace bfc::formatter {

// The unified diff turning `before` into `after` with `context` lines around each change,
// headed `--- before_label` / `+++ after_label`; "" when the texts are equal. A last line
// without a newline is marked `\ No newline at end of file`, as GNU diff does.
std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_label, std::string_view after_label,
                         int context = 3);

}  // namespace bfc::formatter
