// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The demo data set of `veche serve --demo`: a living People's Assembly in a fresh data directory,
// so that a newcomer sees the system at work at once. Every piece of it is an ordinary signed
// record, sequenced and proved like any other. Its keys (registrar, trustees, citizens) and codes
// are derived from a random secret of its own, kept in the directory (DemoSecretPath, mode 0600):
// nobody who merely reaches a demo node can sign as its registrar or its citizens. Still a demo is
// not a deployment: its authority, registrar and citizens' keys all sit in one directory.
//
// The log starts 35 days in the past under a node clock that moves with it:
//   - a union of republics, regions and cities with collectives, one registrar, and `citizens`
//     citizens (a few of them minors who vote consultatively), all bound to their own keys except
//     a handful whose one-time enrolment codes are kept for a newcomer to enrol in the browser;
//   - a first session of the union and of one republic: tabled, voted and closed, with results
//     (a law now in force, a budget, a referendum question, a republic's law);
//   - a second session, open now: an amendment (with its diff), a law and a budget, about half the
//     electorate having voted so far;
//   - a secret-ballot election open for voting, its key made by three trustees;
//   - a citizens' initiative collecting signatures, below its threshold.
// One file per domain: registry.cc, legislation.cc, election.cc (what they share: builder.h).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "veche/base/clock.h"
#include "veche/base/result.h"
#include "veche/crypto/ed25519.h"
#include "veche/store/stores.h"

namespace veche::demo {

struct DemoOptions {
  int citizens = 10'000;
  int unbound = 20;  // citizens left with a pending enrolment code, for newcomers to use
  UnixMicros now = 0;
  // Called with a line of progress now and then; may be empty.
  std::function<void(const std::string&)> progress;
};

struct DemoEnrolment {
  std::string citizen_id;
  std::string code;
};

struct DemoResult {
  std::uint64_t records = 0;
  std::vector<DemoEnrolment> enrolments;  // pending codes, also written to DemoCodesPath(dir)
};

// Creates `dir` (which must not be initialised) holding the demo log, in the stores
// `open_stores` opens. kAlreadyExists if it is initialised already.
Result<DemoResult> CreateDemo(const std::string& dir, const DemoOptions& options,
                              const store::StoresOpener& open_stores);

// DIR/demo-enrolment-codes.txt: "citizen-id code" lines, mode 0600.
std::string DemoCodesPath(const std::string& dir);
// The pending codes of the demo in `dir` (kNotFound if it is not a demo directory).
Result<std::vector<DemoEnrolment>> ReadDemoCodes(const std::string& dir);

// DIR/demo-secret.txt: the demo's random secret (64 hex digits), mode 0600.
std::string DemoSecretPath(const std::string& dir);
// The key of citizen `citizen_id` of the demo in `dir` (kNotFound if it is not a demo directory).
Result<crypto::SigningKey> DemoCitizenKey(const std::string& dir, const std::string& citizen_id);

}  // namespace veche::demo
