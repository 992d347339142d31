// SHA-256 of a byte string, as lower-case hex (identifies plans in the state database).
#pragma once

#include <string>
#include <string_view>

namespace bfc::runtime {

// Returns the SHA-256 digest of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace bfc::runtime
