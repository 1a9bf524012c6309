// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The stores a node runs on, and how the binary chooses them: a StoresOpener opens the stores
// of a data directory. `app` is the one place that picks one (SQLite by default:
// sqlite/sqlite_stores.h); everything else takes the interfaces.

#include <functional>
#include <memory>
#include <string>

#include "veche/ledger/log_store.h"
#include "veche/store/state_store.h"

namespace veche::store {

struct Stores {
  std::unique_ptr<ledger::LogStore> log;
  std::unique_ptr<StateStore> state;
};

// Opens (creating what is missing) the stores of data directory `dir`.
using StoresOpener = std::function<Result<Stores>(const std::string& dir)>;

}  // namespace veche::store
