// The real ProcessLauncher: vfork + exec, one process group per child, SIGCHLD/SIGINT/SIGTERM
// received through a signalfd; start() spawns in place or from helper threads.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/exec/process.h"
#include "runtime/sys/sched_slice.h"

namespace bfc::runtime {

// Runs children on this machine. One instance per process: it blocks SIGCHLD, SIGINT,
// SIGTERM and SIGHUP for the whole process while it exists (they arrive through wait()),
// and ignores SIGPIPE; children get those five back at their default disposition. The
// runner's environment and working directory are read once, at construction.
//
// vfork suspends the spawning thread until the child has exec'd. That is quick on an idle
// machine, but on a busy one the child waits for a CPU and it can take milliseconds, during
// which the scheduler would not reap or start anything. So start() hands spawns to helper
// threads while spawns are slow (see SpawnMode). Each helper thread is the parent of the
// children it spawns (PR_SET_PDEATHSIG fires when that thread ends), so helpers live as
// long as the runner. Only the thread that constructed the launcher may call its functions.
class PosixLauncher : public ProcessLauncher {
 public:
  // Blocks the runner's signals, opens the signalfd and reads the environment (see above).
  PosixLauncher();
  // Joins the helpers, closes the descriptors and restores the signal mask.
  ~PosixLauncher() override;
  PosixLauncher(const PosixLauncher&) = delete;
  PosixLauncher& operator=(const PosixLauncher&) = delete;

  // ProcessLauncher: launch() spawns in place; start() in place or through a helper.
  Launched launch(const LaunchSpec& spec) override;
  void start(LaunchSpec spec, std::uint64_t tag) override;

  // How start() spawns: itself or through helper threads, chosen by how long spawns
  // suspend the caller (adaptive, the default), or always one way (tests; also set by the
  // environment variable BFC_SPAWN_MODE=here|helpers).
  enum class SpawnMode { Adaptive, Here, Helpers };
  // Chooses how start() spawns from now on.
  void set_spawn_mode(SpawnMode mode) { mode_ = mode; }

  // For `bfc run --stats`: spawns by start() in place and by helpers, and the mean time a
  // spawn suspended its thread.
  struct SpawnStats {
    long here = 0, helpers = 0;
    double mean_suspension_us = 0;
    bool short_slice = false;  // the runner's threads run with a short scheduler slice
  };
  // The counts and mean so far.
  SpawnStats spawn_stats() const;
  // ProcessLauncher: starts (in place and from helpers), exits, stop signals; kill a group.
  WaitResult wait(double timeout_s) override;
  void signal_group(int pgid, int sig) override;

 private:
  // What a command execs: its words, the program and how the child runs it.
  struct CommandLine {
    std::vector<std::string> args;
    std::string program;       // args[0] resolved through PATH (or as given)
    bool direct = false;       // a string command run as its words; /bin/sh -c if that fails
    bool search_path = false;  // args[0] not found in PATH: execvpe searches and reports
  };

  // Spawns in the calling thread (launch(), helper threads). Thread-safe.
  Launched spawn(const LaunchSpec& spec);
  // The command line `spec` execs; nullopt for an empty command. Thread-safe.
  std::optional<CommandLine> command_line(const LaunchSpec& spec);
  // The child's environment (null-terminated): the runner's, PWD for a direct command as
  // /bin/sh would export it, then spec.env. Points into this launcher and `spec`.
  std::vector<char*> child_env(const LaunchSpec& spec, bool direct) const;
  // The program path for `name`, searched in PATH once and remembered. Thread-safe.
  std::string resolve(const std::string& name);
  // A helper thread: spawns what start() queued.
  void helper();
  // Records how long a vfork suspended its caller (start() decides by the mean). Thread-safe.
  void note_block(std::chrono::steady_clock::duration d);
  // wait(): moves the starts done since the last call to `out` (announcing their pids);
  // returns how many spawns are still queued or in progress.
  int collect_started(std::vector<Started>& out);
  // wait(): drains signal_fd_; the last SIGINT/SIGTERM/SIGHUP read, 0 if none.
  int read_stop_signal();
  // wait(): reaps every ended child into early_exits_.
  void reap_children();
  // wait(): moves to `out` the exits whose start went out (all when `busy` is 0); asks for a
  // wake-up when one is held back for a start not collected yet.
  void release_exits(std::vector<ProcessExit>& out, int busy);

  std::unique_ptr<ShortSlice> slice_;  // for the constructing thread and the helpers
  int signal_fd_ = -1;
  int null_fd_ = -1;  // /dev/null, every child's stdin
  pid_t self_ = 0;
  std::vector<std::string> base_env_;  // the runner's environment at construction, minus BF_*
  std::vector<char*> base_envp_;       // pointers into base_env_
  std::string pwd_;                    // "PWD=..." as /bin/sh exports it ("" if unknown)
  int pwd_index_ = -1;                 // where PWD is in base_env_, -1 if absent
  std::vector<int> reset_signals_;     // dispositions a child resets to SIG_DFL
  std::mutex resolve_mutex_;
  std::unordered_map<std::string, std::string> resolved_;  // program name -> path
  void* old_mask_ = nullptr;                               // sigset_t*, restored on destruction

  // start() and its helper threads.
  struct Job {
    LaunchSpec spec;
    std::uint64_t tag = 0;
  };
  int event_fd_ = -1;             // written when wait() needs a helper's result
  std::mutex mutex_;              // guards the members below
  std::condition_variable work_;  // jobs_ got a job, or stopping_
  std::deque<Job> jobs_;
  std::vector<Started> done_;  // finished jobs, not yet returned by wait()
  int in_flight_ = 0;          // jobs queued or being spawned
  int idle_ = 0;               // helpers waiting for a job
  bool wake_ = false;          // wait() wants event_fd_ written with the next result
  bool stopping_ = false;
  std::vector<std::thread> helpers_;
  std::atomic<std::int64_t> block_ns_{0};  // mean vfork suspension
  SpawnMode mode_ = SpawnMode::Adaptive;
  bool use_helpers_ = false;  // start() hands spawns to helpers
  long started_here_ = 0, started_by_helpers_ = 0;
  std::atomic<std::int64_t> suspended_ns_{0}, spawns_{0};  // totals, for spawn_stats()
  // start() and wait() only (the constructing thread).
  std::vector<Started> spawned_here_;     // spawned by start() itself, not yet returned
  std::unordered_set<int> announced_;     // pids returned in `started`, not yet reaped
  std::vector<ProcessExit> early_exits_;  // reaped before their Started was collected
};

}  // namespace bfc::runtime
