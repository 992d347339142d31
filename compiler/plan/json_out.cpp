#include "plan/json_out.h"

#include <fmt/format.h>

namespace bfc {

namespace {

bool needs_escape(unsigned char c) {
  return c == '"' || c == '\\' || c < 0x20;
}

}  // namespace

void json_str(std::string& o, std::string_view s) {
  o += '"';
  size_t plain = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    o.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\r':
        o += "\\r";
        break;
      case '\t':
        o += "\\t";
        break;
      case '\b':
        o += "\\b";
        break;
      case '\f':
        o += "\\f";
        break;
      default:
        o += fmt::format("\\u{:04x}", c);
    }
  }
  o.append(s.data() + plain, s.size() - plain);
  o += '"';
}

}  // namespace bfc
