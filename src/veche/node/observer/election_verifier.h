// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// An independent check of one secret-ballot election (docs/formats/election.md, §8), as
// `veche verify-election` runs it: mirror and replay the node's log, then re-check every step of
// the election with crypto's verifiers, without reading the core's Election — the trustees'
// proofs, complaints and QUAL, the joint key, ballot signatures, eligibility and the voting window,
// range proofs, the last-ballot rule, the homomorphic sum, decryption proofs, and the Lagrange
// combination of the announced counts — and last compare the replayed digest with the node's.

#include <optional>
#include <string>
#include <vector>

#include "veche/node/observer/observer.h"

namespace veche::node {

struct ElectionCheck {
  enum class Outcome { kOk, kFail, kSkip };  // kSkip: a step not reached yet, or the reason why not
  Outcome outcome = Outcome::kOk;
  std::string text;
};

struct ElectionReport {
  std::vector<ElectionCheck> checks;  // numbered from 1 in this order; 14 for a decided election
  // Compared just before the last check, which reports it.
  std::optional<DigestComparison> digest;
  // True once every step the election has reached was checked (the report's verdict is final);
  // false when the log, the election record, or the opening or close stopped the checks early.
  bool complete = false;
  bool failed() const;
};

// Never fails as a call: what goes wrong is a failed check. The first check is the log itself.
ElectionReport VerifyElection(HttpClient& client, const std::string& base, const ledger::NoteVerifier& key,
                              const std::string& election);

}  // namespace veche::node
