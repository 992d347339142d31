// Progress output: a live status line on a terminal, periodic plain lines otherwise.
#pragma once

#include <cstdio>
#include <string>

#include "runtime/exec/scheduler.h"

namespace bfc::runtime {

// The one-line summary: "120/10000 done · 2 running · 0 failed · 9878 waiting · 0:12 elapsed · ETA
// 5:30".
std::string progress_line(const StatusCounts& counts, int total, double elapsed_s);

// Writes progress and events to a stream (normally stderr).
class StreamReporter : public Reporter {
 public:
  // `live`: redraw one line in place (a terminal); otherwise print a line every `interval_s`.
  StreamReporter(std::FILE* out, bool live, double interval_s);
  // Prints "bfc: LINE", above the live line (which is redrawn below it).
  void event(const std::string& line) override;
  // Redraws the live line (at most every 0.2 s) or prints a plain line (every `interval_s`).
  void progress(const StatusCounts& counts, int total, double elapsed_s) override;
  // Ends the live line (call before printing the summary).
  void finish();

 private:
  std::FILE* out_;
  bool live_;
  double interval_s_;
  double last_ = -1e9;
  double last_elapsed_ = 0;
  std::string line_;  // the live line currently shown
};

}  // namespace bfc::runtime
