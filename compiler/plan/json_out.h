// Small writers for the streamed plan JSON: string literals, integers and the dates of
// instance ids, appended straight to an output buffer.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/int_math.h"
#include "support/calendar.h"

namespace bfc {

// Appends a JSON string literal. Runs of plain bytes are copied at once.
void json_str(std::string& o, std::string_view s);

// Appends a decimal integer.
inline void put_int(std::string& o, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, r.ptr);
}

// "YYYY-MM-DD" of a day, memoized: instances come date by date, so almost every lookup
// hits.
class DateText {
 public:
  // Appends "YYYY-MM-DD".
  void put(std::string& o, int64_t day) {
    Slot& s = slots_[static_cast<uint64_t>(day) % slots_.size()];
    if (!s.valid || s.day != day) {
      std::string t = cal::format_date(day);
      std::memcpy(s.text, t.data(), sizeof s.text);
      s.day = day;
      s.valid = true;
    }
    o.append(s.text, sizeof s.text);
  }
  // Appends "YYYY-MM-DDTHH:MM".
  void put_datetime(std::string& o, int64_t minutes) {
    int64_t d = floor_div(minutes, cal::kMinutesPerDay), m = minutes - d * cal::kMinutesPerDay;
    put(o, d);
    char hm[6] = {'T', char('0' + m / 600),     char('0' + m / 60 % 10),
                  ':', char('0' + m % 60 / 10), char('0' + m % 10)};
    o.append(hm, sizeof hm);
  }

 private:
  struct Slot {
    int64_t day = 0;
    bool valid = false;
    char text[10];
  };
  std::array<Slot, 512> slots_{};
};

}  // namespace bfc
