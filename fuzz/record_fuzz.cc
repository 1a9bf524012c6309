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
#include "veche/core/election/due.h"
#include "veche/core/election/payloads.h"
#include "veche/core/election/rules.h"
#include "veche/core/election/trustee.h"
#include "veche/core/election/voter.h"
#include "veche/core/kinds.h"
#include "veche/core/legislation/due.h"
#include "veche/core/legislation/rules.h"

using namespace veche;
using namespace veche::core;

namespace {

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
    if (!Apply(state, SignRecord(state.log_id, kind, EncodePayload(payload), ++time, key).value()).ok()) std::abort();
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
      if (!Apply(state, SignRecord(state.log_id, d.kind, std::move(d.payload), ++time, node).value()).ok()) {
        std::abort();
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  (void)DecodeRecord(ByteView(data, size));
  (void)DecodeLogEntry(ByteView(data, size));
  if (size < 2) return 0;
  // First byte: the kind (by index in the kinds table); second: who signs; the rest: payload.
  const std::span<const KindInfo> kinds = Kinds();
  const KindInfo& kind_info = kinds[data[0] % kinds.size()];
  const RecordKind kind = kind_info.kind;
  ByteView payload(data + 2, size - 2);
  if (!kind_info.round_trips(payload)) std::abort();  // the encoding is canonical

  static World world;
  const crypto::SigningKey* signers[] = {&world.node, &world.authority, &world.registrar, &world.citizen};
  const crypto::SigningKey& signer = *signers[data[1] % 4];
  Result<Record> record = SignRecord(world.state.log_id, kind, Bytes(payload.begin(), payload.end()), 1, signer);
  if (!record.ok()) return 0;  // over the payload limit
  State state = world.state;
  crypto::Sha256Digest before = state.Digest();
  if (!Apply(state, *record).ok() && state.Digest() != before) std::abort();  // a refusal changed the state
  return 0;
}
