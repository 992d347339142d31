// Calendar maths on plain integers: dates are days since 1970-01-01, date-times are
// minutes since 1970-01-01T00:00 (bfc works in whole minutes, in the plan's local time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bfc::cal {

// Days since the epoch for a valid civil date, or nullopt (2024-02-30 is not a date).
std::optional<int64_t> make_date(int64_t year, int64_t month, int64_t day);
struct Civil {
  int year;
  unsigned month;
  unsigned day;
};
Civil civil(int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekday(int64_t days);
int64_t add_months(int64_t days, int64_t months);  // clamps the day to the month's end
int64_t month_start(int64_t days);
int64_t month_end(int64_t days);
int64_t week_start(int64_t days);  // the Monday on or before

constexpr int64_t kMinutesPerDay = 1440;

std::string format_date(int64_t days);                 // 2024-03-01
std::string format_time(int64_t minutes_of_day);       // 05:00
std::string format_datetime(int64_t minutes);          // 2024-03-01T05:00
// strftime-like formatting of a date-time (minutes since epoch). Supports
// %Y %m %d %H %M %S %y %j %a %A %b %B %u %w %e %F %T %R %D %s %%; others are copied.
std::string strftime(int64_t minutes, std::string_view pattern);

std::optional<int64_t> parse_date(std::string_view s);  // YYYY-MM-DD

}  // namespace bfc::cal
