// 5-field cron expressions (schedule `frequency`): parsing and the next
// matching minute in UTC.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>

namespace emu::cron {

// The sets of allowed values of each field.
struct Spec {
  std::bitset<60> minute;
  std::bitset<24> hour;
  std::bitset<32> dom;    // 1..31
  std::bitset<13> month;  // 1..12
  std::bitset<7> dow;     // 0..6, 0 = Sunday
  // The field starts with "*" (Vixie cron's rule: "*/2" counts as "*").
  bool dom_any = true, dow_any = true;
};

// Parses "minute hour day-of-month month day-of-week": numbers, "*",
// ranges a-b, lists a,b, steps */n and a-b/n, month names JAN-DEC, weekday
// names SUN-SAT (case-insensitive), 7 == Sunday. No 6-field forms, no "@"
// macros, no "?", "L", "W", "#". false + a reason in `error` on failure.
bool parse(const std::string &expr, Spec &out, std::string &error);

// The first minute strictly after unix time t (UTC) that matches; -1 if none
// within 5 years (e.g. "0 0 31 2 *"). When both day-of-month and day-of-week
// are restricted, either may match (standard cron rule).
std::int64_t next_after(const Spec &s, std::int64_t t);

}  // namespace emu::cron
