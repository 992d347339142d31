// UTF-8 validity. For output: every renderer passes text that came from the user (source
// lines, names, paths) through here, so what bfc prints is always valid UTF-8. For input: the
// runtime's plan reader checks a whole plan at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bfc {

// Length of the valid UTF-8 sequence at the start of `s`, or 0 if its first byte does not
// start one (stray continuation byte, overlong form, surrogate, truncated sequence).
size_t utf8_sequence_length(std::string_view s);

// True when all of `s` is valid UTF-8 (as utf8_sequence_length() defines it). Runs of ASCII
// are checked 8 bytes at a time.
bool is_valid_utf8(std::string_view s);

// `s` with every byte that is not part of valid UTF-8 written as `\xNN` (lower-case hex).
std::string escape_invalid_utf8(std::string_view s);

}  // namespace bfc
