// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/sqlite/sqlite_stores.h"

#include "veche/store/sqlite/sqlite_log_store.h"
#include "veche/store/sqlite/sqlite_state_store.h"

namespace veche::store {

Result<Stores> OpenSqliteStores(const std::string& dir) {
  Stores stores;
  VECHE_ASSIGN_OR_RETURN(stores.log, SqliteLogStore::Open(dir + "/log.db"));
  VECHE_ASSIGN_OR_RETURN(stores.state, SqliteStateStore::Open(dir + "/state.db"));
  return stores;
}

Result<Stores> OpenSqliteStoresReadOnly(const std::string& dir) {
  Stores stores;
  VECHE_ASSIGN_OR_RETURN(stores.log, SqliteLogStore::OpenReadOnly(dir + "/log.db"));
  Result<std::unique_ptr<SqliteStateStore>> state = SqliteStateStore::OpenReadOnly(dir + "/state.db");
  if (state.ok()) {
    stores.state = std::move(*state);
  } else {
    stores.state = std::make_unique<MemoryStateStore>();
  }
  return stores;
}

}  // namespace veche::store
