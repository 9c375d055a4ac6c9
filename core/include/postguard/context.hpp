// Context: where and by whom a draft is being written — the facts rules may depend on.
#pragma once

#include <optional>
#include <string>

#include "postguard/date.hpp"

namespace postguard {

enum class Account : unsigned char { personal, official };

struct Context {
  std::string site;  // host name as the page reports it ("www.linkedin.com"); may be empty
  Account account = Account::personal;
  std::string role;         // a role name from the policy's `roles`; may be empty
  std::optional<Date> now;  // the day of the check; unset = today (local time)
  std::string locale;       // "es", "en", "es-MX"...; empty = the policy's first language
};

}  // namespace postguard
