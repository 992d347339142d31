// A small five-field cron parser (minute hour day-of-month month day-of-week), with
// lists, ranges, steps, `*`, month and weekday names, and Vixie cron's day rule.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bfc {

// A parsed five-field cron expression: the minutes, hours, days, months and weekdays it
// fires on.
struct CronSpec {
  std::bitset<60> minutes;
  std::bitset<24> hours;
  std::bitset<32> days;      // 1..31
  std::bitset<13> months;    // 1..12
  std::bitset<7> weekdays;   // 0 = Sunday
  bool days_any = true;      // day-of-month field was `*`
  bool weekdays_any = true;  // day-of-week field was `*`

  // Minutes of day (ascending) at which it fires on the given date (days since epoch).
  std::vector<int> ticks_on(int64_t day) const;
  // Whether it fires at all on the given date.
  bool fires_on_day(int64_t day) const;
};

// Parses `expr`; on failure returns false and sets `error` to a plain-words reason.
bool parse_cron(std::string_view expr, CronSpec& out, std::string& error);

}  // namespace bfc
