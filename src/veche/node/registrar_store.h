// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The registrar's private store: the personal data behind each citizen_enrol commitment, kept in a
// separate SQLite file on the registrar's machine, never in the log. Erasure overwrites the data
// and the salt (secure_delete, WAL truncated), so the public commitment can no longer be linked
// to the person, while the log stays intact and verifiable. Layout in docs/formats/registry.md.

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "veche/base/clock.h"
#include "veche/base/result.h"
#include "veche/core/registry/payloads.h"
#include "veche/store/sqlite/sqlite.h"

namespace veche::node {

struct PersonRecord {
  std::string citizen_id;
  Bytes salt;        // empty once erased
  std::string data;  // empty once erased
  UnixMicros stored_at = 0;
  std::optional<UnixMicros> erased_at;

  // The commitment the log holds for this person (meaningless once erased).
  core::Commitment Commitment() const { return core::PersonalDataCommitment(salt, data); }
};

class RegistrarStore {
 public:
  // Opens or creates the store (the file is created with mode 0600).
  static Result<std::unique_ptr<RegistrarStore>> Open(const std::string& path);

  // kAlreadyExists if the citizen id is already stored (erased or not).
  Status Put(const std::string& citizen_id, ByteView salt, std::string_view data, UnixMicros now);
  // kNotFound if never stored; an erased person comes back with empty data and salt.
  Result<PersonRecord> Get(const std::string& citizen_id);
  // Overwrites the person's data and salt and keeps only the id and the erasure time.
  // kNotFound if never stored; erasing twice is OK.
  Status Erase(const std::string& citizen_id, UnixMicros now);

 private:
  explicit RegistrarStore(std::unique_ptr<store::SqliteDb> db) : db_(std::move(db)) {}
  std::mutex mu_;
  std::unique_ptr<store::SqliteDb> db_;
};

}  // namespace veche::node
