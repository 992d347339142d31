#include "sema/cron.h"

#include <fmt/format.h>

#include <cctype>

#include "support/calendar.h"

namespace bfc {

namespace {

struct Field {
  const char* name;
  int lo, hi;
  const char* const* names;  // optional symbolic names, indexed from `lo`
};

const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                               "jul", "aug", "sep", "oct", "nov", "dec"};
const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

bool parse_value(std::string_view s, const Field& f, int& out) {
  if (s.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(s[0]))) {
    if (s.size() > 3) return false;
    int v = 0;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      v = v * 10 + (c - '0');
    }
    out = v;
    return true;
  }
  if (!f.names || s.size() != 3) return false;
  std::string low;
  for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int count = f.hi - f.lo + 1;
  for (int i = 0; i < count && i < 12; ++i)
    if (f.names[i] && low == f.names[i]) {
      out = f.lo + i;
      return true;
    }
  return false;
}

template <size_t N>
bool parse_field(std::string_view text, const Field& f, std::bitset<N>& bits, std::string& error) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item =
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      std::string_view st = item.substr(slash + 1);
      Field num{f.name, 1, 1000, nullptr};
      if (!parse_value(st, num, step) || step < 1) {
        error = fmt::format("bad step `{}` in the {} field", st, f.name);
        return false;
      }
      item = item.substr(0, slash);
    }
    int lo, hi;
    if (item == "*") {
      lo = f.lo;
      hi = f.hi;
    } else {
      size_t dash = item.find('-');
      if (dash == std::string_view::npos) {
        if (!parse_value(item, f, lo)) {
          error = fmt::format("`{}` is not a valid {} value", item, f.name);
          return false;
        }
        hi = slash != std::string_view::npos ? f.hi : lo;
      } else if (!parse_value(item.substr(0, dash), f, lo) ||
                 !parse_value(item.substr(dash + 1), f, hi)) {
        error = fmt::format("`{}` is not a valid {} range", item, f.name);
        return false;
      }
    }
    int max_hi = f.hi + (f.names == kDays ? 1 : 0);  // 7 = Sunday too
    if (lo < f.lo || hi > max_hi || lo > hi) {
      error = fmt::format("{} `{}` is outside {}..{}", f.name, item, f.lo, f.hi);
      return false;
    }
    for (int v = lo; v <= hi; v += step)
      bits.set(static_cast<size_t>(v % static_cast<int>(N == 7 ? 7 : 1000)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
}

}  // namespace

bool parse_cron(std::string_view expr, CronSpec& out, std::string& error) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < expr.size()) {
    while (i < expr.size() && std::isspace(static_cast<unsigned char>(expr[i]))) ++i;
    size_t b = i;
    while (i < expr.size() && !std::isspace(static_cast<unsigned char>(expr[i]))) ++i;
    if (i > b) parts.push_back(expr.substr(b, i - b));
  }
  if (parts.size() != 5) {
    error = fmt::format("a cron expression has 5 fields (minute hour day month weekday), found {}",
                        parts.size());
    return false;
  }
  CronSpec c;
  static const Field fm{"minute", 0, 59, nullptr}, fh{"hour", 0, 23, nullptr},
      fd{"day-of-month", 1, 31, nullptr}, fmo{"month", 1, 12, kMonths},
      fw{"day-of-week", 0, 6, kDays};
  if (!parse_field(parts[0], fm, c.minutes, error) || !parse_field(parts[1], fh, c.hours, error) ||
      !parse_field(parts[2], fd, c.days, error) || !parse_field(parts[3], fmo, c.months, error) ||
      !parse_field(parts[4], fw, c.weekdays, error))
    return false;
  c.days_any = parts[2] == "*";
  c.weekdays_any = parts[4] == "*";
  out = c;
  return true;
}

bool CronSpec::fires_on_day(int64_t day) const {
  cal::Civil cv = cal::civil(day);
  if (!months.test(cv.month)) return false;
  bool dom = days.test(cv.day);
  bool dow = weekdays.test(static_cast<size_t>((cal::weekday(day) + 1) % 7));
  // Vixie cron: when both fields are restricted, either may match.
  if (days_any && weekdays_any) return true;
  if (days_any) return dow;
  if (weekdays_any) return dom;
  return dom || dow;
}

std::vector<int> CronSpec::ticks_on(int64_t day) const {
  std::vector<int> out;
  if (!fires_on_day(day)) return out;
  for (int h = 0; h < 24; ++h) {
    if (!hours.test(static_cast<size_t>(h))) continue;
    for (int m = 0; m < 60; ++m)
      if (minutes.test(static_cast<size_t>(m))) out.push_back(h * 60 + m);
  }
  return out;
}

}  // namespace bfc
