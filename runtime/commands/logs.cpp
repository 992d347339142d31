#include "runtime/commands/logs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/file_io.h"
#include "runtime/commands/run.h"
#include "runtime/state/runner_lock.h"

namespace bfc::runtime {

namespace {

// Copies [from, to) of `fd` (to -1: its end now) to `out`; returns where it stopped.
std::int64_t copy_range(int fd, std::int64_t from, std::int64_t to, int out) {
  if (to < 0) to = fd_size(fd);
  char buf[1 << 16];
  while (from < to) {
    ssize_t n = ::pread(fd, buf, std::size_t(std::min<std::int64_t>(sizeof buf, to - from)), from);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (!write_all(out, std::string_view(buf, std::size_t(n)))) break;
    from += n;
  }
  return from;
}

// The attempt asked for: the latest, or number `attempt`.
std::optional<AttemptRow> find_attempt(StateDb& db, const std::string& instance, int attempt) {
  std::optional<AttemptRow> found;
  for (auto& a : db.attempts_of(instance))
    if (attempt == 0 || a.attempt == attempt) found = a;
  return found;
}

int prune(StateDb& db, const std::string& state_path, std::FILE* err) {
  bool runner = RunnerLock::probe(state_path + ".lock").has_value();
  std::int64_t bytes = 0;
  std::size_t logs = 0, files = 0;
  std::vector<std::string> segments;  // in order: the attempts come sorted by segment
  int fd = -1;                        // open on segments.back()
  db.begin();  // one transaction: every pruned attempt marked, with the audit entry
  for (const auto& a : db.succeeded_attempt_logs()) {
    LogRange r = log_range(a);
    if (a.log_offset) {
      if (segments.empty() || segments.back() != r.path) {
        if (fd >= 0) ::close(fd);
        fd = ::open(r.path.c_str(), O_WRONLY | O_CLOEXEC);
        segments.push_back(r.path);
      }
      // Frees the range's whole blocks; the segment keeps its size, so every other
      // attempt's offsets stay right.
      if (fd >= 0 && r.end > r.begin &&
          ::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, r.begin, r.end - r.begin) ==
              0)
        bytes += r.end - r.begin;
    } else {
      struct stat st {};
      if (::stat(r.path.c_str(), &st) == 0 && ::unlink(r.path.c_str()) == 0) {
        bytes += st.st_size;
        ++files;
      }
    }
    ++logs;
  }
  if (fd >= 0) ::close(fd);
  db.mark_succeeded_logs_pruned();
  db.audit("prune-logs", nlohmann::json{{"attempts", logs}, {"bytes", bytes}}.dump());
  db.commit();
  // Segments nothing refers to any more go, unless a runner may still be writing to them.
  if (!runner) {
    for (const auto& s : segments)
      if (!db.segment_in_use(s) && ::unlink(s.c_str()) == 0) ++files;
  }
  std::fprintf(
      err, "bfc: logs: pruned the logs of %zu succeeded attempts (%.1f MB); removed %zu files%s\n",
      logs, double(bytes) / 1e6, files,
      runner ? " (a runner is active: its segments are kept, their pruned ranges freed)" : "");
  return kExitOk;
}

}  // namespace

LogRange log_range(const AttemptRow& a) {
  LogRange r;
  r.path = a.log_path;
  if (a.log_offset) {
    r.begin = *a.log_offset;
    if (a.log_length) {
      r.pruned = *a.log_length < 0;
      r.end = r.begin + std::max<std::int64_t>(0, *a.log_length);
    }
  } else if (a.log_length && *a.log_length < 0) {
    r.pruned = true;
  }
  return r;
}

std::string tail_range(const LogRange& r, int n) {
  if (n <= 0 || r.pruned || r.path.empty()) return "";
  int fd = ::open(r.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::int64_t end = r.end < 0 ? fd_size(fd) : r.end;
  constexpr std::int64_t kMaxChunk = std::int64_t(4) << 20;  // a longer last line shows its end
  std::string buf;
  std::string out;
  for (std::int64_t chunk = 16 * 1024;; chunk *= 4) {
    const std::int64_t start = std::max<std::int64_t>(r.begin, end - chunk);
    buf.resize(std::size_t(std::max<std::int64_t>(0, end - start)));
    ssize_t got = buf.empty() ? 0 : ::pread(fd, buf.data(), buf.size(), start);
    buf.resize(got > 0 ? std::size_t(got) : 0);
    std::size_t stop = buf.size();
    if (stop && buf[stop - 1] == '\n') --stop;  // the last line's own newline
    std::size_t from = stop;
    int seen = 0;
    for (; from > 0; --from)
      if (buf[from - 1] == '\n' && ++seen == n) break;
    if (seen == n || start == r.begin || chunk >= kMaxChunk) {
      out = buf.empty() ? "" : buf.substr(from, stop - from) + "\n";
      break;
    }
  }
  ::close(fd);
  return out;
}

std::string attempt_log_tail(const AttemptRow& a, int n) {
  return tail_range(log_range(a), n);
}

int logs_command(const LogsOptions& o, std::FILE* err) {
  const std::string state_path =
      o.state_path.empty() ? default_state_path(o.plan_path) : o.state_path;
  if (!StateDb::exists(state_path)) {
    std::fprintf(err, "bfc: error: no state at %s: nothing has run yet\n", state_path.c_str());
    return kExitUsage;
  }
  try {
    StateDb db(state_path, false, !o.prune);
    if (o.prune) return prune(db, state_path, err);
    auto a = find_attempt(db, o.instance, o.attempt);
    if (!a) {
      std::fprintf(err, "bfc: error: %s has no attempt%s in %s\n", o.instance.c_str(),
                   o.attempt ? fmt::format(" {}", o.attempt).c_str() : "", state_path.c_str());
      return kExitFailed;
    }
    LogRange r = log_range(*a);
    if (r.pruned) {
      std::fprintf(err, "bfc: %s attempt %d: its log was pruned\n", o.instance.c_str(), a->attempt);
      return kExitOk;
    }
    int fd = ::open(r.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      std::fprintf(err, "bfc: error: cannot read the log of %s attempt %d (%s): %s\n",
                   o.instance.c_str(), a->attempt, r.path.c_str(), std::strerror(errno));
      return kExitFailed;
    }
    std::int64_t at = copy_range(fd, r.begin, r.end, STDOUT_FILENO);
    // --follow: a running attempt's output as it comes, until its end is recorded (or no
    // runner is left to record it).
    while (o.follow && a->ended_at.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      auto now = find_attempt(db, o.instance, a->attempt);
      if (now) a = now;
      r = log_range(*a);
      at = copy_range(fd, at, a->ended_at.empty() ? -1 : r.end, STDOUT_FILENO);
      if (a->ended_at.empty() && !RunnerLock::probe(state_path + ".lock")) {
        at = copy_range(fd, at, -1, STDOUT_FILENO);
        break;
      }
    }
    ::close(fd);
    return kExitOk;
  } catch (const std::exception& e) {
    std::fprintf(err, "bfc: error: %s\n", e.what());
    return kExitUsage;
  }
}

}  // namespace bfc::runtime
