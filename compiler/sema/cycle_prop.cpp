#include "sema/cycle_prop.h"

#include <fmt/format.h>

#include "sema/cron.h"
#include "sema/prop_reader.h"

namespace bfc {

using ast::Expr;
using ast::ExprKind;

namespace {

const char* const kCycleHelp =
    "a cycle is `daily`, `hourly`, `every(15m)`, `weekly(mon)`, `monthly(1)` or `cron(\"0 */6 * * "
    "*\")`";

// Reads one cycle expression into `c`; returns the E0303 message when it does not fit
// ("" when it fits or was reported already).
class CycleReader {
 public:
  CycleReader(Cycle& c, DiagnosticSink& diags) : c_(c), diags_(diags) {}

  std::string read(const Expr& e) {
    if (e.kind == ExprKind::Name) {
      if (e.text == "daily") return set(CycleKind::Daily, "daily");
      if (e.text == "hourly") {
        c_.every_minutes = 60;
        return set(CycleKind::Hourly, "hourly");
      }
      return fmt::format("unknown cycle `{}`; {}", e.text, kCycleHelp);
    }
    if (e.kind != ExprKind::Call) return kCycleHelp;
    const std::string& f = e.text;
    if (e.items.size() != 1) return fmt::format("`{}` takes one argument; {}", f, kCycleHelp);
    const Expr& a = *e.items[0];
    if (f == "every") return every(a);
    if (f == "weekly") return weekly(a);
    if (f == "monthly") return monthly(a);
    if (f == "cron") return cron(a);
    return fmt::format("unknown cycle `{}`; {}", f, kCycleHelp);
  }

 private:
  std::string set(CycleKind kind, std::string text) {
    c_.kind = kind;
    c_.text = std::move(text);
    return "";
  }

  std::string every(const Expr& a) {
    if (a.kind != ExprKind::Duration) return "`every` takes a duration, as in `every(15m)`";
    int64_t mins = a.int_value / 60;
    if (a.int_value % 60 != 0 || mins <= 0 || 1440 % mins != 0)
      return "`every` needs a whole number of minutes that divides a day (5m, 15m, 30m, 2h, ...)";
    c_.every_minutes = mins;
    return set(mins == 1440 ? CycleKind::Daily : CycleKind::Every,
               fmt::format("every({})", a.text));
  }

  std::string weekly(const Expr& a) {
    static const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    if (a.kind == ExprKind::Name)
      for (int i = 0; i < 7; ++i)
        if (a.text == days[i]) {
          c_.weekday = i;
          return set(CycleKind::Weekly, fmt::format("weekly({})", a.text));
        }
    return "`weekly` takes a weekday: mon, tue, wed, thu, fri, sat or sun";
  }

  std::string monthly(const Expr& a) {
    if (a.kind != ExprKind::Int || a.int_value < 1 || a.int_value > 28)
      return "`monthly` takes the day of the month the period starts on, 1 to 28";
    c_.month_day = static_cast<int>(a.int_value);
    return set(CycleKind::Monthly, fmt::format("monthly({})", a.int_value));
  }

  std::string cron(const Expr& a) {
    auto s = a.kind == ExprKind::String ? plain_string(a, "cron", diags_) : std::nullopt;
    if (!s) return "`cron` takes a string such as `\"0 */6 * * *\"`";
    std::string err;
    if (!parse_cron(*s, c_.cron, err)) {
      diags_.report(DiagCode::E0304, a.span, fmt::format("invalid cron expression: {}", err));
      return "";
    }
    return set(CycleKind::Cron, fmt::format("cron(\"{}\")", *s));
  }

  Cycle& c_;
  DiagnosticSink& diags_;
};

}  // namespace

void read_cycle(const ast::Member& m, Task& t, DiagnosticSink& diags) {
  const Expr* e = single_value(m, diags);
  if (!e) return;
  t.cycle_span = e->span;
  std::string bad = CycleReader(t.cycle, diags).read(*e);
  if (bad.empty()) return;
  auto& d = diags.report(DiagCode::E0303, e->span, bad);
  if (e->kind != ExprKind::Name && e->kind != ExprKind::Call) return;
  std::string best =
      closest_match(e->text, {"daily", "hourly", "every", "weekly", "monthly", "cron"});
  if (!best.empty()) d.notes.push_back({Span{}, fmt::format("did you mean `{}`?", best)});
}

}  // namespace bfc
