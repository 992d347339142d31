// PlanWindow arithmetic on seconds of the local day.
#include "runtime/exec/window.h"

namespace bfc::runtime {

bool window_open(const PlanWindow& window, int second_of_day) {
  int minute = second_of_day / 60;
  if (window.start_min <= window.end_min)
    return minute >= window.start_min && minute <= window.end_min;
  return minute >= window.start_min || minute <= window.end_min;  // crosses midnight
}

int seconds_until_open(const PlanWindow& window, int second_of_day) {
  if (window_open(window, second_of_day)) return 0;
  int delta = window.start_min * 60 - second_of_day;
  return delta > 0 ? delta : delta + 86400;
}

}  // namespace bfc::runtime
