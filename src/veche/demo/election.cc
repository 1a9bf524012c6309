// SPDX-License-Identifier: AGPL-3.0-or-later
// The demo's secret-ballot election, open now: the chair of the union council, four candidates,
// three trustees of whom any two decrypt, ballots from about 3% of the citizens. The trustees'
// keys and the generator of their secrets and the ballots' nonces derive from the demo's secret:
// whoever holds the demo directory can decrypt its ballots, so demo ballots are not secret.
#include "veche/demo/builder.h"

#include "veche/core/election/payloads.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"

namespace veche::demo {

Status AddElection(Builder& b) {
  // A secret-ballot election, open now. Three trustees (any two decrypt) made its key.
  b.Say("demo: a secret-ballot election with three trustees");
  core::ElectionDefinePayload council;
  council.id = "council-2026";
  council.territory = "union";
  council.title = "Chair of the Union Council";
  council.options = {"Anna Volkova", "Boris Orlov", "Vera Sokolova", "Gleb Lebedev"};
  council.limit = 1;
  council.opens_at = b.clock.Now() + 60 * kSecond;
  council.closes_at = b.now + 7 * kDay;
  council.threshold = 2;
  std::vector<crypto::SigningKey> trustees;
  std::vector<core::TrusteeSecrets> secrets;
  const crypto::Sha256Digest seed = b.secrets.Derive("election-rng", council.id);
  std::uint64_t seed_bits = 0;
  for (int i = 0; i < 8; ++i) seed_bits = seed_bits << 8 | seed[i];
  FakeRng election_rng(seed_bits);
  for (int t = 1; t <= 3; ++t) {
    trustees.push_back(b.secrets.Key("trustee", std::to_string(t)));
    council.trustees.push_back(core::KeyBytes(trustees.back().public_key()));
    secrets.push_back(core::GenerateTrusteeSecrets(council.threshold, election_rng));
  }
  b.feed.Add(core::RecordKind::kElectionDefine, council, b.authority);
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  for (bool reveal : {false, true}) {  // every trustee commits before any reveals
    for (std::uint32_t t = 1; t <= trustees.size(); ++t) {
      Status made = b.node.ReadState([&](const core::State& st) -> Status {
        if (reveal) {
          VECHE_ASSIGN_OR_RETURN(core::TrusteeRevealPayload p,
                                 core::MakeTrusteeReveal(st, council.id, t, secrets[t - 1], election_rng));
          b.feed.Add(core::RecordKind::kTrusteeReveal, p, trustees[t - 1]);
        } else {
          VECHE_ASSIGN_OR_RETURN(core::TrusteeCommitPayload p,
                                 core::MakeTrusteeCommit(st, council.id, t, secrets[t - 1], election_rng));
          b.feed.Add(core::RecordKind::kTrusteeCommit, p, trustees[t - 1]);
        }
        return OkStatus();
      });
      VECHE_RETURN_IF_ERROR(made);
    }
    VECHE_RETURN_IF_ERROR(b.feed.Flush());
  }
  b.clock.Set(council.opens_at);
  VECHE_RETURN_IF_ERROR(b.node.Tick().status());
  for (size_t i = 0; i < b.citizens.size(); i += 31) {  // about 3% have voted so far
    if (!b.citizens[i].adult) continue;
    crypto::SigningKey key = b.secrets.CitizenKey(b.citizens[i].id);
    std::vector<std::uint8_t> marks(council.options.size(), 0);
    marks[b.rng.Uniform(marks.size())] = 1;
    Result<core::BallotPayload> ballot = b.node.ReadState([&](const core::State& st) {
      return core::MakeBallot(st, council.id, core::KeyBytes(key.public_key()), marks, election_rng);
    });
    VECHE_RETURN_IF_ERROR(ballot.status());
    b.feed.Add(core::RecordKind::kBallot, *ballot, key);
  }
  VECHE_RETURN_IF_ERROR(b.feed.Flush());
  return OkStatus();
}

}  // namespace veche::demo
