// vfork + exec: no page tables are copied, which matters when spawning thousands of short
// commands (fork of a 50 MB runner costs more than running `true`). The child sets up its
// process group, parent-death signal, log file and signal mask, then execs.
#include "runtime/exec/process_posix.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "runtime/sys/proc_util.h"

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

// At most this many helper threads spawn at the same time.
constexpr std::size_t kMaxHelpers = 4;
// The scheduler slice the runner's threads ask for (see sched_slice.h): the minimum Linux
// allows. BFC_RUNNER_SLICE_NS overrides it (0: the default slice), for benchmarks.
constexpr std::uint64_t kRunnerSliceNs = 100'000;

// start() spawns through helpers once the mean vfork suspension exceeds kAsyncAboveNs, and
// itself again once it is below kSyncBelowNs. Measured on a shared 2-core VM (true, 2 at a
// time): spawning in place suspended the caller ~250 us when the machine was otherwise idle
// and was 15-20% faster there; at ~700 us both were even; under two CPU hogs it was 2 ms+
// and helpers were twice as fast.
constexpr std::int64_t kAsyncAboveNs = 600'000;
constexpr std::int64_t kSyncBelowNs = 400'000;

// The vfork child's own write loop: async-signal-safe (system calls only, no allocation).
void write_all(int fd, const char* s) {
  if (!s) return;
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= std::size_t(w);
  }
}

// Everything the vfork child reads, prepared by the parent before vfork.
struct ChildExec {
  const ShortSlice& slice;
  pid_t parent;      // the spawning runner
  const int* reset;  // signals whose disposition the child resets to SIG_DFL
  std::size_t resets;
  int null_fd;          // the child's stdin, if >= 0
  int log_fd;           // the child's stdout and stderr
  const char* program;  // args[0] resolved (or as given when search_path)
  char* const* argv;
  char* const* envp;
  char* const* sh_argv;  // /bin/sh -c TEXT: a direct command's fallback
  bool direct;           // a string command run as its words
  bool search_path;      // program was not resolved: execvpe searches PATH
  sigset_t none{};       // the child's signal mask (empty)
};

// The vfork child: sets up its process group, parent-death signal, signals and standard
// streams, then execs; reports a failed exec on the log and exits 127 or 126. It shares the
// parent's memory, so it only makes async-signal-safe calls and never allocates or returns.
[[noreturn]] void exec_child(const ChildExec& c) {
  c.slice.restore_in_child();
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != c.parent) _exit(127);  // the runner died before prctl took effect
  // The child has its own signal dispositions and mask (no CLONE_SIGHAND).
  for (std::size_t k = 0; k < c.resets; ++k) signal(c.reset[k], SIG_DFL);
  sigprocmask(SIG_SETMASK, &c.none, nullptr);
  if (c.null_fd >= 0) dup2(c.null_fd, 0);
  dup2(c.log_fd, 1);
  dup2(c.log_fd, 2);
  const char* name = c.argv[0];
  if (c.direct) {
    execve(c.program, c.argv, c.envp);
    execve(c.sh_argv[0], c.sh_argv, c.envp);
    name = c.sh_argv[0];
  } else if (c.search_path) {
    execvpe(c.argv[0], c.argv, c.envp);  // PATH as in the runner's environment
  } else {
    execve(c.program, c.argv, c.envp);
  }
  int err = errno;
  write_all(2, "bfc: cannot execute ");
  write_all(2, name);
  write_all(2, ": ");
  write_all(2, strerrordesc_np(err));  // strerror's text, without locale lookups
  write_all(2, "\n");
  _exit(err == ENOENT ? 127 : 126);
}

// PWD as /bin/sh (dash) exports it to the commands it runs: the inherited value if it is an
// absolute name of the working directory, otherwise the physical path. "" if unknown.
std::string shell_pwd() {
  const char* pwd = std::getenv("PWD");
  struct stat named {
  }, dot{};
  if (pwd && pwd[0] == '/' && ::stat(pwd, &named) == 0 && ::stat(".", &dot) == 0 &&
      named.st_dev == dot.st_dev && named.st_ino == dot.st_ino)
    return std::string("PWD=") + pwd;
  char* cwd = ::getcwd(nullptr, 0);
  std::string out = cwd ? std::string("PWD=") + cwd : std::string();
  std::free(cwd);
  return out;
}

}  // namespace

PosixLauncher::PosixLauncher() : self_(getpid()) {
  const char* slice = std::getenv("BFC_RUNNER_SLICE_NS");
  slice_ = std::make_unique<ShortSlice>(slice ? std::strtoull(slice, nullptr, 10) : kRunnerSliceNs);
  auto* old = new sigset_t;
  sigset_t set = runner_signals();
  sigprocmask(SIG_BLOCK, &set, old);
  old_mask_ = old;
  signal_fd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd_ < 0) throw std::runtime_error(fmt::format("signalfd: {}", std::strerror(errno)));
  signal(SIGPIPE, SIG_IGN);  // a vanished reader must not kill the runner
  null_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "BF_", 3) != 0) base_env_.emplace_back(*e);
  for (auto& e : base_env_) {
    if (pwd_index_ < 0 && e.compare(0, 4, "PWD=") == 0) pwd_index_ = int(base_envp_.size());
    base_envp_.push_back(e.data());
  }
  pwd_ = shell_pwd();
  // Children start with the default disposition of the signals the runner blocks or ignores.
  // The mask is reset in every child; a disposition only where it is not the default (exec
  // resets handlers, not SIG_IGN), which saves the child system calls while we wait for it.
  for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) {
    struct sigaction sa {};
    if (sigaction(s, nullptr, &sa) != 0 || sa.sa_handler != SIG_DFL) reset_signals_.push_back(s);
  }
  // For tests: BFC_SPAWN_MODE=here or =helpers forces one way of spawning.
  if (const char* mode = std::getenv("BFC_SPAWN_MODE")) {
    if (std::strcmp(mode, "here") == 0)
      mode_ = SpawnMode::Here;
    else if (std::strcmp(mode, "helpers") == 0)
      mode_ = SpawnMode::Helpers;
  }
  event_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (event_fd_ < 0) throw std::runtime_error(fmt::format("eventfd: {}", std::strerror(errno)));
}

PosixLauncher::~PosixLauncher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& t : helpers_) t.join();
  if (event_fd_ >= 0) ::close(event_fd_);
  // A stop signal that came after the last wait() is taken here: once the mask is restored
  // it would end the process with its default action, and a run that is over (its outcome
  // recorded, its exit code chosen) would exit 143 instead.
  if (signal_fd_ >= 0) read_stop_signal();
  if (signal_fd_ >= 0) ::close(signal_fd_);
  if (null_fd_ >= 0) ::close(null_fd_);
  auto* old = static_cast<sigset_t*>(old_mask_);
  sigprocmask(SIG_SETMASK, old, nullptr);
  delete old;
}

Launched PosixLauncher::launch(const LaunchSpec& spec) {
  Launched l = spawn(spec);
  if (l.ok) announced_.insert(l.pid);
  return l;
}

void PosixLauncher::note_block(std::chrono::steady_clock::duration d) {
  // Exponentially weighted (1/16) mean; concurrent updates may lose one, which is harmless.
  std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  std::int64_t mean = block_ns_.load(std::memory_order_relaxed);
  block_ns_.store(mean + (ns - mean) / 16, std::memory_order_relaxed);
  suspended_ns_.fetch_add(ns, std::memory_order_relaxed);
  spawns_.fetch_add(1, std::memory_order_relaxed);
}

PosixLauncher::SpawnStats PosixLauncher::spawn_stats() const {
  SpawnStats s;
  s.here = started_here_;
  s.helpers = started_by_helpers_;
  std::int64_t n = spawns_.load();
  s.mean_suspension_us = n ? double(suspended_ns_.load()) / double(n) / 1e3 : 0;
  s.short_slice = slice_->active();
  return s;
}

void PosixLauncher::start(LaunchSpec spec, std::uint64_t tag) {
  // Spawning blocks until the child has exec'd. Usually that is quick and spawning here is
  // cheapest; when it is slow (the machine is busy and children wait for a CPU), helper
  // threads spawn so that the scheduler keeps reaping and starting meanwhile (a hand-off
  // costs context switches, so only then). Hysteresis keeps the choice from flapping.
  const std::int64_t mean = block_ns_.load(std::memory_order_relaxed);
  if (mode_ == SpawnMode::Helpers)
    use_helpers_ = true;
  else if (mode_ == SpawnMode::Here)
    use_helpers_ = false;
  else if (mean > kAsyncAboveNs)
    use_helpers_ = true;
  else if (mean < kSyncBelowNs)
    use_helpers_ = false;
  if (use_helpers_ && helpers_.size() < kMaxHelpers) {
    bool idle;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      idle = idle_ > int(jobs_.size());  // one not yet claimed by a queued job
    }
    if (!idle) {
      // Helpers run with every signal blocked: signals are for the thread reading signal_fd_.
      sigset_t all, old;
      sigfillset(&all);
      pthread_sigmask(SIG_SETMASK, &all, &old);
      try {
        helpers_.emplace_back([this] { helper(); });
      } catch (const std::system_error&) {
        // No thread: the existing helpers take the job, or it is spawned here.
      }
      pthread_sigmask(SIG_SETMASK, &old, nullptr);
    }
  }
  if (!use_helpers_ || helpers_.empty()) {
    ++started_here_;
    Launched l = spawn(spec);
    if (l.ok) announced_.insert(l.pid);
    spawned_here_.push_back(Started{tag, std::move(l)});
    return;
  }
  ++started_by_helpers_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(Job{std::move(spec), tag});
    ++in_flight_;
  }
  work_.notify_one();
}

void PosixLauncher::helper() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_;
    work_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (stopping_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    Launched l = spawn(job.spec);
    lock.lock();
    done_.push_back(Started{job.tag, std::move(l)});
    --in_flight_;
    // Results are collected whenever wait() runs; only a wait() that holds back an exit until
    // its start is known needs waking (a wake-up per spawn costs more than it brings), and
    // the scheduler learns of a failure at once.
    if (wake_ || !done_.back().launched.ok) {
      wake_ = false;
      std::uint64_t one = 1;
      [[maybe_unused]] ssize_t w = ::write(event_fd_, &one, sizeof one);
    }
  }
}

std::optional<PosixLauncher::CommandLine> PosixLauncher::command_line(const LaunchSpec& spec) {
  // A string command without shell syntax runs as its words (see simple_command_words);
  // should its program fail to execute, the child falls back to /bin/sh -c, which then
  // reports (or, for a script without #!, runs) it exactly as it always would have.
  CommandLine line;
  if (spec.command.is_list) {
    line.args = spec.command.argv;
  } else {
    line.args = simple_command_words(spec.command.text);
    line.direct = !line.args.empty();
    if (!line.direct) line.args = {"/bin/sh", "-c", spec.command.text};
  }
  if (line.args.empty() || line.args[0].empty()) return std::nullopt;
  // Resolve the program once per name (as shells hash commands): a PATH search in the child
  // costs one failed execve per PATH entry while we are suspended in vfork.
  line.program = resolve(line.args[0]);
  line.search_path = line.program.find('/') == std::string::npos;
  if (line.direct && line.search_path) {  // not in PATH: let the shell say so
    line.direct = false;
    line.args = {"/bin/sh", "-c", spec.command.text};
    line.program = line.args[0];
  }
  return line;
}

std::vector<char*> PosixLauncher::child_env(const LaunchSpec& spec, bool direct) const {
  std::vector<char*> envp;
  envp.reserve(base_envp_.size() + spec.env.size() + 2);
  envp.assign(base_envp_.begin(), base_envp_.end());
  // pwd_ is never written after construction; execve does not write through envp.
  char* pwd = const_cast<char*>(pwd_.c_str());
  if (direct && !pwd_.empty()) {  // /bin/sh would have exported PWD
    if (pwd_index_ >= 0)
      envp[std::size_t(pwd_index_)] = pwd;
    else
      envp.push_back(pwd);
  }
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  return envp;
}

Launched PosixLauncher::spawn(const LaunchSpec& spec) {
  Launched result;
  std::optional<CommandLine> line = command_line(spec);
  if (!line) {
    result.error = "empty command";
    return result;
  }
  // Everything the child needs is prepared before vfork: the child shares our memory (other
  // threads keep running) and may only make system calls until it execs.
  std::vector<char*> argv;
  argv.reserve(line->args.size() + 1);
  for (auto& a : line->args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp = child_env(spec, line->direct);
  char sh_path[] = "/bin/sh", sh_c[] = "-c";
  char* sh_argv[] = {sh_path, sh_c, const_cast<char*>(spec.command.text.c_str()), nullptr};
  // The child's own descriptor for its output: a copy of the caller's open segment, or the
  // log file.
  int log_fd = spec.log_fd >= 0 ? ::fcntl(spec.log_fd, F_DUPFD_CLOEXEC, 3)
               : spec.log_path.empty()
                   ? ::open("/dev/null", O_WRONLY | O_CLOEXEC)
                   : ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    result.error = fmt::format("cannot open log {}: {}", spec.log_path, std::strerror(errno));
    return result;
  }
  ChildExec child{.slice = *slice_,
                  .parent = self_,
                  .reset = reset_signals_.data(),
                  .resets = reset_signals_.size(),
                  .null_fd = null_fd_,
                  .log_fd = log_fd,
                  .program = line->program.c_str(),
                  .argv = argv.data(),
                  .envp = envp.data(),
                  .sh_argv = sh_argv,
                  .direct = line->direct,
                  .search_path = line->search_path};
  sigemptyset(&child.none);
  const auto before = std::chrono::steady_clock::now();
  pid_t pid = vfork();
  if (pid == 0) exec_child(child);
  int fork_errno = errno;
  note_block(std::chrono::steady_clock::now() - before);
  ::close(child.log_fd);  // (the struct, in memory: a register copy could be clobbered by vfork)
  if (pid < 0) {
    result.error = fmt::format("vfork: {}", std::strerror(fork_errno));
    return result;
  }
  // No setpgid here: vfork suspended us until the child's exec, so it already did it.
  result.ok = true;
  result.pid = pid;
  result.pgid = pid;
  return result;
}

std::string PosixLauncher::resolve(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::lock_guard<std::mutex> lock(resolve_mutex_);
  auto it = resolved_.find(name);
  if (it != resolved_.end()) return it->second;
  std::string found = name;  // not found: let execvpe search (and report) in the child
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      found = candidate;
      break;
    }
    start = end + 1;
  }
  resolved_.emplace(name, found);
  return found;
}

WaitResult PosixLauncher::wait(double timeout_s) {
  WaitResult result;
  pollfd p[2] = {{signal_fd_, POLLIN, 0}, {event_fd_, POLLIN, 0}};
  int ms = timeout_s <= 0 ? 0 : int(std::ceil(timeout_s * 1000));
  for (const auto& s : spawned_here_)
    if (!s.launched.ok) ms = 0;  // report failures at once
  int r = ::poll(p, 2, ms);
  if (r > 0 && (p[1].revents & POLLIN)) {
    std::uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(event_fd_, &count, sizeof count);
  }
  // Helpers' results first: a child can exit before its helper has reported it.
  const int busy = collect_started(result.started);
  if (r > 0 && (p[0].revents & POLLIN)) result.stop_signal = read_stop_signal();
  reap_children();
  release_exits(result.exits, busy);
  return result;
}

int PosixLauncher::collect_started(std::vector<Started>& out) {
  int busy = 0;
  out = std::move(spawned_here_);
  spawned_here_.clear();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& s : done_) out.push_back(std::move(s));
    done_.clear();
    busy = in_flight_;
  }
  for (const auto& s : out)
    if (s.launched.ok) announced_.insert(s.launched.pid);
  return busy;
}

int PosixLauncher::read_stop_signal() {
  int stop = 0;
  signalfd_siginfo info[16];
  ssize_t n;
  while ((n = ::read(signal_fd_, info, sizeof info)) > 0) {
    for (ssize_t i = 0; i < n / ssize_t(sizeof(signalfd_siginfo)); ++i)
      if (info[i].ssi_signo != SIGCHLD) stop = int(info[i].ssi_signo);
  }
  return stop;
}

void PosixLauncher::reap_children() {
  // Reap whatever ended; signalfd coalesces SIGCHLD so always drain fully.
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    ProcessExit e;
    e.pid = pid;
    if (WIFEXITED(status))
      e.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
      e.signal = WTERMSIG(status);
    early_exits_.push_back(e);
  }
}

void PosixLauncher::release_exits(std::vector<ProcessExit>& out, int busy) {
  // An exit goes out once its start did; with no start pending, any child is reported.
  std::size_t kept = 0;
  for (const auto& e : early_exits_) {
    if (announced_.erase(e.pid) || busy == 0)
      out.push_back(e);
    else
      early_exits_[kept++] = e;
  }
  early_exits_.resize(kept);
  if (early_exits_.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (done_.empty()) {
    wake_ = true;  // the helper writes event_fd_ with its result
  } else {
    std::uint64_t one = 1;  // it already did: see it at the next wait()
    [[maybe_unused]] ssize_t w = ::write(event_fd_, &one, sizeof one);
  }
}

void PosixLauncher::signal_group(int pgid, int sig) {
  if (pgid > 1) ::kill(-pgid, sig);
}

}  // namespace bfc::runtime
