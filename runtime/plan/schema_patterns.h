// The string patterns of bfc-plan-1.schema.json as plain functions, for the hand-written
// schema checks (schema_check.cpp, sax_reader.cpp). Each accepts only what its pattern accepts.
#pragma once

#include <string_view>

namespace bfc::runtime::patterns {

// [0-9]
inline bool digit(char c) {
  return c >= '0' && c <= '9';
}

// ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$ on s[p, p+10)
inline bool date_at(std::string_view s, std::size_t p) {
  if (s.size() < p + 10) return false;
  const char* d = s.data() + p;
  if (!digit(d[0]) || !digit(d[1]) || !digit(d[2]) || !digit(d[3]) || d[4] != '-' || d[7] != '-')
    return false;
  bool month =
      (d[5] == '0' && d[6] >= '1' && d[6] <= '9') || (d[5] == '1' && d[6] >= '0' && d[6] <= '2');
  bool day = (d[8] == '0' && d[9] >= '1' && d[9] <= '9') ||
             ((d[8] == '1' || d[8] == '2') && digit(d[9])) ||
             (d[8] == '3' && (d[9] == '0' || d[9] == '1'));
  return month && day;
}

// ^([01][0-9]|2[0-3]):[0-5][0-9]$ on s[p, p+5)
inline bool time_at(std::string_view s, std::size_t p) {
  if (s.size() < p + 5) return false;
  const char* t = s.data() + p;
  bool hour =
      ((t[0] == '0' || t[0] == '1') && digit(t[1])) || (t[0] == '2' && t[1] >= '0' && t[1] <= '3');
  return hour && t[2] == ':' && t[3] >= '0' && t[3] <= '5' && digit(t[4]);
}

// #/definitions/date: YYYY-MM-DD
inline bool date(std::string_view s) {
  return s.size() == 10 && date_at(s, 0);
}
// #/definitions/time: HH:MM
inline bool time(std::string_view s) {
  return s.size() == 5 && time_at(s, 0);
}
// #/definitions/datetime: YYYY-MM-DDTHH:MM
inline bool datetime(std::string_view s) {
  return s.size() == 16 && date_at(s, 0) && s[10] == 'T' && time_at(s, 11);
}

// [^@\s]+ on s[0, n): stricter, no control characters, space or DEL either.
inline bool name_chars(std::string_view s, std::size_t n) {
  if (n == 0 || n > s.size()) return false;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '@' || c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

// task: ^[^@\s]+$ (minLength 1)
inline bool task(std::string_view s) {
  return name_chars(s, s.size());
}

// #/definitions/instance_id: ^[^@\s]+@DATE(THH:MM)?$
inline bool instance_id(std::string_view s) {
  std::size_t at = s.find('@');
  if (at == std::string_view::npos || !name_chars(s, at)) return false;
  std::size_t rest = s.size() - at - 1;
  if (rest == 10) return date_at(s, at + 1);
  return rest == 16 && date_at(s, at + 1) && s[at + 11] == 'T' && time_at(s, at + 12);
}

// sources[].sha256: ^[0-9a-f]{64}$
inline bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!digit(c) && !(c >= 'a' && c <= 'f')) return false;
  return true;
}

}  // namespace bfc::runtime::patterns
