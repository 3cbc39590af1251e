#include "cron.hpp"

#include <array>
#include <cctype>
#include <sstream>
#include <vector>

namespace emu::cron {

namespace {

struct Field {
  const char *name;
  int lo, hi;
  const char *const *names;  // 3-letter names for lo.., or nullptr
};

const char *const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char *const kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

const std::array<Field, 5> kFields = {{
    {"minute", 0, 59, nullptr},
    {"hour", 0, 23, nullptr},
    {"day-of-month", 1, 31, nullptr},
    {"month", 1, 12, kMonths},
    {"day-of-week", 0, 7, kDays},
}};

bool parse_number(const Field &f, const std::string &text, int &out,
                  std::string &error) {
  if (text.empty()) {
    error = std::string(f.name) + ": missing value";
    return false;
  }
  if (std::isdigit(static_cast<unsigned char>(text[0]))) {
    if (text.size() > 3) {
      error = std::string(f.name) + ": " + text + " is out of range";
      return false;
    }
    int v = 0;
    for (char ch : text) {
      if (!std::isdigit(static_cast<unsigned char>(ch))) {
        error = std::string(f.name) + ": " + text + " is not a number";
        return false;
      }
      v = v * 10 + (ch - '0');
    }
    if (v < f.lo || v > f.hi) {
      error = std::string(f.name) + ": " + text + " is out of range " +
              std::to_string(f.lo) + "-" + std::to_string(f.hi);
      return false;
    }
    out = v;
    return true;
  }
  if (f.names && text.size() == 3) {
    std::string up;
    for (char ch : text)
      up += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    int count = f.names == kMonths ? 12 : 7;
    for (int i = 0; i < count; ++i)
      if (up == f.names[i]) {
        out = f.lo + i;
        return true;
      }
  }
  error = std::string(f.name) + ": " + text + " is not a valid value";
  return false;
}

// One comma-separated element: *, a, a-b, */n, a-b/n.
bool parse_element(const Field &f, const std::string &el,
                   std::vector<bool> &set, std::string &error) {
  std::string base = el;
  int step = 1;
  if (auto slash = el.find('/'); slash != std::string::npos) {
    base = el.substr(0, slash);
    std::string st = el.substr(slash + 1);
    if (st.empty() || st.size() > 3) {
      error = std::string(f.name) + ": invalid step in " + el;
      return false;
    }
    step = 0;
    for (char ch : st) {
      if (!std::isdigit(static_cast<unsigned char>(ch))) {
        error = std::string(f.name) + ": invalid step in " + el;
        return false;
      }
      step = step * 10 + (ch - '0');
    }
    if (step < 1) {
      error = std::string(f.name) + ": step must be at least 1 in " + el;
      return false;
    }
    if (base != "*" && base.find('-') == std::string::npos) {
      error = std::string(f.name) + ": a step needs * or a range a-b in " + el;
      return false;
    }
  }
  int lo = 0, hi = 0;
  if (base == "*") {
    lo = f.lo;
    hi = f.hi == 7 ? 6 : f.hi;
  } else if (auto dash = base.find('-'); dash != std::string::npos) {
    if (!parse_number(f, base.substr(0, dash), lo, error) ||
        !parse_number(f, base.substr(dash + 1), hi, error))
      return false;
    if (lo > hi) {
      error = std::string(f.name) + ": range " + base + " is backwards";
      return false;
    }
  } else {
    if (!parse_number(f, base, lo, error)) return false;
    hi = lo;
  }
  for (int v = lo; v <= hi; v += step) set[static_cast<std::size_t>(v)] = true;
  return true;
}

bool parse_field(const Field &f, const std::string &text,
                 std::vector<bool> &set, std::string &error) {
  set.assign(static_cast<std::size_t>(f.hi) + 1, false);
  std::size_t start = 0;
  for (;;) {
    auto comma = text.find(',', start);
    std::string el = text.substr(
        start, comma == std::string::npos ? std::string::npos : comma - start);
    if (el.empty()) {
      error = std::string(f.name) + ": empty list element in " + text;
      return false;
    }
    if (!parse_element(f, el, set, error)) return false;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t &y, unsigned &m,
                     unsigned &d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool day_matches(const Spec &s, unsigned d, int weekday) {
  bool dom = s.dom[d];
  bool dow = s.dow[static_cast<std::size_t>(weekday)];
  if (s.dom_any || s.dow_any) return dom && dow;
  return dom || dow;
}

}  // namespace

bool parse(const std::string &expr, Spec &out, std::string &error) {
  std::istringstream in(expr);
  std::vector<std::string> parts;
  for (std::string p; in >> p;) parts.push_back(p);
  if (!parts.empty() && parts[0][0] == '@') {
    error =
        "macros such as " + parts[0] + " are not supported; write the 5 fields";
    return false;
  }
  if (parts.size() != 5) {
    error =
        "a cron expression has 5 fields (minute hour day-of-month month "
        "day-of-week), got " +
        std::to_string(parts.size());
    return false;
  }
  Spec s;
  std::vector<bool> set;
  for (std::size_t i = 0; i < 5; ++i) {
    if (!parse_field(kFields[i], parts[i], set, error)) return false;
    for (std::size_t v = 0; v < set.size(); ++v) {
      if (!set[v]) continue;
      switch (i) {
        case 0:
          s.minute[v] = true;
          break;
        case 1:
          s.hour[v] = true;
          break;
        case 2:
          s.dom[v] = true;
          break;
        case 3:
          s.month[v] = true;
          break;
        default:
          s.dow[v % 7] = true;
      }
    }
  }
  s.dom_any = parts[2][0] == '*';
  s.dow_any = parts[4][0] == '*';
  out = s;
  return true;
}

std::int64_t next_after(const Spec &s, std::int64_t t) {
  std::int64_t minute = floor_div(t, 60) + 1;  // minutes since the epoch
  const std::int64_t limit = minute + 5LL * 366 * 24 * 60;
  while (minute <= limit) {
    std::int64_t day = floor_div(minute, 1440);
    auto in_day = static_cast<int>(minute - day * 1440);
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(day, y, m, d);
    if (!s.month[m]) {  // first day of the next month
      unsigned nm = m == 12 ? 1 : m + 1;
      std::int64_t ny = m == 12 ? y + 1 : y;
      minute = days_from_civil(ny, nm, 1) * 1440;
      continue;
    }
    int weekday = static_cast<int>(((day % 7) + 11) % 7);  // 1970-01-01: Thu
    if (!day_matches(s, d, weekday)) {
      minute = (day + 1) * 1440;
      continue;
    }
    int h = in_day / 60, mi = in_day % 60;
    if (!s.hour[static_cast<std::size_t>(h)]) {
      minute = day * 1440 + (h + 1) * 60;
      continue;
    }
    if (!s.minute[static_cast<std::size_t>(mi)]) {
      minute += 1;
      continue;
    }
    return minute * 60;
  }
  return -1;
}

}  // namespace emu::cron
