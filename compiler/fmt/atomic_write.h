// Replacing a file's contents atomically: readers see the old or the new file, never a
// half-written one.
#pragma once

#include <string>
#include <string_view>

namespace bfc::fmtlib {

// Writes `content` to a temporary file in the same directory, fsyncs it, gives it the
// original file's permission bits and renames it over `path` (a symlink's target is
// replaced, the link kept). Returns false with a message in `error` on failure, leaving
// the original untouched.
bool write_file_atomically(const std::string& path, std::string_view content, std::string& error);

// Reads a whole file. Returns false with a message in `error` on failure.
bool read_file(const std::string& path, std::string& out, std::string& error);

}  // namespace bfc::fmtlib
