// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/store/sqlite_state_store.h"

#include <cstring>

#include "veche/base/canonical.h"
#include "veche/core/state_codec.h"

namespace veche::store {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), log_size INTEGER NOT NULL,
  log_root BLOB NOT NULL, digest BLOB NOT NULL, node_key BLOB NOT NULL, root TEXT NOT NULL,
  clock INTEGER NOT NULL, records INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS authority (key BLOB PRIMARY KEY);
CREATE TABLE IF NOT EXISTS territory (id TEXT PRIMARY KEY, parent TEXT NOT NULL, kind INTEGER NOT NULL,
  name TEXT NOT NULL, charter BLOB NOT NULL, dissolved INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS collective (id TEXT PRIMARY KEY, parent TEXT NOT NULL, territory TEXT NOT NULL,
  kind INTEGER NOT NULL, name TEXT NOT NULL, dissolved INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS registrar (key BLOB PRIMARY KEY, territory TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS citizen (id TEXT PRIMARY KEY, residence TEXT NOT NULL, majority_date INTEGER NOT NULL,
  consultative_date INTEGER NOT NULL, personal_data BLOB NOT NULL, key BLOB, enrolment_key BLOB NOT NULL,
  enrolment_pending INTEGER NOT NULL, removed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS membership (citizen TEXT NOT NULL, collective TEXT NOT NULL, PRIMARY KEY (citizen, collective))
  WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS applied (record_id BLOB PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS legislation (seq INTEGER PRIMARY KEY, chunk BLOB NOT NULL);
)sql";

constexpr const char* kTables[] = {"snapshot", "authority",  "territory", "collective", "registrar",
                                   "citizen",  "membership", "applied",   "legislation"};

template <size_t N>
Result<std::array<std::uint8_t, N>> ToArray(const Bytes& b, std::string_view what) {
  if (b.size() != N) return DataLossError("state table value " + std::string(what) + " has the wrong size");
  std::array<std::uint8_t, N> out;
  std::memcpy(out.data(), b.data(), N);
  return out;
}

Bytes EncodeCharter(const core::Charter& c) {
  Encoder e(1);
  c.EncodeTo(e);
  return e.Finish();
}

Result<core::Charter> DecodeCharter(const Bytes& b) {
  Decoder d(b);
  VECHE_RETURN_IF_ERROR(d.Version(1, 1).status());
  VECHE_ASSIGN_OR_RETURN(core::Charter c, core::Charter::DecodeFrom(d));
  VECHE_RETURN_IF_ERROR(d.Finish());
  return c;
}

}  // namespace

Result<std::unique_ptr<SqliteStateStore>> SqliteStateStore::Open(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, /*create=*/true));
  VECHE_RETURN_IF_ERROR(db->Exec(kSchema));
  return std::unique_ptr<SqliteStateStore>(new SqliteStateStore(std::move(db)));
}

Status SqliteStateStore::Clear() {
  std::lock_guard lock(mu_);
  SqliteTransaction txn(*db_);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  for (const char* table : kTables) VECHE_RETURN_IF_ERROR(db_->Exec(std::string("DELETE FROM ") + table));
  return txn.Commit();
}

Status SqliteStateStore::Save(const core::State& s, std::uint64_t log_size, const ledger::Hash& log_root) {
  std::lock_guard lock(mu_);
  SqliteDb& db = *db_;
  SqliteTransaction txn(db);
  VECHE_RETURN_IF_ERROR(txn.Begin());
  for (const char* table : kTables) VECHE_RETURN_IF_ERROR(db.Exec(std::string("DELETE FROM ") + table));
  crypto::Sha256Digest digest = s.Digest();
  VECHE_ASSIGN_OR_RETURN(SqliteStatement snap, db.Prepare("INSERT INTO snapshot VALUES (1, ?, ?, ?, ?, ?, ?, ?)"));
  snap.Bind(1, static_cast<std::int64_t>(log_size)).Bind(2, ByteView(log_root)).Bind(3, ByteView(digest));
  snap.Bind(4, ByteView(s.node_key)).Bind(5, std::string_view(s.root)).Bind(6, std::int64_t{s.clock});
  snap.Bind(7, static_cast<std::int64_t>(s.records));
  VECHE_RETURN_IF_ERROR(snap.Run());
  VECHE_ASSIGN_OR_RETURN(SqliteStatement auth, db.Prepare("INSERT INTO authority VALUES (?)"));
  for (const auto& k : s.authorities) VECHE_RETURN_IF_ERROR(auth.Bind(1, ByteView(k)).Run());
  VECHE_ASSIGN_OR_RETURN(SqliteStatement terr, db.Prepare("INSERT INTO territory VALUES (?, ?, ?, ?, ?, ?)"));
  for (const auto& [id, t] : s.territories) {
    Bytes charter = EncodeCharter(t.charter);
    terr.Bind(1, std::string_view(id))
        .Bind(2, std::string_view(t.parent))
        .Bind(3, std::int64_t{static_cast<int>(t.kind)});
    terr.Bind(4, std::string_view(t.name)).Bind(5, ByteView(charter)).Bind(6, std::int64_t{t.dissolved});
    VECHE_RETURN_IF_ERROR(terr.Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement coll, db.Prepare("INSERT INTO collective VALUES (?, ?, ?, ?, ?, ?)"));
  for (const auto& [id, c] : s.collectives) {
    coll.Bind(1, std::string_view(id)).Bind(2, std::string_view(c.parent)).Bind(3, std::string_view(c.territory));
    coll.Bind(4, std::int64_t{static_cast<int>(c.kind)})
        .Bind(5, std::string_view(c.name))
        .Bind(6, std::int64_t{c.dissolved});
    VECHE_RETURN_IF_ERROR(coll.Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement reg, db.Prepare("INSERT INTO registrar VALUES (?, ?, ?)"));
  for (const auto& [key, r] : s.registrars) {
    VECHE_RETURN_IF_ERROR(
        reg.Bind(1, ByteView(key)).Bind(2, std::string_view(r.territory)).Bind(3, std::int64_t{r.active}).Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement cit, db.Prepare("INSERT INTO citizen VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  VECHE_ASSIGN_OR_RETURN(SqliteStatement mem, db.Prepare("INSERT INTO membership VALUES (?, ?)"));
  for (const auto& [id, c] : s.citizens) {
    cit.Bind(1, std::string_view(id)).Bind(2, std::string_view(c.residence)).Bind(3, std::int64_t{c.majority_date});
    cit.Bind(4, std::int64_t{c.consultative_date}).Bind(5, ByteView(c.personal_data));
    if (c.key) cit.Bind(6, ByteView(*c.key));
    cit.Bind(7, ByteView(c.enrolment_key)).Bind(8, std::int64_t{c.enrolment_pending});
    cit.Bind(9, std::int64_t{c.removed ? static_cast<int>(*c.removed) : 0});
    VECHE_RETURN_IF_ERROR(cit.Run());
    for (const std::string& col : c.collectives) {
      VECHE_RETURN_IF_ERROR(mem.Bind(1, std::string_view(id)).Bind(2, std::string_view(col)).Run());
    }
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement app, db.Prepare("INSERT INTO applied VALUES (?, ?)"));
  for (const auto& [id, idx] : s.applied) {
    VECHE_RETURN_IF_ERROR(app.Bind(1, ByteView(id)).Bind(2, static_cast<std::int64_t>(idx)).Run());
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement leg, db.Prepare("INSERT INTO legislation VALUES (?, ?)"));
  std::int64_t seq = 0;
  for (const Bytes& chunk : core::EncodeLegislativeState(s)) {
    VECHE_RETURN_IF_ERROR(leg.Bind(1, seq++).Bind(2, ByteView(chunk)).Run());
  }
  return txn.Commit();
}

Result<std::optional<StateSnapshot>> SqliteStateStore::Load() {
  std::lock_guard lock(mu_);
  SqliteDb& db = *db_;
  VECHE_RETURN_IF_ERROR(db.Exec("BEGIN"));
  struct End {
    SqliteDb& db;
    ~End() { db.Exec("COMMIT").IgnoreError(); }
  } end{db};
  VECHE_ASSIGN_OR_RETURN(SqliteStatement snap, db.Prepare("SELECT * FROM snapshot WHERE id = 1"));
  VECHE_ASSIGN_OR_RETURN(bool has, snap.Step());
  if (!has) return std::optional<StateSnapshot>();
  StateSnapshot out;
  core::State& s = out.state;
  out.log_size = static_cast<std::uint64_t>(snap.ColumnInt(1));
  VECHE_ASSIGN_OR_RETURN(out.log_root, ToArray<32>(snap.ColumnBlob(2), "log_root"));
  VECHE_ASSIGN_OR_RETURN(out.digest, ToArray<32>(snap.ColumnBlob(3), "digest"));
  VECHE_ASSIGN_OR_RETURN(s.node_key, ToArray<32>(snap.ColumnBlob(4), "node_key"));
  s.has_genesis = true;
  s.root = snap.ColumnText(5);
  s.clock = snap.ColumnInt(6);
  s.records = static_cast<std::uint64_t>(snap.ColumnInt(7));

  VECHE_ASSIGN_OR_RETURN(SqliteStatement auth, db.Prepare("SELECT key FROM authority"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, auth.Step());
    if (!row) break;
    VECHE_ASSIGN_OR_RETURN(core::PublicKeyBytes k, ToArray<32>(auth.ColumnBlob(0), "authority"));
    s.authorities.insert(k);
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement terr, db.Prepare("SELECT * FROM territory"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, terr.Step());
    if (!row) break;
    core::Territory t;
    t.parent = terr.ColumnText(1);
    t.kind = static_cast<core::TerritoryKind>(terr.ColumnInt(2));
    t.name = terr.ColumnText(3);
    VECHE_ASSIGN_OR_RETURN(t.charter, DecodeCharter(terr.ColumnBlob(4)));
    t.dissolved = terr.ColumnInt(5) != 0;
    s.territories[terr.ColumnText(0)] = std::move(t);
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement coll, db.Prepare("SELECT * FROM collective"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, coll.Step());
    if (!row) break;
    s.collectives[coll.ColumnText(0)] =
        core::Collective{coll.ColumnText(1), coll.ColumnText(2), static_cast<core::CollectiveKind>(coll.ColumnInt(3)),
                         coll.ColumnText(4), coll.ColumnInt(5) != 0};
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement reg, db.Prepare("SELECT * FROM registrar"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, reg.Step());
    if (!row) break;
    VECHE_ASSIGN_OR_RETURN(core::PublicKeyBytes k, ToArray<32>(reg.ColumnBlob(0), "registrar"));
    s.registrars[k] = core::Registrar{reg.ColumnText(1), reg.ColumnInt(2) != 0};
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement cit, db.Prepare("SELECT * FROM citizen"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, cit.Step());
    if (!row) break;
    core::Citizen c;
    std::string id = cit.ColumnText(0);
    c.residence = cit.ColumnText(1);
    c.majority_date = cit.ColumnInt(2);
    c.consultative_date = cit.ColumnInt(3);
    VECHE_ASSIGN_OR_RETURN(c.personal_data, ToArray<32>(cit.ColumnBlob(4), "personal_data"));
    Bytes key = cit.ColumnBlob(5);
    if (!key.empty()) {
      VECHE_ASSIGN_OR_RETURN(c.key, ToArray<32>(key, "citizen key"));
      s.citizen_by_key[*c.key] = id;
    }
    VECHE_ASSIGN_OR_RETURN(c.enrolment_key, ToArray<32>(cit.ColumnBlob(6), "enrolment_key"));
    c.enrolment_pending = cit.ColumnInt(7) != 0;
    if (std::int64_t removed = cit.ColumnInt(8); removed != 0) c.removed = static_cast<core::RemovalReason>(removed);
    if (!c.removed) s.AddResident(c);
    s.citizens[id] = std::move(c);
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement mem, db.Prepare("SELECT citizen, collective FROM membership"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, mem.Step());
    if (!row) break;
    auto it = s.citizens.find(mem.ColumnText(0));
    if (it == s.citizens.end()) return DataLossError("state tables: a membership names an unknown citizen");
    it->second.collectives.insert(mem.ColumnText(1));
  }
  VECHE_ASSIGN_OR_RETURN(SqliteStatement app, db.Prepare("SELECT record_id, idx FROM applied"));
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, app.Step());
    if (!row) break;
    VECHE_ASSIGN_OR_RETURN(core::RecordId id, ToArray<32>(app.ColumnBlob(0), "record id"));
    s.applied.emplace(id, static_cast<std::uint64_t>(app.ColumnInt(1)));
  }
  if (s.applied.size() != s.records) return DataLossError("state tables: applied record ids do not match the count");
  VECHE_ASSIGN_OR_RETURN(SqliteStatement leg, db.Prepare("SELECT chunk FROM legislation ORDER BY seq"));
  Bytes legislation;
  for (;;) {
    VECHE_ASSIGN_OR_RETURN(bool row, leg.Step());
    if (!row) break;
    Append(legislation, leg.ColumnBlob(0));
  }
  // Tables saved before the legislative state was kept have no chunk: then the digest decides.
  if (!legislation.empty()) VECHE_RETURN_IF_ERROR(core::DecodeLegislativeState(legislation, s));
  if (s.Digest() != out.digest) return DataLossError("state tables do not reproduce their digest");
  return std::optional<StateSnapshot>(std::move(out));
}

}  // namespace veche::store
