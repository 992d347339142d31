// Progress formatting and rate limiting.
#include "runtime/exec/progress.h"

#include <fmt/format.h>

#include "runtime/sys/clock.h"

namespace bfc::runtime {

std::string progress_line(const StatusCounts& c, int total, double elapsed_s) {
  int done = c[int(Status::Succeeded)] + c[int(Status::DryRun)];
  std::string line = fmt::format("{}/{} done", done, total);
  if (c[int(Status::DryRun)]) line += fmt::format(" ({} dry-run)", c[int(Status::DryRun)]);
  line += fmt::format(" · {} running · {} failed · {} waiting", c[int(Status::Running)],
                      c[int(Status::Failed)], c[int(Status::Waiting)]);
  if (c[int(Status::Frozen)]) line += fmt::format(" · {} frozen", c[int(Status::Frozen)]);
  line += fmt::format(" · {} elapsed", format_duration(elapsed_s));
  int left = c[int(Status::Waiting)] + c[int(Status::Running)];
  if (done > 0 && left > 0)
    line += fmt::format(" · ETA {}", format_duration(elapsed_s * left / done));
  return line;
}

StreamReporter::StreamReporter(std::FILE* out, bool live, double interval_s)
    : out_(out), live_(live), interval_s_(interval_s) {}

void StreamReporter::event(const std::string& line) {
  if (live_ && !line_.empty()) std::fputs("\r\033[K", out_);
  std::fprintf(out_, "bfc: %s\n", line.c_str());
  if (live_ && !line_.empty()) std::fputs(line_.c_str(), out_);
  std::fflush(out_);
}

void StreamReporter::progress(const StatusCounts& counts, int total, double elapsed_s) {
  last_elapsed_ = elapsed_s;
  double every = live_ ? 0.2 : interval_s_;
  if (elapsed_s - last_ < every) return;
  last_ = elapsed_s;
  std::string line = progress_line(counts, total, elapsed_s);
  if (live_) {
    line_ = "[bfc] " + line;
    std::fprintf(out_, "\r\033[K%s", line_.c_str());
  } else {
    std::fprintf(out_, "bfc: %s\n", line.c_str());
  }
  std::fflush(out_);
}

void StreamReporter::finish() {
  if (live_ && !line_.empty()) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
  line_.clear();
}

}  // namespace bfc::runtime
