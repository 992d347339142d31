// One runner per state file: an open-file-description lock on STATE.lock whose content
// names the holder. The kernel drops the lock when the holder dies, even by SIGKILL.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace bfc::runtime {

// Who holds a lock.
struct LockHolder {
  int pid = 0;
  std::string host;
  std::string since;    // ISO time the lock was taken
  std::string role;     // "runner" or "operator"
  std::string command;  // e.g. "bfc run plan.json"

  // "bfc run plan.json (pid 123 on host, since 2024-...)".
  std::string describe() const;
};

// A held lock; released on destruction.
class RunnerLock {
 public:
  // Releases the lock.
  ~RunnerLock();
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;

  // Takes the lock at `path` without waiting; nullptr if someone holds it (then `holder`
  // describes them when known). Throws std::runtime_error when the file cannot be opened.
  static std::unique_ptr<RunnerLock> try_acquire(const std::string& path, const std::string& role,
                                                 const std::string& command, LockHolder* holder);
  // Who holds the lock at `path` right now, without taking it; nullopt if nobody.
  static std::optional<LockHolder> probe(const std::string& path);

 private:
  explicit RunnerLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace bfc::runtime
