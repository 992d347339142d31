// Progress output: the summary line, the live line on a terminal, plain lines otherwise.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/exec/progress.h"

namespace bfc::runtime::testing {
namespace {

StatusCounts counts(int waiting, int running, int succeeded, int failed, int dry_run = 0,
                    int frozen = 0) {
  StatusCounts c{};
  c[int(Status::Waiting)] = waiting;
  c[int(Status::Running)] = running;
  c[int(Status::Succeeded)] = succeeded;
  c[int(Status::Failed)] = failed;
  c[int(Status::DryRun)] = dry_run;
  c[int(Status::Frozen)] = frozen;
  return c;
}

// Collects what a StreamReporter writes (open_memstream), read back after each step.
class Captured {
 public:
  Captured() : file_(open_memstream(&buf_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

TEST(Progress, LineCountsEveryStatusAndEstimatesFromTheDoneRate) {
  // 100 done in 50 s, 300 left: ETA 150 s.
  EXPECT_EQ(progress_line(counts(298, 2, 100, 0), 400, 50),
            "100/400 done · 2 running · 0 failed · 298 waiting · 0:50 elapsed · ETA 2:30");
}

TEST(Progress, DryRunsCountAsDoneAndAreNamed) {
  EXPECT_EQ(progress_line(counts(5, 0, 3, 1, 2), 11, 10),
            "5/11 done (2 dry-run) · 0 running · 1 failed · 5 waiting · 0:10 elapsed · ETA 0:10");
}

TEST(Progress, FrozenShownOnlyWhenThere) {
  EXPECT_EQ(
      progress_line(counts(1, 0, 1, 0, 0, 2), 4, 3661),
      "1/4 done · 0 running · 0 failed · 1 waiting · 2 frozen · 1:01:01 elapsed · ETA 1:01:01");
}

TEST(Progress, NoEstimateBeforeTheFirstSuccessOrAfterTheLast) {
  EXPECT_EQ(progress_line(counts(9, 1, 0, 0), 10, 5),
            "0/10 done · 1 running · 0 failed · 9 waiting · 0:05 elapsed");
  EXPECT_EQ(progress_line(counts(0, 0, 9, 1), 10, 5),
            "9/10 done · 0 running · 1 failed · 0 waiting · 0:05 elapsed");
}

TEST(Progress, PlainOutputIsOneLinePerIntervalWithoutControlCharacters) {
  Captured out;
  StreamReporter r(out.file(), /*live=*/false, /*interval_s=*/10);
  r.progress(counts(4, 1, 0, 0), 5, 0);
  r.progress(counts(3, 1, 1, 0), 5, 9.9);  // within the interval: nothing
  EXPECT_EQ(out.text(), "bfc: 0/5 done · 1 running · 0 failed · 4 waiting · 0:00 elapsed\n");
  r.progress(counts(2, 1, 2, 0), 5, 10);
  r.event("a@2024-03-01 failed: attempt 1 failed (exit code 1)");
  r.finish();
  EXPECT_EQ(out.text(),
            "bfc: 0/5 done · 1 running · 0 failed · 4 waiting · 0:00 elapsed\n"
            "bfc: 2/5 done · 1 running · 0 failed · 2 waiting · 0:10 elapsed · ETA 0:15\n"
            "bfc: a@2024-03-01 failed: attempt 1 failed (exit code 1)\n");
}

TEST(Progress, LiveLineIsRedrawnInPlaceAndEventsPrintAboveIt) {
  Captured out;
  StreamReporter r(out.file(), /*live=*/true, /*interval_s=*/10);
  r.progress(counts(2, 1, 0, 0), 3, 0);
  const std::string first =
      "\r\033[K[bfc] 0/3 done · 1 running · 0 failed · 2 waiting · 0:00 elapsed";
  EXPECT_EQ(out.text(), first);
  r.progress(counts(1, 1, 1, 0), 3, 0.1);  // redrawn at most every 0.2 s, whatever the interval
  EXPECT_EQ(out.text(), first);
  r.progress(counts(1, 1, 1, 0), 3, 0.3);
  const std::string second =
      "[bfc] 1/3 done · 1 running · 0 failed · 1 waiting · 0:00 elapsed · ETA 0:01";
  EXPECT_EQ(out.text(), first + "\r\033[K" + second);
  // An event clears the line, prints itself on a line of its own and redraws the live line.
  r.event("b@2024-03-01 retry 2 in 5s");
  EXPECT_EQ(out.text(),
            first + "\r\033[K" + second + "\r\033[Kbfc: b@2024-03-01 retry 2 in 5s\n" + second);
  // finish() leaves a clean line for the summary.
  r.finish();
  EXPECT_EQ(out.text(), first + "\r\033[K" + second + "\r\033[Kbfc: b@2024-03-01 retry 2 in 5s\n" +
                            second + "\r\033[K");
  r.event("done");
  EXPECT_EQ(out.text().substr(out.text().size() - 10), "bfc: done\n");
}

}  // namespace
}  // namespace bfc::runtime::testing
