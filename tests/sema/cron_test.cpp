// The cron parser and calendar helpers.
#include <gtest/gtest.h>

#include "sema/cron.h"
#include "support/calendar.h"

namespace bfc {
namespace {

int64_t day(const char* s) {
  return *cal::parse_date(s);
}

TEST(Cron, EverySixHours) {
  CronSpec c;
  std::string err;
  ASSERT_TRUE(parse_cron("0 */6 * * *", c, err)) << err;
  EXPECT_EQ(c.ticks_on(day("2024-03-01")), (std::vector<int>{0, 360, 720, 1080}));
}

TEST(Cron, ListsRangesNames) {
  CronSpec c;
  std::string err;
  ASSERT_TRUE(parse_cron("15,45 9-10 * jan-mar mon-fri", c, err)) << err;
  EXPECT_EQ(c.ticks_on(day("2024-03-01")), (std::vector<int>{555, 585, 615, 645}));  // a Friday
  EXPECT_TRUE(c.ticks_on(day("2024-03-02")).empty());                                // Saturday
  EXPECT_TRUE(c.ticks_on(day("2024-04-01")).empty());                                // April
}

TEST(Cron, DayOfMonthOrWeekday) {
  CronSpec c;
  std::string err;
  ASSERT_TRUE(parse_cron("0 0 1 * sun", c, err));
  EXPECT_TRUE(c.fires_on_day(day("2024-03-01")));  // the 1st (a Friday)
  EXPECT_TRUE(c.fires_on_day(day("2024-03-03")));  // a Sunday
  EXPECT_FALSE(c.fires_on_day(day("2024-03-04")));
}

TEST(Cron, Errors) {
  CronSpec c;
  std::string err;
  EXPECT_FALSE(parse_cron("0 * * *", c, err));
  EXPECT_EQ(err, "a cron expression has 5 fields (minute hour day month weekday), found 4");
  EXPECT_FALSE(parse_cron("61 * * * *", c, err));
  EXPECT_EQ(err, "minute `61` is outside 0..59");
  EXPECT_FALSE(parse_cron("*/0 * * * *", c, err));
  EXPECT_FALSE(parse_cron("x * * * *", c, err));
  EXPECT_EQ(err, "`x` is not a valid minute value");
}

TEST(Calendar, DatesAndMonths) {
  EXPECT_FALSE(cal::make_date(2024, 2, 30));
  EXPECT_TRUE(cal::make_date(2024, 2, 29));
  EXPECT_FALSE(cal::make_date(2023, 2, 29));
  EXPECT_EQ(cal::format_date(cal::add_months(day("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(cal::format_date(cal::add_months(day("2024-03-15"), -3)), "2023-12-15");
  EXPECT_EQ(cal::format_date(cal::month_end(day("2024-02-10"))), "2024-02-29");
  EXPECT_EQ(cal::format_date(cal::week_start(day("2024-03-03"))), "2024-02-26");
  EXPECT_EQ(cal::strftime(day("2024-03-01") * 1440 + 5 * 60 + 7, "%Y%m%d %H:%M %a %j %%"),
            "20240301 05:07 Fri 061 %");
  EXPECT_EQ(cal::format_datetime(day("1969-12-31") * 1440 + 61), "1969-12-31T01:01");
}

}  // namespace
}  // namespace bfc
