#include "plan/intervals.h"
#include "common/int_math.h"

#include "support/calendar.h"

namespace bfc {

namespace {

constexpr int64_t kDay = cal::kMinutesPerDay;

// The next cron tick strictly after `t` (searching up to ~4 years ahead), or nullopt.
std::optional<int64_t> next_tick(const CronSpec& c, int64_t t) {
  int64_t day = floor_div(t, kDay);
  for (int64_t d = day; d < day + 1500; ++d) {
    for (int m : c.ticks_on(d)) {
      int64_t tick = d * kDay + m;
      if (tick > t) return tick;
    }
  }
  return std::nullopt;
}

// The last cron tick at or before `t`, or nullopt.
std::optional<int64_t> tick_at_or_before(const CronSpec& c, int64_t t) {
  int64_t day = floor_div(t, kDay);
  for (int64_t d = day; d > day - 1500; --d) {
    auto ticks = c.ticks_on(d);
    for (auto it = ticks.rbegin(); it != ticks.rend(); ++it) {
      int64_t tick = d * kDay + *it;
      if (tick <= t) return tick;
    }
  }
  return std::nullopt;
}

int64_t month_period_start(int64_t day, int md) {
  int64_t ms = cal::month_start(day);
  int64_t candidate = ms + md - 1;
  return candidate <= day ? candidate : cal::add_months(ms, -1) + md - 1;
}

}  // namespace

bool in_window(int64_t m, std::pair<int64_t, int64_t> w) {
  if (w.first <= w.second) return m >= w.first && m <= w.second;
  return m >= w.first || m <= w.second;
}

std::vector<Interval> intervals_on(const Cycle& c, int64_t day,
                                   const std::optional<std::pair<int64_t, int64_t>>& hours) {
  std::vector<Interval> out;
  intervals_on(c, day, hours, out);
  return out;
}

double intervals_per_day(const Cycle& c) {
  switch (c.kind) {
    case CycleKind::Daily:
      return 1;
    case CycleKind::Hourly:
    case CycleKind::Every:
      return c.every_minutes > 0 ? double(kDay) / double(c.every_minutes) : 1;
    case CycleKind::Cron:
      return 24;
    case CycleKind::Weekly:
      return 1.0 / 7;
    case CycleKind::Monthly:
      return 1.0 / 28;
  }
  return 1;
}

void intervals_on(const Cycle& c, int64_t day,
                  const std::optional<std::pair<int64_t, int64_t>>& hours,
                  std::vector<Interval>& out) {
  out.clear();
  int64_t base = day * kDay;
  switch (c.kind) {
    case CycleKind::Daily:
      out.emplace_back(base, base + kDay);
      break;
    case CycleKind::Hourly:
    case CycleKind::Every:
      for (int64_t m = 0; m < kDay; m += c.every_minutes)
        if (!hours || in_window(m, *hours)) out.emplace_back(base + m, base + m + c.every_minutes);
      break;
    case CycleKind::Cron:
      for (int m : c.cron.ticks_on(day)) {
        if (hours && !in_window(m, *hours)) continue;
        auto next = next_tick(c.cron, base + m);
        out.emplace_back(base + m, next ? *next : base + m + 1);
      }
      break;
    case CycleKind::Weekly:
      if (cal::weekday(day) == c.weekday) out.emplace_back(base, base + 7 * kDay);
      break;
    case CycleKind::Monthly:
      if (static_cast<int>(cal::civil(day).day) == c.month_day)
        out.emplace_back(base, cal::add_months(day, 1) * kDay);
      break;
  }
}

void intervals_overlapping(const Cycle& c, int64_t a, int64_t b, IntervalFn fn) {
  if (b <= a) return;
  switch (c.kind) {
    case CycleKind::Daily:
      for (int64_t d = floor_div(a, kDay); d * kDay < b; ++d) fn({d * kDay, (d + 1) * kDay});
      return;
    case CycleKind::Hourly:
    case CycleKind::Every: {
      int64_t n = c.every_minutes;
      for (int64_t k = floor_div(a, n); k * n < b; ++k) fn({k * n, (k + 1) * n});
      return;
    }
    case CycleKind::Weekly: {
      int64_t d = floor_div(a, kDay);
      int64_t s = d - ((cal::weekday(d) - c.weekday + 7) % 7);
      for (; s * kDay < b; s += 7) fn({s * kDay, (s + 7) * kDay});
      return;
    }
    case CycleKind::Monthly: {
      int64_t s = month_period_start(floor_div(a, kDay), c.month_day);
      while (s * kDay < b) {
        int64_t next = cal::add_months(s, 1);
        fn({s * kDay, next * kDay});
        s = next;
      }
      return;
    }
    case CycleKind::Cron: {
      auto t = tick_at_or_before(c.cron, a);
      if (!t) t = next_tick(c.cron, a);
      while (t && *t < b) {
        auto next = next_tick(c.cron, *t);
        int64_t e = next ? *next : *t + 1;
        if (e > a) fn({*t, e});
        t = next;
      }
      return;
    }
  }
}

std::optional<Interval> previous_interval(const Cycle& c, int64_t start) {
  std::optional<Interval> found;
  intervals_overlapping(c, start - 1, start, [&](Interval iv) {
    if (iv.second == start) found = iv;
  });
  return found;
}

}  // namespace bfc
