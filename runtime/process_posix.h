// The real ProcessRunner: fork + exec, one process group per child, SIGCHLD/SIGINT/SIGTERM
// received through a signalfd.
#pragma once

#include <unistd.h>

#include <string>
#include <vector>

#include "process.h"

namespace bfc::runtime {

// Runs children on this machine. One instance per process: it blocks SIGCHLD, SIGINT,
// SIGTERM and SIGHUP for the whole process while it exists (they arrive through wait()).
class PosixProcessRunner : public ProcessRunner {
 public:
  PosixProcessRunner();
  ~PosixProcessRunner() override;
  PosixProcessRunner(const PosixProcessRunner&) = delete;
  PosixProcessRunner& operator=(const PosixProcessRunner&) = delete;

  Launched launch(const LaunchSpec& spec) override;
  void release_held() override;
  WaitResult wait(double timeout_s) override;
  void signal_group(int pgid, int sig) override;

 private:
  int signal_fd_ = -1;
  pid_t self_ = 0;
  std::vector<std::string> base_env_;  // the runner's environment at construction
  std::vector<int> held_gates_;        // write ends of the pipes held children wait on
  void* old_mask_ = nullptr;           // sigset_t*, restored on destruction
};

}  // namespace bfc::runtime
