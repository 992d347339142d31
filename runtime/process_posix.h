// The real ProcessRunner: vfork + exec, one process group per child, SIGCHLD/SIGINT/SIGTERM
// received through a signalfd.
#pragma once

#include <unistd.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "process.h"

namespace bfc::runtime {

// Runs children on this machine. One instance per process: it blocks SIGCHLD, SIGINT,
// SIGTERM and SIGHUP for the whole process while it exists (they arrive through wait()),
// and ignores SIGPIPE; children get those five back at their default disposition. The
// runner's environment and working directory are read once, at construction.
class PosixProcessRunner : public ProcessRunner {
 public:
  PosixProcessRunner();
  ~PosixProcessRunner() override;
  PosixProcessRunner(const PosixProcessRunner&) = delete;
  PosixProcessRunner& operator=(const PosixProcessRunner&) = delete;

  Launched launch(const LaunchSpec& spec) override;
  WaitResult wait(double timeout_s) override;
  void signal_group(int pgid, int sig) override;

 private:
  // The program path for `name`, searched in PATH once and remembered.
  std::string resolve(const std::string& name);

  int signal_fd_ = -1;
  int null_fd_ = -1;  // /dev/null, every child's stdin
  pid_t self_ = 0;
  std::vector<std::string> base_env_;  // the runner's environment at construction, minus BF_*
  std::vector<char*> base_envp_;       // pointers into base_env_
  std::string pwd_;                    // "PWD=..." as /bin/sh exports it ("" if unknown)
  int pwd_index_ = -1;                 // where PWD is in base_env_, -1 if absent
  std::vector<int> reset_signals_;     // dispositions a child resets to SIG_DFL
  std::vector<char*> argv_, envp_;     // scratch for launch(), kept to avoid reallocating
  std::unordered_map<std::string, std::string> resolved_;  // program name -> path
  void* old_mask_ = nullptr;           // sigset_t*, restored on destruction
};

}  // namespace bfc::runtime
