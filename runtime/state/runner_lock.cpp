// Lock file handling. OFD locks (F_OFD_SETLK) rather than flock so that probe() can test the
// lock with F_OFD_GETLK without ever taking it (status must not block a starting runner).
#include "runtime/state/runner_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/sys/clock.h"
#include "runtime/sys/proc_util.h"

namespace bfc::runtime {
namespace {

flock whole_file(short type) {
  flock l{};
  l.l_type = type;
  l.l_whence = SEEK_SET;
  l.l_start = 0;
  l.l_len = 0;
  return l;
}

std::optional<LockHolder> read_holder(int fd) {
  // The holder writes its name right after locking; give it a moment if it is empty.
  for (int tries = 0; tries < 20; ++tries) {
    char buf[1024];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
      try {
        auto j = nlohmann::json::parse(std::string(buf, std::size_t(n)));
        LockHolder h;
        h.pid = j.value("pid", 0);
        h.host = j.value("host", "");
        h.since = j.value("since", "");
        h.role = j.value("role", "");
        h.command = j.value("command", "");
        return h;
      } catch (const nlohmann::json::exception&) {
        // partially written: retry
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

}  // namespace

std::string LockHolder::describe() const {
  return fmt::format("{} (pid {} on {}, since {})", command.empty() ? role : command, pid, host,
                     since);
}

RunnerLock::~RunnerLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor drops the OFD lock
}

std::unique_ptr<RunnerLock> RunnerLock::try_acquire(const std::string& path,
                                                    const std::string& role,
                                                    const std::string& command,
                                                    LockHolder* holder) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error(
        fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
  flock l = whole_file(F_WRLCK);
  if (fcntl(fd, F_OFD_SETLK, &l) != 0) {
    int err = errno;
    if (err != EAGAIN && err != EACCES) {
      ::close(fd);
      throw std::runtime_error(fmt::format("cannot lock {}: {}", path, std::strerror(err)));
    }
    if (holder) {
      if (auto h = read_holder(fd)) *holder = *h;
    }
    ::close(fd);
    return nullptr;
  }
  std::string text = nlohmann::json{{"pid", int(getpid())},
                                    {"host", host_name()},
                                    {"since", iso_utc(SystemClock().wall_ms())},
                                    {"role", role},
                                    {"command", command}}
                         .dump() +
                     "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, text.data(), text.size(), 0) != ssize_t(text.size())) {
    ::close(fd);
    throw std::runtime_error(
        fmt::format("cannot write lock file {}: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<RunnerLock>(new RunnerLock(fd));
}

std::optional<LockHolder> RunnerLock::probe(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  flock l = whole_file(F_WRLCK);
  std::optional<LockHolder> out;
  if (fcntl(fd, F_OFD_GETLK, &l) == 0 && l.l_type != F_UNLCK) {
    out = read_holder(fd);
    if (!out) out = LockHolder{0, "?", "?", "runner", "another process"};
  }
  ::close(fd);
  return out;
}

}  // namespace bfc::runtime
