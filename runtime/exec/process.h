// Starting and watching child processes, behind an interface so the scheduler can be tested
// with a fake launcher. The real implementation is PosixLauncher (process_posix.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/plan/plan.h"

namespace bfc::runtime {

// One attempt to start.
struct LaunchSpec {
  Command command;  // shell string or argv
  std::vector<std::string>
      env;               // "NAME=value" entries added to (overriding) the runner's environment
  std::string log_path;  // receives stdout and stderr; created or truncated (when log_fd < 0)
  int log_fd = -1;       // or: stdout and stderr go to this open file (the caller keeps it)
};

// The result of launch(): a held child, or why none was started.
struct Launched {
  bool ok = false;
  int pid = 0;
  int pgid = 0;             // equals pid: every child leads its own process group
  std::string start_token;  // optional: the leader's start time, to recognise it after pid reuse
  std::string error;        // when !ok
};

// A child that ended: exit_code >= 0, or killed by `signal`.
struct ProcessExit {
  int pid = 0;
  int exit_code = -1;
  int signal = 0;
};

// The outcome of start(): the Launched of the request with this tag.
struct Started {
  std::uint64_t tag = 0;
  Launched launched;
};

// What wait() observed. A child's Started always comes before (or with, listed first) its
// exit.
struct WaitResult {
  std::vector<Started> started;
  std::vector<ProcessExit> exits;
  int stop_signal = 0;  // SIGINT/SIGTERM received by the runner, 0 if none
};

// Process spawning and reaping.
class ProcessLauncher {
 public:
  virtual ~ProcessLauncher() = default;
  // Starts a child in its own process group (killed if the runner dies) and returns once it
  // runs its command.
  virtual Launched launch(const LaunchSpec& spec) = 0;
  // Starts a child like launch() but need not wait for it: the Launched comes out of a later
  // wait() (WaitResult::started, with this tag). This one launches at once and hands the
  // result to the next wait().
  virtual void start(LaunchSpec spec, std::uint64_t tag) {
    started_.push_back(Started{tag, launch(spec)});
  }
  // Waits up to `timeout_s` seconds (0 = just poll) for started children, exits or a stop
  // signal.
  virtual WaitResult wait(double timeout_s) = 0;
  // Sends `sig` to every process of group `pgid`.
  virtual void signal_group(int pgid, int sig) = 0;

 protected:
  // What the default start() launched since the last call; wait() returns it at once.
  std::vector<Started> take_started() { return std::exchange(started_, {}); }

 private:
  std::vector<Started> started_;
};

// The argv a command execs: list commands as given; a string with no shell syntax split on
// blanks (saves a shell, as make does); anything else {"/bin/sh", "-c", text}.
std::vector<std::string> command_argv(const Command& command);

// The words of a string command that runs the same without a shell: no quoting, expansion,
// redirection, globbing, comment, operator or assignment, and a first word that is not a
// reserved word or a shell builtin (other than `true` and `false` without arguments).
// Empty when the command needs /bin/sh.
std::vector<std::string> simple_command_words(const std::string& text);

}  // namespace bfc::runtime
