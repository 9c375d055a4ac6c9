// The built-in policy packs (policies/builtin/*.json), embedded at build time by
// cmake/embed_packs.cmake so the engine needs no file system.
#pragma once

#include <string_view>
#include <vector>

namespace postguard::builtin {

struct Pack {
  std::string_view name;    // "builtin:pii"
  std::string_view source;  // the JSON text
};

const std::vector<Pack>& packs();

}  // namespace postguard::builtin
