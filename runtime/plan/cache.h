// A binary copy of a loaded plan, so that `bfc run` resumes a large plan without parsing and
// validating its JSON again (docs/runtime.md "Start-up"). The cache belongs to one plan file:
// it is used only when the file is the very one it was written from (same device, inode,
// size, modification and change times, which a write of the file always changes), and by
// the same cache format; anything else (and any damage) means a full load.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// What identifies a file's content without reading it.
struct FileStamp {
  std::uint64_t dev = 0, ino = 0, size = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileStamp& o) const {
    return dev == o.dev && ino == o.ino && size == o.size && mtime_ns == o.mtime_ns &&
           ctime_ns == o.ctime_ns;
  }
};

// The stamp of `path`, nullopt if it cannot be stat'ed or is no regular file (no cache then).
std::optional<FileStamp> file_stamp(const std::string& path);

// Where the runner keeps the plan cache of the state at `state_path`.
std::string plan_cache_path(const std::string& state_path);

// The SHA-256 of the plan file with stamp `stamp` as its cache at `cache_path` recorded it, read
// from the cache's header only; nullopt when there is no cache for that very file. A damaged header
// gives nullopt or a hash that matches nothing: the caller compares it with the hash it expects
// and, when they differ, hashes the file itself.
std::optional<std::string> cached_plan_sha256(const std::string& cache_path,
                                              const FileStamp& stamp);

// The plan cached at `cache_path` for the file `plan_path` with stamp `stamp`, or nullopt.
std::optional<Plan> read_plan_cache(const std::string& cache_path, const std::string& plan_path,
                                    const FileStamp& stamp);

// Writes `plan`, loaded from a file with stamp `stamp`, to `cache_path` (atomically).
bool write_plan_cache(const std::string& cache_path, const Plan& plan, const FileStamp& stamp);

}  // namespace bfc::runtime
