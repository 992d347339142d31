#include "render/child_process.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>

namespace bfc::render {

namespace {

bool write_all(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool write_string(int fd, const std::string& s) {
  uint64_t n = s.size();
  return write_all(fd, &n, sizeof n) && write_all(fd, s.data(), s.size());
}

// Reads a length-prefixed string from `in` at `pos`.
bool read_string(const std::string& in, size_t& pos, std::string& out) {
  uint64_t n = 0;
  if (in.size() - pos < sizeof n) return false;
  std::memcpy(&n, in.data() + pos, sizeof n);
  pos += sizeof n;
  if (in.size() - pos < n) return false;
  out.assign(in, pos, n);
  pos += n;
  return true;
}

}  // namespace

ChildOutcome run_in_child(const std::function<bool(std::string&, std::vector<std::string>&)>& work,
                          unsigned seconds) {
  ChildOutcome r;
  int fds[2];
  if (::pipe(fds) != 0) {
    r.failure = fmt::format("cannot create a pipe: {}", std::strerror(errno));
    return r;
  }
  std::fflush(nullptr);  // nothing buffered may be written twice
  pid_t pid = ::fork();
  if (pid < 0) {
    r.failure = fmt::format("cannot fork: {}", std::strerror(errno));
    ::close(fds[0]);
    ::close(fds[1]);
    return r;
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::signal(SIGALRM, SIG_DFL);
    ::alarm(seconds);
    std::string bytes;
    std::vector<std::string> messages;
    bool ok = work(bytes, messages);
    char flag = ok ? 1 : 0;
    uint64_t count = messages.size();
    bool sent = write_all(fds[1], &flag, 1) && write_string(fds[1], bytes) &&
                write_all(fds[1], &count, sizeof count);
    for (size_t i = 0; sent && i < messages.size(); ++i) sent = write_string(fds[1], messages[i]);
    ::_exit(sent ? 0 : 3);  // no exit handlers or static destructors in the child
  }
  ::close(fds[1]);
  std::string in;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    r.failure = sig == SIGALRM ? fmt::format("took longer than {} s and was stopped", seconds)
                               : fmt::format("crashed ({})", strsignal(sig));
    return r;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || in.empty()) {
    r.failure = "stopped before it reported back";
    return r;
  }
  size_t pos = 1;
  uint64_t count = 0;
  r.ok = in[0] == 1;
  bool parsed = read_string(in, pos, r.bytes) && in.size() - pos >= sizeof count;
  if (parsed) {
    std::memcpy(&count, in.data() + pos, sizeof count);
    pos += sizeof count;
    for (uint64_t i = 0; parsed && i < count; ++i) {
      std::string m;
      parsed = read_string(in, pos, m);
      r.messages.push_back(std::move(m));
    }
  }
  if (!parsed) {
    r.failure = "sent back a truncated result";
    r.ok = false;
    return r;
  }
  r.finished = true;
  return r;
}

}  // namespace bfc::render
