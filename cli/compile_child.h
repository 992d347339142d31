// Compiling a plan in a child process, so that `bfc diff` compiles its two sides at the same
// time (ANTLR's parser is not thread-safe, a process is) and never pays for tearing a
// compiler's structures down. The child writes the plan JSON into an anonymous file the
// parent maps (no copy through a pipe), and sends its exit code and the diagnostics it
// would have printed through a pipe; the parent prints them when it is ready to, so the
// output keeps the order a sequential run would give.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "driver/driver.h"

namespace bfc::cli {

// A compile running in a child process.
struct CompileChild {
  pid_t pid = -1;
  int pipe_fd = -1;  // the read end of the pipe with the exit code and diagnostics
  int plan_fd = -1;  // the anonymous file the child writes the plan JSON to
};

// Forks a child that runs compile_to_string(opts); pid -1 when it cannot (then compile here).
CompileChild start_compile_child(const DriverOptions& opts);

// A finished child's answer.
struct CompileResult {
  int rc = 2;                        // what compile_to_string returned; 2 when the child died
  std::string diagnostics;           // what it would have printed on stderr
  std::string_view json;             // the plan JSON, mapped
  std::shared_ptr<const void> keep;  // keeps `json` mapped
};

// Waits for the child's result.
CompileResult finish_compile_child(CompileChild& child);

// Stops a child whose result is no longer wanted.
void abandon_compile_child(CompileChild& child);

}  // namespace bfc::cli
