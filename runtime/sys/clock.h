// Time as the scheduler sees it: a monotonic clock for durations and a wall clock for
// records and the daily window. Behind an interface so tests can use a fake clock.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace bfc::runtime {

// Source of time for the scheduler.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic seconds (arbitrary origin); used for throttle, retries, timeouts.
  virtual double now() = 0;
  // Unix time in milliseconds; used for records and the window.
  virtual std::int64_t wall_ms() = 0;
  // Seconds since local midnight (0..86399) at the given wall time.
  virtual int local_second_of_day(std::int64_t wall_ms) = 0;
  // Local "YYYY-MM-DD HH:MM" for messages.
  virtual std::string local_text(std::int64_t wall_ms) = 0;
  // Unix ms of a local "YYYY-MM-DDTHH:MM" (a plan's not_before); a time that a daylight
  // saving change skips or repeats resolves as mktime does.
  virtual std::int64_t local_wall_ms(const std::string& local_minute) = 0;
};

// The real clocks (CLOCK_MONOTONIC, CLOCK_REALTIME, the local time zone).
class SystemClock : public Clock {
 public:
  // Clock.
  double now() override;
  std::int64_t wall_ms() override;
  int local_second_of_day(std::int64_t wall_ms) override;
  std::string local_text(std::int64_t wall_ms) override;
  std::int64_t local_wall_ms(const std::string& local_minute) override;
};

// Parses "YYYY-MM-DDTHH:MM" into a tm (seconds 0, isdst -1); false when malformed.
bool parse_local_minute(const std::string& text, std::tm& out);

// Unix ms -> "2024-03-01T12:34:56.789Z" (how times are stored in the state database).
std::string iso_utc(std::int64_t wall_ms);

// The wall clock now, as iso_utc() writes it.
std::string now_iso_utc();

// "1:02:03" / "2:03" style duration for progress output.
std::string format_duration(double seconds);

}  // namespace bfc::runtime
