// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The default stores: the log in DIR/log.db and the state snapshot in DIR/state.db, both SQLite
// (docs/formats/log-store.md, docs/formats/state-store.md).

#include <string>

#include "veche/store/stores.h"

namespace veche::store {

Result<Stores> OpenSqliteStores(const std::string& dir);
// The same stores opened for reading only, writing nothing to DIR (a full disk, say): the log
// must be readable; a state snapshot that is not (missing, or of another schema) is replaced by
// an empty memory store, so the node folds the whole log.
Result<Stores> OpenSqliteStoresReadOnly(const std::string& dir);

}  // namespace veche::store
