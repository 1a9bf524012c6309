// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The veche subcommands. Each returns the process exit code: 0 success, 1 failure (with a message
// on stderr), 2 bad usage.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "veche/core/record.h"
#include "veche/core/registry/payloads.h"
#include "veche/core/state.h"
#include "veche/ledger/log_verifier.h"
#include "veche/node/http_client.h"
#include "veche/node/observer/observer.h"

namespace veche::app {

struct ServeFlags {
  std::string data_dir = "veche-data";
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  bool quiet = false;        // no access log
  int clock_interval = 60;   // seconds between clock records; 0: none
  double submit_rate = 100;  // records a second each client address may submit (burst: 4x); 0: no limit
  // Bytes of records each author key may submit a day (burst: up to 4 MiB); 0: no limit.
  double author_bytes_per_day = 64.0 * 1024 * 1024;
  double digest_rate = 2;                    // GET /state/digest a second per client address (burst: 5x); 0: no limit
  std::vector<std::string> trusted_proxies;  // IP addresses whose Forwarded / X-Forwarded-For are believed
  bool demo = false;                         // a missing data directory is created with the demo data set
  int demo_citizens = 10'000;
  std::string web_dir = VECHE_WEB_DIST;  // the built web UI (web/dist of the source tree by default)
  bool kiosk = false;                    // serve the kiosk UI at / (it is always at /kiosk)
  bool read_only = false;                // serve reads only, writing nothing to the data directory
};
int RunServe(const ServeFlags& flags);

struct KeygenFlags {
  std::string out;  // writes OUT (private, 0600) and OUT.pub
};
int RunKeygen(const KeygenFlags& flags);

struct InitFlags {
  std::string data_dir = "veche-data";
  std::string origin;  // empty: localhost/veche/<8 hex digits of the node key's hash>
  std::string root_id = "root";
  std::string root_name = "Root territory";
  std::vector<std::string> authority_keys;  // public key files
  core::Charter charter;                    // the root territory's charter
};
int RunInit(const InitFlags& flags);

struct LogKeyFlags {
  std::string data_dir = "veche-data";
};
int RunLogKey(const LogKeyFlags& flags);

struct LogVerifyFlags {
  std::string url;              // the log prefix, e.g. http://127.0.0.1:8080/log/
  std::string key;              // verifier key string
  std::string from_checkpoint;  // optional older checkpoint file
  std::string save_checkpoint;  // optional: write the verified checkpoint here
  bool quiet = false;
};
int RunLogVerify(const LogVerifyFlags& flags);

struct RegistryFlags {
  std::string registry = "veche-registry.db";
  std::string id;
};
// Prints everything stored about a person (for the person's access request) and the commitment
// the log holds; exit 1 if nothing is stored.
int RunRegistryExport(const RegistryFlags& flags);
// Erases a person's data and salt from the registrar's private store; the log is untouched.
int RunRegistryErase(const RegistryFlags& flags);

struct ReplayFlags {
  std::string data_dir = "veche-data";
};
int RunReplay(const ReplayFlags& flags);
// Re-folds the whole log and replaces the state tables (stop the node first).
int RunRebuild(const ReplayFlags& flags);

struct VerifyFlags {
  std::string url;  // the node, e.g. http://127.0.0.1:8080/
  std::string key;  // the node's log verifier key
  bool quiet = false;
};
int RunVerify(const VerifyFlags& flags);

// Splits "HOST:PORT" or "[V6]:PORT". Returns false on malformed input.
bool ParseListenAddress(const std::string& text, std::string* host, std::uint16_t* port);

// Prints what comparing with the node's digest found (the sections that differ, on a mismatch)
// and returns the exit code: 0 the same, 1 different or unreadable, 3 the node has moved on since.
int PrintDigestComparison(const node::DigestComparison& comparison);

}  // namespace veche::app
