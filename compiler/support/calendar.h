// Calendar maths on plain integers: dates are days since 1970-01-01, date-times are
// minutes since 1970-01-01T00:00 (bfc works in whole minutes, in the plan's local time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bfc::cal {

// Days since the epoch for a valid civil date, or nullopt (2024-02-30 is not a date).
std::optional<int64_t> make_date(int64_t year, int64_t month, int64_t day);
// A civil (proleptic Gregorian) date.
struct Civil {
  int year;
  unsigned month;
  unsigned day;
};
// The civil date of days since the epoch.
Civil civil(int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekday(int64_t days);
// The same day `months` later (or earlier), clamped to the month's end.
int64_t add_months(int64_t days, int64_t months);
// The first day of the date's month.
int64_t month_start(int64_t days);
// The last day of the date's month.
int64_t month_end(int64_t days);
// The Monday on or before the date.
int64_t week_start(int64_t days);

// Minutes in a day.
constexpr int64_t kMinutesPerDay = 1440;

// A date as YYYY-MM-DD: 2024-03-01.
std::string format_date(int64_t days);
// Dates (any order, repeats ignored) as their runs of consecutive days, ascending, the way
// `dates` is written: "2024-02-10..2024-02-12, 2024-02-20". Never one min..max over a gap.
std::string format_date_ranges(std::vector<int64_t> days);
// Minutes since midnight as HH:MM: 05:00.
std::string format_time(int64_t minutes_of_day);
// Minutes since the epoch as YYYY-MM-DDTHH:MM: 2024-03-01T05:00.
std::string format_datetime(int64_t minutes);
// strftime-like formatting of a date-time (minutes since epoch). Supports
// %Y %m %d %H %M %S %y %j %a %A %b %B %u %w %e %F %T %R %D %s %%; others are copied.
std::string strftime(int64_t minutes, std::string_view pattern);

// Days since the epoch of a YYYY-MM-DD date, or nullopt when it is not one.
std::optional<int64_t> parse_date(std::string_view s);

}  // namespace bfc::cal
