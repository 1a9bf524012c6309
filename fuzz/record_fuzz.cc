// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: records, log entries and every payload decoder, and Apply on a small state.
// Invariants: nothing crashes; a payload that decodes re-encodes to the same bytes (the encoding
// is canonical); Apply on any payload either applies or refuses with a Status, and a refusal
// leaves the state's digest as it was.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "veche/base/rng.h"
#include "veche/core/apply.h"
#include "veche/core/assembly.h"
#include "veche/core/election.h"

using namespace veche;
using namespace veche::core;

namespace {

template <typename T>
void RoundTrip(ByteView bytes) {
  Result<T> decoded = DecodePayload<T>(bytes);
  if (decoded.ok() && EncodePayload(*decoded) != Bytes(bytes.begin(), bytes.end())) std::abort();
}

void RoundTripPayload(RecordKind kind, ByteView p) {
  switch (kind) {
    case RecordKind::kGenesis: return RoundTrip<GenesisPayload>(p);
    case RecordKind::kClock: return RoundTrip<ClockPayload>(p);
    case RecordKind::kTerritoryCreate: return RoundTrip<TerritoryCreatePayload>(p);
    case RecordKind::kTerritoryRename:
    case RecordKind::kCollectiveRename: return RoundTrip<RenamePayload>(p);
    case RecordKind::kTerritoryDissolve:
    case RecordKind::kCollectiveDissolve:
    case RecordKind::kInitiativeSign:
    case RecordKind::kInitiativeWithdraw:
    case RecordKind::kSessionPetition: return RoundTrip<IdPayload>(p);
    case RecordKind::kCollectiveCreate: return RoundTrip<CollectiveCreatePayload>(p);
    case RecordKind::kRegistrarAccredit: return RoundTrip<RegistrarAccreditPayload>(p);
    case RecordKind::kRegistrarRevoke: return RoundTrip<RegistrarRevokePayload>(p);
    case RecordKind::kCitizenEnrol: return RoundTrip<CitizenEnrolPayload>(p);
    case RecordKind::kCitizenBind: return RoundTrip<CitizenBindPayload>(p);
    case RecordKind::kCitizenRotateKey: return RoundTrip<CitizenRotateKeyPayload>(p);
    case RecordKind::kCitizenRecover: return RoundTrip<CitizenRecoverPayload>(p);
    case RecordKind::kCitizenMove: return RoundTrip<CitizenMovePayload>(p);
    case RecordKind::kCitizenJoinCollective:
    case RecordKind::kCitizenLeaveCollective: return RoundTrip<CitizenCollectivePayload>(p);
    case RecordKind::kCitizenRemove: return RoundTrip<CitizenRemovePayload>(p);
    case RecordKind::kText: return RoundTrip<TextPayload>(p);
    case RecordKind::kMeasureTable:
    case RecordKind::kInitiativeFile: return RoundTrip<MeasurePayload>(p);
    case RecordKind::kSessionOpen: return RoundTrip<SessionOpenPayload>(p);
    case RecordKind::kSessionClose: return RoundTrip<SessionClosePayload>(p);
    case RecordKind::kVote: return RoundTrip<VotePayload>(p);
    case RecordKind::kMeasureResult: return RoundTrip<MeasureResultPayload>(p);
    case RecordKind::kElectionDefine: return RoundTrip<ElectionDefinePayload>(p);
    case RecordKind::kTrusteeCommit: return RoundTrip<TrusteeCommitPayload>(p);
    case RecordKind::kTrusteeReveal: return RoundTrip<TrusteeRevealPayload>(p);
    case RecordKind::kTrusteeComplaint: return RoundTrip<TrusteeComplaintPayload>(p);
    case RecordKind::kElectionOpen: return RoundTrip<ElectionOpenPayload>(p);
    case RecordKind::kBallot: return RoundTrip<BallotPayload>(p);
    case RecordKind::kElectionClose: return RoundTrip<ElectionClosePayload>(p);
    case RecordKind::kDecryptionShare: return RoundTrip<DecryptionSharePayload>(p);
    case RecordKind::kElectionResult: return RoundTrip<ElectionResultPayload>(p);
  }
}

PublicKeyBytes Pk(const crypto::SigningKey& k) {
  return KeyBytes(k.public_key());
}

// A union with one member, a registrar, a citizen, a text, a tabled law and an open session.
struct World {
  FakeRng rng{1};
  crypto::SigningKey node = crypto::SigningKey::Generate(rng);
  crypto::SigningKey authority = crypto::SigningKey::Generate(rng);
  crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
  crypto::SigningKey citizen = crypto::SigningKey::Generate(rng);
  State state;
  UnixMicros time = 1'700'000'000'000'000;

  template <typename P>
  void Add(RecordKind kind, const P& payload, const crypto::SigningKey& key) {
    if (!Apply(state, SignRecord(kind, EncodePayload(payload), ++time, key).value()).ok()) std::abort();
  }
  World() {
    GenesisPayload g;
    g.node_key = Pk(node);
    g.root_id = "union";
    g.root_name = "Union";
    g.authorities = {Pk(authority)};
    Add(RecordKind::kGenesis, g, node);
    Add(RecordKind::kTerritoryCreate, TerritoryCreatePayload{"east", "union", TerritoryKind::kRepublic, "East", {}},
        authority);
    Add(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(registrar), "union"}, authority);
    crypto::SigningKey enrolment = EnrolmentKeyFromCode("code");
    CitizenEnrolPayload e;
    e.id = "ann";
    e.residence = "east";
    e.enrolment_key = Pk(enrolment);
    Add(RecordKind::kCitizenEnrol, e, registrar);
    Add(RecordKind::kCitizenBind, MakeBindPayload("ann", enrolment, Pk(citizen)), citizen);
    Add(RecordKind::kText, TextPayload{"A law."}, authority);
    MeasureSpec spec;
    spec.territory = "union";
    spec.title = "Act";
    spec.text = TextHashOf("A law.");
    Add(RecordKind::kMeasureTable, MeasurePayload{"act", spec}, authority);
    Add(RecordKind::kClock, ClockPayload{time + 1}, node);
    for (DueRecord& d : DueRecords(state)) {
      if (!Apply(state, SignRecord(d.kind, std::move(d.payload), ++time, node).value()).ok()) std::abort();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  (void)DecodeRecord(ByteView(data, size));
  (void)DecodeLogEntry(ByteView(data, size));
  if (size < 2) return 0;
  // First byte: the kind (by index among the known kinds); second: who signs; the rest: payload.
  static const RecordKind kKinds[] = {RecordKind::kGenesis,
                                      RecordKind::kClock,
                                      RecordKind::kTerritoryCreate,
                                      RecordKind::kTerritoryRename,
                                      RecordKind::kTerritoryDissolve,
                                      RecordKind::kCollectiveCreate,
                                      RecordKind::kCollectiveRename,
                                      RecordKind::kCollectiveDissolve,
                                      RecordKind::kRegistrarAccredit,
                                      RecordKind::kRegistrarRevoke,
                                      RecordKind::kCitizenEnrol,
                                      RecordKind::kCitizenBind,
                                      RecordKind::kCitizenRotateKey,
                                      RecordKind::kCitizenRecover,
                                      RecordKind::kCitizenMove,
                                      RecordKind::kCitizenJoinCollective,
                                      RecordKind::kCitizenLeaveCollective,
                                      RecordKind::kCitizenRemove,
                                      RecordKind::kText,
                                      RecordKind::kMeasureTable,
                                      RecordKind::kInitiativeFile,
                                      RecordKind::kInitiativeSign,
                                      RecordKind::kInitiativeWithdraw,
                                      RecordKind::kSessionPetition,
                                      RecordKind::kSessionOpen,
                                      RecordKind::kSessionClose,
                                      RecordKind::kVote,
                                      RecordKind::kMeasureResult,
                                      RecordKind::kElectionDefine,
                                      RecordKind::kTrusteeCommit,
                                      RecordKind::kTrusteeReveal,
                                      RecordKind::kTrusteeComplaint,
                                      RecordKind::kElectionOpen,
                                      RecordKind::kBallot,
                                      RecordKind::kElectionClose,
                                      RecordKind::kDecryptionShare,
                                      RecordKind::kElectionResult};
  RecordKind kind = kKinds[data[0] % (sizeof kKinds / sizeof kKinds[0])];
  ByteView payload(data + 2, size - 2);
  RoundTripPayload(kind, payload);

  static World world;
  const crypto::SigningKey* signers[] = {&world.node, &world.authority, &world.registrar, &world.citizen};
  const crypto::SigningKey& signer = *signers[data[1] % 4];
  Result<Record> record = SignRecord(kind, Bytes(payload.begin(), payload.end()), 1, signer);
  if (!record.ok()) return 0;  // over the payload limit
  State state = world.state;
  crypto::Sha256Digest before = state.Digest();
  if (!Apply(state, *record).ok() && state.Digest() != before) std::abort();  // a refusal changed the state
  return 0;
}
