// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The default stores: the log in DIR/log.db and the state snapshot in DIR/state.db, both SQLite
// (docs/formats/log-store.md, docs/formats/state-store.md).

#include <string>

#include "veche/store/stores.h"

namespace veche::store {

Result<Stores> OpenSqliteStores(const std::string& dir);

}  // namespace veche::store
