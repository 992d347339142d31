// System clock implementation and time formatting helpers.
#include "runtime/sys/clock.h"

#include <cstdio>
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

bool parse_local_minute(const std::string& text, std::tm& out) {
  out = std::tm{};
  out.tm_isdst = -1;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (text.size() != 16 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5)
    return false;
  out.tm_year = y - 1900;
  out.tm_mon = mo - 1;
  out.tm_mday = d;
  out.tm_hour = h;
  out.tm_min = mi;
  return true;
}

std::int64_t SystemClock::local_wall_ms(const std::string& local_minute) {
  std::tm t{};
  if (!parse_local_minute(local_minute, t)) return 0;
  return std::int64_t(std::mktime(&t)) * 1000;
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
