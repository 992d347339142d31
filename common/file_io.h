// Whole-file reads, complete writes and atomic file replacement, shared by the compiler
// (plan emitter, render, fmt, imports) and the runtime (plan loading).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace bfc {

// Reads the whole file at `path` into `out`: a regular file in one allocation of its size,
// anything else (a pipe) as it comes. Returns false, with errno set and `error` (if given)
// saying what failed, when it cannot be read.
bool read_file(const std::string& path, std::string& out, std::string* error = nullptr);

// Reads a regular file of at most `max_bytes`; a larger one yields only its first
// `head_bytes` (enough to quote its first line) and nothing more is held in memory. `size`
// is the file's real size. Returns false when `path` is not a readable regular file.
bool read_file_bounded(const std::string& path, std::uintmax_t max_bytes, std::size_t head_bytes,
                       std::string& out, std::uintmax_t& size);

// The size of the open file `fd` (fstat), -1 when it cannot be had.
std::int64_t fd_size(int fd);

// write(2) of all of `bytes` to `fd`, retrying short writes and EINTR. Not async-signal-safe
// in spirit (it may be, but signal handlers keep their own).
bool write_all(int fd, std::string_view bytes);

// How write_atomically() treats the file it replaces.
struct AtomicWriteOptions {
  // Keep the replaced file's permission bits and, for a symlink, replace its target and keep
  // the link (fmt rewrites a user's file). Otherwise a new file gets mode 0644.
  bool keep_original = false;
  // fsync the file and its directory (fmt). A plan or a picture is a regenerable artifact:
  // fsync of a 300 MB plan costs seconds, and the rename alone already guarantees that
  // readers see the old file or the whole new one.
  bool durable = false;
};

// Writes `path` atomically: `writer` fills a temporary file in the same directory through
// its descriptor, which is then renamed over `path`. Readers see the old file or the whole
// new one; on failure (writer returns false, or a system call fails) nothing is left behind
// and `error` says what happened.
bool write_atomically(const std::string& path, const std::function<bool(int fd)>& writer,
                      std::string& error, const AtomicWriteOptions& options = {});

// The same with the whole content at hand.
bool write_atomically(const std::string& path, std::string_view content, std::string& error,
                      const AtomicWriteOptions& options = {});

}  // namespace bfc
