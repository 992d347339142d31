// fork + exec with a gate: the child sets up its process group, parent-death signal, log
// file and environment, then blocks on a pipe until the parent has recorded its pid and says
// go. If the parent dies first, the child gets EOF (or SIGKILL) and never runs the command.
#include "process_posix.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <poll.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "proc_util.h"

extern char** environ;

namespace bfc::runtime {
namespace {

sigset_t runner_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

void write_all(int fd, const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= std::size_t(w);
  }
}

}  // namespace

PosixProcessRunner::PosixProcessRunner() : self_(getpid()) {
  auto* old = new sigset_t;
  sigset_t set = runner_signals();
  sigprocmask(SIG_BLOCK, &set, old);
  old_mask_ = old;
  signal_fd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd_ < 0) throw std::runtime_error(fmt::format("signalfd: {}", std::strerror(errno)));
  // A child that dies before it is released must not kill us through its closed gate pipe.
  signal(SIGPIPE, SIG_IGN);
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "BF_", 3) != 0) base_env_.emplace_back(*e);
}

PosixProcessRunner::~PosixProcessRunner() {
  for (int fd : held_gates_) ::close(fd);
  if (signal_fd_ >= 0) ::close(signal_fd_);
  auto* old = static_cast<sigset_t*>(old_mask_);
  sigprocmask(SIG_SETMASK, old, nullptr);
  delete old;
}

Launched PosixProcessRunner::launch(const LaunchSpec& spec) {
  Launched result;
  std::vector<std::string> args = command_argv(spec.command);
  if (args.empty() || args[0].empty()) {
    result.error = "empty command";
    return result;
  }
  // Everything the child needs is prepared before fork: after fork it only makes syscalls.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = base_env_;
  env_storage.insert(env_storage.end(), spec.env.begin(), spec.env.end());
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  const bool search_path = args[0].find('/') == std::string::npos;
  std::string exec_error = fmt::format("bfc: cannot execute {}: ", args[0]);

  int log_fd = ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    result.error = fmt::format("cannot open log {}: {}", spec.log_path, std::strerror(errno));
    return result;
  }
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int gate[2];
  if (pipe2(gate, O_CLOEXEC) != 0) {
    result.error = fmt::format("pipe: {}", std::strerror(errno));
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return result;
  }
  const pid_t parent = self_;
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) signal(s, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    ::close(gate[1]);
    char go = 0;
    ssize_t n;
    do n = ::read(gate[0], &go, 1); while (n < 0 && errno == EINTR);
    if (n != 1) _exit(127);  // parent died before releasing us
    if (search_path) {
      // execvpe with our envp: PATH is looked up in the runner's environment.
      execvpe(argv[0], argv.data(), envp.data());
    } else {
      execve(argv[0], argv.data(), envp.data());
    }
    int err = errno;
    write_all(2, exec_error.c_str());
    write_all(2, std::strerror(err));
    write_all(2, "\n");
    _exit(err == ENOENT ? 127 : 126);
  }
  int fork_errno = errno;
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  ::close(gate[0]);
  if (pid < 0) {
    ::close(gate[1]);
    result.error = fmt::format("fork: {}", std::strerror(fork_errno));
    return result;
  }
  setpgid(pid, pid);  // also in the parent, so the group exists whoever runs first
  held_gates_.push_back(gate[1]);
  result.ok = true;
  result.pid = pid;
  result.pgid = pid;
  result.start_token = process_start_token(pid);
  return result;
}

void PosixProcessRunner::release_held() {
  for (int fd : held_gates_) {
    char go = 1;
    (void)!::write(fd, &go, 1);  // EPIPE: the child already died; its exit is reaped later
    ::close(fd);
  }
  held_gates_.clear();
}

WaitResult PosixProcessRunner::wait(double timeout_s) {
  WaitResult result;
  pollfd p{signal_fd_, POLLIN, 0};
  int ms = timeout_s <= 0 ? 0 : int(std::ceil(timeout_s * 1000));
  int r = ::poll(&p, 1, ms);
  if (r > 0) {
    signalfd_siginfo info[16];
    ssize_t n;
    while ((n = ::read(signal_fd_, info, sizeof info)) > 0) {
      for (ssize_t i = 0; i < n / ssize_t(sizeof(signalfd_siginfo)); ++i)
        if (info[i].ssi_signo != SIGCHLD) result.stop_signal = int(info[i].ssi_signo);
    }
  }
  // Reap whatever ended; signalfd coalesces SIGCHLD so always drain fully.
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    ProcessExit e;
    e.pid = pid;
    if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
    result.exits.push_back(e);
  }
  return result;
}

void PosixProcessRunner::signal_group(int pgid, int sig) {
  if (pgid > 1) ::kill(-pgid, sig);
}

}  // namespace bfc::runtime
