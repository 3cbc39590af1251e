// devin-emulator's 5-field cron expressions (schedule `frequency`): parsing
// and the next matching minute (UTC).
#include <gtest/gtest.h>

#include <string>

#include "cron.hpp"

using namespace emu::cron;

namespace {

// Unix time of a UTC civil time (proleptic Gregorian).
std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) {
  y -= mo <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60;
}

Spec parsed(const std::string &expr) {
  Spec s;
  std::string error;
  EXPECT_TRUE(parse(expr, s, error)) << expr << ": " << error;
  return s;
}

std::string rejected(const std::string &expr) {
  Spec s;
  std::string error;
  EXPECT_FALSE(parse(expr, s, error)) << expr;
  return error;
}

}  // namespace

TEST(CronParse, StarsAllowEverything) {
  Spec s = parsed("* * * * *");
  EXPECT_EQ(s.minute.count(), 60u);
  EXPECT_EQ(s.hour.count(), 24u);
  EXPECT_EQ(s.dom.count(), 31u);
  EXPECT_FALSE(s.dom[0]);
  EXPECT_EQ(s.month.count(), 12u);
  EXPECT_FALSE(s.month[0]);
  EXPECT_EQ(s.dow.count(), 7u);
  EXPECT_TRUE(s.dom_any);
  EXPECT_TRUE(s.dow_any);
}

TEST(CronParse, RangesListsAndSteps) {
  Spec s = parsed("*/15 9-17/4 1,15,31 * 1-5");
  EXPECT_EQ(s.minute.count(), 4u);
  EXPECT_TRUE(s.minute[0] && s.minute[15] && s.minute[30] && s.minute[45]);
  EXPECT_EQ(s.hour.count(), 3u);
  EXPECT_TRUE(s.hour[9] && s.hour[13] && s.hour[17]);
  EXPECT_EQ(s.dom.count(), 3u);
  EXPECT_TRUE(s.dom[1] && s.dom[15] && s.dom[31]);
  EXPECT_FALSE(s.dom_any);
  EXPECT_EQ(s.dow.count(), 5u);
  EXPECT_FALSE(s.dow[0] || s.dow[6]);
  EXPECT_FALSE(s.dow_any);
  // a step over "*" starts at the field's first value
  EXPECT_TRUE(parsed("0 0 */10 * *").dom[1]);
  EXPECT_TRUE(parsed("0 0 */10 * *").dom[31]);
  EXPECT_EQ(parsed("0,30 * * * *").minute.count(), 2u);
  EXPECT_EQ(parsed("1-3,10-12/2 * * * *").minute.count(), 5u);
}

TEST(CronParse, NamesAreCaseInsensitiveAndSevenIsSunday) {
  Spec s = parsed("0 0 * jan,Jul,DEC sun");
  EXPECT_EQ(s.month.count(), 3u);
  EXPECT_TRUE(s.month[1] && s.month[7] && s.month[12]);
  EXPECT_EQ(s.dow.count(), 1u);
  EXPECT_TRUE(s.dow[0]);
  EXPECT_TRUE(parsed("0 0 * * 7").dow[0]);
  EXPECT_EQ(parsed("0 0 * * MON-FRI").dow.count(), 5u);
  EXPECT_EQ(parsed("0 0 * * 5-7").dow.count(), 3u);
  EXPECT_EQ(parsed("0 0 * FEB-apr *").month.count(), 3u);
  EXPECT_EQ(parsed("  0   9 * * 1  ").hour.count(), 1u);
}

TEST(CronParse, RejectsWhatIsNotFiveFieldCron) {
  EXPECT_NE(rejected("").find("5 fields"), std::string::npos);
  EXPECT_NE(rejected("* * * *").find("5 fields"), std::string::npos);
  EXPECT_NE(rejected("0 * * * * *").find("5 fields"), std::string::npos);
  EXPECT_NE(rejected("@daily").find("@daily"), std::string::npos);
  EXPECT_NE(rejected("60 * * * *").find("minute"), std::string::npos);
  EXPECT_NE(rejected("0 24 * * *").find("hour"), std::string::npos);
  EXPECT_NE(rejected("0 0 0 * *").find("day-of-month"), std::string::npos);
  EXPECT_NE(rejected("0 0 32 * *").find("day-of-month"), std::string::npos);
  EXPECT_NE(rejected("0 0 * 0 *").find("month"), std::string::npos);
  EXPECT_NE(rejected("0 0 * 13 *").find("month"), std::string::npos);
  EXPECT_NE(rejected("0 0 * * 8").find("day-of-week"), std::string::npos);
  rejected("0 0 * FOO *");
  rejected("0 0 * * MONDAY");
  rejected("0 0 * SUN *");  // weekday names are not months
  rejected("1,,2 * * * *");
  rejected(",1 * * * *");
  rejected("*/0 * * * *");
  rejected("*/ * * * *");
  rejected("5-1 * * * *");
  rejected("5/10 * * * *");
  rejected("1- * * * *");
  rejected("-1 * * * *");
  rejected("? * * * *");
  rejected("0 0 L * *");
  rejected("0 0 * * 1#2");
  rejected("0x1 * * * *");
  rejected("1000 * * * *");
}

TEST(CronNext, IsStrictlyAfterAndOnAMinute) {
  Spec every = parsed("* * * * *");
  std::int64_t t = utc(2026, 3, 4, 5, 6);
  EXPECT_EQ(next_after(every, t), t + 60);
  EXPECT_EQ(next_after(every, t + 1), t + 60);
  EXPECT_EQ(next_after(every, t + 59), t + 60);
  EXPECT_EQ(next_after(parsed("*/15 * * * *"), utc(2026, 1, 1, 10, 14)),
            utc(2026, 1, 1, 10, 15));
  EXPECT_EQ(next_after(parsed("*/15 * * * *"), utc(2026, 1, 1, 10, 15)),
            utc(2026, 1, 1, 10, 30));
}

TEST(CronNext, CrossesDayMonthAndYearEnds) {
  EXPECT_EQ(next_after(parsed("0 9 * * *"), utc(2026, 1, 31, 9, 0)),
            utc(2026, 2, 1, 9, 0));
  EXPECT_EQ(next_after(parsed("0 0 1 * *"), utc(2026, 1, 15)), utc(2026, 2, 1));
  EXPECT_EQ(next_after(parsed("30 23 31 12 *"), utc(2026, 12, 31, 23, 30)),
            utc(2027, 12, 31, 23, 30));
  EXPECT_EQ(next_after(parsed("0 0 1 1 *"), utc(2026, 12, 31, 23, 59)),
            utc(2027, 1, 1));
  // the 31st skips the months that have none
  EXPECT_EQ(next_after(parsed("0 0 31 * *"), utc(2026, 3, 31)),
            utc(2026, 5, 31));
  // February 29th: the next leap year
  EXPECT_EQ(next_after(parsed("0 0 29 2 *"), utc(2026, 1, 1)),
            utc(2028, 2, 29));
  // never (the 31st of February): -1
  EXPECT_EQ(next_after(parsed("0 0 31 2 *"), utc(2026, 1, 1)), -1);
}

TEST(CronNext, WeekdaysAndTheDayOfMonthOrDayOfWeekRule) {
  // 2026-01-01 is a Thursday
  EXPECT_EQ(next_after(parsed("0 9 * * MON-FRI"), utc(2026, 1, 2, 9, 0)),
            utc(2026, 1, 5, 9, 0));
  EXPECT_EQ(next_after(parsed("0 0 * * 0"), utc(2026, 1, 1)), utc(2026, 1, 4));
  EXPECT_EQ(next_after(parsed("0 0 * * 7"), utc(2026, 1, 1)), utc(2026, 1, 4));
  // both restricted: the 13th OR a Friday
  Spec s = parsed("0 0 13 * 5");
  EXPECT_EQ(next_after(s, utc(2026, 1, 1)), utc(2026, 1, 2));   // Fri 2nd
  EXPECT_EQ(next_after(s, utc(2026, 1, 9)), utc(2026, 1, 13));  // Tue 13th
  // one of them "*": both must match (Friday the 13th)
  Spec fri13 = parsed("0 0 13 * *");
  fri13.dow.reset();
  fri13.dow[5] = true;  // dom restricted, dow restricted to Friday but "*"
  EXPECT_EQ(next_after(fri13, utc(2026, 1, 1)), utc(2026, 2, 13));
  // "*/2" counts as "*" (Vixie cron): odd days that are also Mondays
  Spec odd_mondays = parsed("0 0 */2 * 1");
  EXPECT_TRUE(odd_mondays.dom_any);
  EXPECT_EQ(next_after(odd_mondays, utc(2026, 1, 1)), utc(2026, 1, 5));
  EXPECT_EQ(next_after(odd_mondays, utc(2026, 1, 5)), utc(2026, 1, 19));
}

TEST(CronNext, BeforeTheEpoch) {
  EXPECT_EQ(next_after(parsed("0 0 1 1 *"), utc(1969, 6, 1)), utc(1970, 1, 1));
  EXPECT_EQ(next_after(parsed("* * * * *"), -30), 0);
}
