// Date: a calendar day, for embargo windows (`from` <= now < `until`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postguard {

// Days since 1970-01-01 (proleptic Gregorian). Cheap to copy and compare.
struct Date {
  int days = 0;
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
  friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
};

// Parses exactly "YYYY-MM-DD" with a real day of that month; nullopt otherwise.
std::optional<Date> parse_date(std::string_view iso);
std::string format_date(Date d);
// Today in the local time zone (in WebAssembly: the browser's).
Date today();

}  // namespace postguard
