#include "support/calendar.h"
#include "common/int_math.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace bfc::cal {

namespace ch = std::chrono;

std::optional<int64_t> make_date(int64_t year, int64_t month, int64_t day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return std::nullopt;
  ch::year_month_day ymd{ch::year(static_cast<int>(year)), ch::month(static_cast<unsigned>(month)),
                         ch::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return ch::sys_days(ymd).time_since_epoch().count();
}

Civil civil(int64_t days) {
  ch::year_month_day ymd{ch::sys_days(ch::days(days))};
  return Civil{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
               static_cast<unsigned>(ymd.day())};
}

int weekday(int64_t days) {
  ch::weekday wd{ch::sys_days(ch::days(days))};
  return static_cast<int>(wd.iso_encoding()) - 1;
}

int64_t add_months(int64_t days, int64_t months) {
  Civil c = civil(days);
  int64_t m0 = static_cast<int64_t>(c.year) * 12 + (c.month - 1) + months;
  int64_t y = m0 >= 0 ? m0 / 12 : (m0 - 11) / 12;
  unsigned m = static_cast<unsigned>(m0 - y * 12) + 1;
  ch::year_month_day_last last{ch::year(static_cast<int>(y)), ch::month_day_last(ch::month(m))};
  unsigned d = std::min(c.day, static_cast<unsigned>(last.day()));
  return ch::sys_days(ch::year_month_day{ch::year(static_cast<int>(y)), ch::month(m), ch::day(d)})
      .time_since_epoch()
      .count();
}

int64_t month_start(int64_t days) {
  return days - (civil(days).day - 1);
}

int64_t month_end(int64_t days) {
  Civil c = civil(days);
  ch::year_month_day_last last{ch::year(c.year), ch::month_day_last(ch::month(c.month))};
  return ch::sys_days(last).time_since_epoch().count();
}

int64_t week_start(int64_t days) {
  return days - weekday(days);
}

namespace {
void put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10 % 10);
  p[1] = static_cast<char>('0' + v % 10);
}
void put_date(char* p, int64_t days) {
  Civil c = civil(days);
  unsigned y = static_cast<unsigned>(c.year);
  p[0] = static_cast<char>('0' + y / 1000 % 10);
  p[1] = static_cast<char>('0' + y / 100 % 10);
  put2(p + 2, y % 100);
  p[4] = '-';
  put2(p + 5, c.month);
  p[7] = '-';
  put2(p + 8, c.day);
}
}  // namespace

std::string format_date(int64_t days) {
  char buf[10];
  put_date(buf, days);
  return std::string(buf, 10);
}

std::string format_time(int64_t m) {
  char buf[5];
  put2(buf, static_cast<unsigned>(m / 60));
  buf[2] = ':';
  put2(buf + 3, static_cast<unsigned>(m % 60));
  return std::string(buf, 5);
}

std::string format_date_ranges(std::vector<int64_t> days) {
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::string out;
  for (size_t i = 0; i < days.size();) {
    size_t j = i;
    while (j + 1 < days.size() && days[j + 1] == days[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += format_date(days[i]);
    if (j > i) out += ".." + format_date(days[j]);
    i = j + 1;
  }
  return out;
}

std::string format_datetime(int64_t minutes) {
  int64_t d = floor_div(minutes, kMinutesPerDay);
  int64_t m = minutes - d * kMinutesPerDay;
  char buf[16];
  put_date(buf, d);
  buf[10] = 'T';
  put2(buf + 11, static_cast<unsigned>(m / 60));
  buf[13] = ':';
  put2(buf + 14, static_cast<unsigned>(m % 60));
  return std::string(buf, 16);
}

std::string strftime(int64_t minutes, std::string_view pat) {
  static const char* const kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  int64_t d = floor_div(minutes, kMinutesPerDay);
  int64_t mod = minutes - d * kMinutesPerDay;
  Civil c = civil(d);
  int wd = weekday(d);
  std::string out;
  char buf[32];
  for (size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] != '%' || i + 1 == pat.size()) {
      out += pat[i];
      continue;
    }
    char f = pat[++i];
    switch (f) {
      case 'Y':
        std::snprintf(buf, sizeof buf, "%04d", c.year);
        out += buf;
        break;
      case 'y':
        std::snprintf(buf, sizeof buf, "%02d", c.year % 100);
        out += buf;
        break;
      case 'm':
        std::snprintf(buf, sizeof buf, "%02u", c.month);
        out += buf;
        break;
      case 'd':
        std::snprintf(buf, sizeof buf, "%02u", c.day);
        out += buf;
        break;
      case 'e':
        std::snprintf(buf, sizeof buf, "%2u", c.day);
        out += buf;
        break;
      case 'H':
        std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(mod / 60));
        out += buf;
        break;
      case 'M':
        std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(mod % 60));
        out += buf;
        break;
      case 'S':
        out += "00";
        break;
      case 'j': {
        auto jan1 = *make_date(c.year, 1, 1);
        std::snprintf(buf, sizeof buf, "%03d", static_cast<int>(d - jan1 + 1));
        out += buf;
        break;
      }
      case 'a':
        out += std::string(kDays[wd]).substr(0, 3);
        break;
      case 'A':
        out += kDays[wd];
        break;
      case 'b':
        out += std::string(kMonths[c.month - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonths[c.month - 1];
        break;
      case 'u':
        out += std::to_string(wd + 1);
        break;
      case 'w':
        out += std::to_string((wd + 1) % 7);
        break;
      case 'F':
        out += format_date(d);
        break;
      case 'T':
        out += format_time(mod) + ":00";
        break;
      case 'R':
        out += format_time(mod);
        break;
      case 'D':
        std::snprintf(buf, sizeof buf, "%02u/%02u/%02d", c.month, c.day, c.year % 100);
        out += buf;
        break;
      case 's':
        out += std::to_string(minutes * 60);
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%';
        out += f;
        break;
    }
  }
  return out;
}

std::optional<int64_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t b, size_t n) -> int64_t {
    int64_t v = 0;
    for (size_t i = b; i < b + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int64_t y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return make_date(y, m, d);
}

}  // namespace bfc::cal
