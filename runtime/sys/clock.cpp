// System clock implementation and time formatting helpers.
#include "runtime/sys/clock.h"

#include <ctime>

#include <fmt/format.h>

namespace bfc::runtime {

double SystemClock::now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

std::int64_t SystemClock::wall_ms() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int SystemClock::local_second_of_day(std::int64_t wall_ms) {
  time_t t = time_t(wall_ms / 1000);
  tm local{};
  localtime_r(&t, &local);
  return local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec;
}

std::string SystemClock::local_text(std::int64_t wall_ms) {
  time_t t = time_t(wall_ms / 1000);
  tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

std::string iso_utc(std::int64_t wall_ms) {
  time_t t = time_t(wall_ms / 1000);
  tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", buf, int(wall_ms % 1000));
}

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  long s = long(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string now_iso_utc() {
  return iso_utc(SystemClock().wall_ms());
}

}  // namespace bfc::runtime
