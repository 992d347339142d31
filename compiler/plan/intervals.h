// Interval maths for cycles: the natural intervals of a task's cycle that start on a date,
// or overlap a time window.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "sema/model.h"

namespace bfc {

using Interval = std::pair<int64_t, int64_t>;  // [start, end) in minutes

// Intervals of the cycle starting on `day` (ascending), keeping sub-daily ones whose start
// time of day lies in `hours` (inclusive, may wrap midnight) when given.
std::vector<Interval> intervals_on(const Cycle& c, int64_t day,
                                   const std::optional<std::pair<int64_t, int64_t>>& hours);
// The same into `out` (replacing its contents), so a loop over tasks and dates can reuse
// one vector instead of allocating one per (task, date).
void intervals_on(const Cycle& c, int64_t day,
                  const std::optional<std::pair<int64_t, int64_t>>& hours,
                  std::vector<Interval>& out);

// How many intervals the cycle has on a typical day (for reserving; cron: an estimate).
double intervals_per_day(const Cycle& c);

// A non-owning reference to a callable taking an Interval. Unlike std::function it never
// allocates, which matters in the expander's inner loop (one call per dependency edge).
class IntervalFn {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, IntervalFn>>>
  IntervalFn(F&& f)  // NOLINT: implicit, so callers pass a lambda
      : obj_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, Interval iv) { (*static_cast<std::remove_reference_t<F>*>(o))(iv); }) {}
  void operator()(Interval iv) const { call_(obj_, iv); }

 private:
  void* obj_;
  void (*call_)(void*, Interval);
};

// Calls `fn` for each natural interval of the cycle that overlaps [a, b), ascending.
void intervals_overlapping(const Cycle& c, int64_t a, int64_t b, IntervalFn fn);

// The natural interval that ends where `start` begins (the previous run), if any.
std::optional<Interval> previous_interval(const Cycle& c, int64_t start);

// Whether a minute of day lies in an inclusive, possibly wrapping window.
bool in_window(int64_t minute_of_day, std::pair<int64_t, int64_t> w);

}  // namespace bfc
