// `bfc logs` and reading attempts' output from the log store (docs/runtime.md "Logs"): an
// attempt's output is the byte range [log_offset, log_offset + log_length) of its log
// segment (a file of its own for attempts recorded before state schema 3).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "runtime/state/state_db.h"

namespace bfc::runtime {

// The bytes of one attempt's output: [begin, end) of `path`; end -1: to the end of the file
// (a running attempt, or one whose runner died before recording its end).
struct LogRange {
  std::string path;
  std::int64_t begin = 0;
  std::int64_t end = -1;
  bool pruned = false;  // removed by `bfc logs --prune`
};

// Where attempt `a`'s output is, from its row alone.
LogRange log_range(const AttemptRow& a);

// The last `n` lines of `r` ("" if unreadable), reading backwards from its end: a log of
// gigabytes costs what its last lines cost.
std::string tail_range(const LogRange& r, int n);

// The last `n` lines of attempt `a`'s output.
std::string attempt_log_tail(const AttemptRow& a, int n);

struct LogsOptions {
  std::string plan_path, state_path, instance;
  int attempt = 0;  // 0: the latest
  bool follow = false;
  bool prune = false;
};

// `bfc logs`: prints an attempt's output byte for byte on stdout (following a running one
// until it ends), or prunes the logs of succeeded attempts. Returns the exit code.
int logs_command(const LogsOptions& o, std::FILE* err);

}  // namespace bfc::runtime
