// See compile_child.h. The pipe carries one message: a header (exit code, diagnostics
// length) and the diagnostics; the JSON is the anonymous file's content.
#include "compile_child.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "common/file_io.h"
#include "diff/lean_load.h"

namespace bfc::cli {

namespace {

struct ChildHeader {
  std::int64_t rc = 2;
  std::uint64_t diagnostics = 0;
};

// Exactly `n` bytes from `fd`; false at end of file or on a read error.
bool read_exactly(int fd, char* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, out + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += std::size_t(r);
  }
  return true;
}

// The text the child wrote on its redirected stderr.
std::string read_back(std::FILE* f) {
  std::fflush(stderr);
  std::string out;
  if (std::fseek(f, 0, SEEK_SET) != 0) return out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

[[noreturn]] void run_child(const DriverOptions& opts, int pipe_fd, int plan_fd) {
  std::FILE* captured = std::tmpfile();
  if (!captured || ::dup2(fileno(captured), STDERR_FILENO) < 0) ::_exit(3);
  std::string json;
  ChildHeader h;
  h.rc = compile_to_string(opts, json);
  std::string diagnostics = read_back(captured);
  h.diagnostics = diagnostics.size();
  bool ok = write_all(plan_fd, json) &&
            write_all(pipe_fd, std::string_view(reinterpret_cast<const char*>(&h), sizeof h)) &&
            write_all(pipe_fd, diagnostics);
  ::_exit(ok ? 0 : 3);  // no destructors: the compiler's structures die with the process
}

void reap(pid_t pid, int& status) {
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

CompileChild start_compile_child(const DriverOptions& opts) {
  CompileChild c;
  int plan_fd = ::memfd_create("bfc-plan", MFD_CLOEXEC);
  if (plan_fd < 0) return c;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ::close(plan_fd);
    return c;
  }
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    ::close(plan_fd);
    return c;
  }
  if (pid == 0) {
    ::close(fds[0]);
    run_child(opts, fds[1], plan_fd);
  }
  ::close(fds[1]);
  c.pid = pid;
  c.pipe_fd = fds[0];
  c.plan_fd = plan_fd;
  return c;
}

CompileResult finish_compile_child(CompileChild& child) {
  CompileResult r;
  ChildHeader h;
  bool ok = read_exactly(child.pipe_fd, reinterpret_cast<char*>(&h), sizeof h);
  if (ok) {
    r.diagnostics.resize(h.diagnostics);
    ok = read_exactly(child.pipe_fd, r.diagnostics.data(), r.diagnostics.size());
  }
  int status = 0;
  reap(child.pid, status);
  ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ok && h.rc == 0) {
    auto mapped = diff::map_fd(child.plan_fd);
    if (mapped) {
      r.json = mapped->first;
      r.keep = mapped->second;
    } else {
      ok = false;
    }
  }
  ::close(child.pipe_fd);
  ::close(child.plan_fd);
  child = CompileChild{};
  if (ok) {
    r.rc = int(h.rc);
    return r;
  }
  r.rc = 2;
  r.diagnostics = WIFSIGNALED(status) ? "bfc: error: the compiler process died (" +
                                            std::string(strsignal(WTERMSIG(status))) + ")\n"
                                      : "bfc: error: the compiler process did not answer\n";
  return r;
}

void abandon_compile_child(CompileChild& child) {
  if (child.pid < 0) return;
  ::kill(child.pid, SIGKILL);
  int status = 0;
  reap(child.pid, status);
  ::close(child.pipe_fd);
  ::close(child.plan_fd);
  child = CompileChild{};
}

}  // namespace bfc::cli
