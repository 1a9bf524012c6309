#pragma once
// Where tests find the shared reference data (../shared/testdata beside the repository, or
// $VECHE_SHARED_DIR/testdata). Tests fail, not skip, when it is missing.

#include <cstdlib>
#include <filesystem>

namespace veche::ledger::testing {

inline std::filesystem::path SharedTestdata() {
  if (const char* dir = std::getenv("VECHE_SHARED_DIR")) return std::filesystem::path(dir) / "testdata";
  return std::filesystem::path(VECHE_SOURCE_DIR) / ".." / "shared" / "testdata";
}

}  // namespace veche::ledger::testing
