// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Subcommands that sign a record with a key file and submit it to a node over HTTP:
// territory create|rename|dissolve, collective create|rename|dissolve, registrar accredit|revoke,
// citizen enrol|bind|move|rotate-key|recover|join|leave|remove.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "veche/core/legislation/payloads.h"
#include "veche/core/record.h"
#include "veche/crypto/ed25519.h"

namespace veche::app {

class RecordCommands {
 public:
  // Registers the subcommands on `app`.
  explicit RecordCommands(CLI::App& app);
  // The exit code of the chosen subcommand, or nullopt if none of these was chosen.
  std::optional<int> Run();

 private:
  // Reads the signer's key (--key) and builds with it, or fails saying why the key is unusable.
  template <typename Build>
  int WithKey(Build&& build);
  std::optional<int> RunTerritoriesAndRegistrars();
  void AddEnrol(CLI::App& citizen);
  int Enrol();
  Result<std::string> PersonData() const;
  int Bind();
  std::optional<int> RunCitizens();
  std::optional<int> RunCollectives();

 private:
  struct Common {
    std::string node = "http://127.0.0.1:8080/";
    std::string key;  // private key file of the signer
  };
  CLI::App* AddCommand(CLI::App& parent, const std::string& name, const std::string& help, bool needs_key = true);

  Common common_;
  std::string id_, parent_, kind_, name_, territory_, registrar_pub_, residence_, majority_date_, consultative_date_,
      person_, person_file_, code_, out_, collective_, reason_;
  std::string registry_ = "veche-registry.db";
  CLI::App *territory_create_, *territory_rename_, *territory_dissolve_, *registrar_accredit_, *registrar_revoke_,
      *citizen_enrol_, *citizen_bind_, *citizen_move_, *citizen_rotate_, *citizen_recover_, *citizen_join_,
      *citizen_leave_, *citizen_remove_, *collective_create_, *collective_rename_, *collective_dissolve_;
};

// Exit codes of SubmitRecord: refused is definitive; a network error leaves the outcome unknown.
constexpr int kRefused = 1;
constexpr int kOutcomeUnknown = 4;

// Signs `payload` as a record of `kind` with `key`, POSTs it to the node at `node_url` and prints
// the receipt. Returns 0 on 200/201, kRefused on a 4xx refusal (printed), kOutcomeUnknown otherwise.
int SubmitRecord(const std::string& node_url, const crypto::SigningKey& key, core::RecordKind kind, Bytes payload);

// Prints "veche: error: MESSAGE" to stderr and returns 1.
int Fail(const std::string& message);

// `url` with one trailing '/'.
std::string WithSlash(std::string url);
// A UTF-8 text file of 1..max_size bytes, or why not.
Result<std::string> ReadTextFile(const std::string& path, size_t max_size);
// Publishes `text` (a text record signed by `key`) unless the node already serves it; its hash.
Result<core::TextHash> EnsurePublished(const std::string& node, const crypto::SigningKey& key, const std::string& text);

// "2026-11-23" -> microseconds since the Unix epoch at 00:00 UTC; nullopt if not a valid date.
std::optional<long long> ParseDate(const std::string& text);

}  // namespace veche::app
