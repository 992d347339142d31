// SHA-256 as lower-case hex: identifies plans in the state database and sources in a plan.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bfc {

// Returns the SHA-256 digest of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// The same of a file's bytes, read in chunks (a plan of hundreds of megabytes is never held
// in memory); nullopt when the file cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace bfc
