// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Test helper: a small world with keys for every role that signs records and applies them to a
// state, keeping the log of what applied. Header-only, for core's tests.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "veche/base/rng.h"
#include "veche/core/apply.h"
#include "veche/core/legislation/due.h"
#include "veche/core/legislation/rules.h"
#include "veche/core/state_codec.h"

namespace veche::core {

// A scenario file of tests/data (assembly/votes.txt, offices/contests.txt): "case <name>" lines,
// each followed by its steps; '#' lines and empty lines are skipped. Each step keeps its line
// number for the failure messages.
using ScenarioCase = std::pair<std::string, std::vector<std::pair<int, std::string>>>;
inline std::vector<ScenarioCase> ReadScenarioCases(const std::string& path) {
  std::ifstream file(path);
  REQUIRE_MESSAGE(file.good(), "cannot open " << path);
  std::vector<ScenarioCase> cases;
  std::string text;
  for (int line_no = 1; std::getline(file, text); ++line_no) {
    if (text.empty() || text[0] == '#') continue;
    if (text.rfind("case ", 0) == 0) {
      cases.emplace_back(text.substr(5), std::vector<std::pair<int, std::string>>{});
    } else {
      REQUIRE_MESSAGE(!cases.empty(), "line " << line_no << " comes before any case");
      cases.back().second.emplace_back(line_no, text);
    }
  }
  return cases;
}

// The state store's stream (state_codec.h): `state` round-trips in any chunking to the same
// digest, and damaged copies (truncated, one byte changed) are refused with kDataLoss or happen to
// decode, never crash.
inline void CheckStateStream(const State& state, std::uint64_t seed = 9) {
  for (size_t chunk_size : {size_t{7}, size_t{100}, size_t{16} << 20}) {
    CAPTURE(chunk_size);
    Bytes stream;
    for (const Bytes& chunk : EncodeState(state, chunk_size)) Append(stream, chunk);
    Result<State> copy = DecodeState(stream);
    REQUIRE_MESSAGE(copy.ok(), copy.status().ToString());
    CHECK(copy->Digest() == state.Digest());
    CHECK(copy->citizen_by_key == state.citizen_by_key);
  }
  Bytes stream;
  for (const Bytes& chunk : EncodeState(state)) Append(stream, chunk);
  FakeRng corrupt(seed);
  for (int trial = 0; trial < 300; ++trial) {
    Bytes bad = stream;
    const bool truncated = trial % 2 == 0;
    if (truncated) {
      bad.resize(corrupt.Uniform(bad.size()));
    } else {
      bad[corrupt.Uniform(bad.size())] ^= static_cast<std::uint8_t>(1 + corrupt.Uniform(255));
    }
    const Result<State> decoded = DecodeState(bad);
    if (truncated) CHECK_FALSE(decoded.ok());
    if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kDataLoss);
  }
}

inline PublicKeyBytes Pk(const crypto::SigningKey& k) {
  return KeyBytes(k.public_key());
}

inline SignatureBytes Sig(const crypto::SigningKey& k, const Bytes& message) {
  auto s = k.Sign(message);
  SignatureBytes out;
  std::memcpy(out.data(), s.data(), 64);
  return out;
}

// A small world: keys for every role, and a log of every entry that applied.
struct World {
  FakeRng rng{2026};
  crypto::SigningKey node = crypto::SigningKey::Generate(rng);
  crypto::SigningKey authority = crypto::SigningKey::Generate(rng);
  crypto::SigningKey registrar = crypto::SigningKey::Generate(rng);
  State state;
  std::vector<Bytes> log;
  UnixMicros time = 1'700'000'000'000'000;

  Status SubmitBytes(RecordKind kind, Bytes payload, const crypto::SigningKey& author) {
    ++time;
    return SubmitSignedAt(kind, std::move(payload), author, time);
  }
  // As the author's device would: signed at `signed_at`, whatever the log's time.
  Status SubmitSignedAt(RecordKind kind, Bytes payload, const crypto::SigningKey& author, UnixMicros signed_at) {
    Record r = SignRecord(state.log_id, kind, std::move(payload), signed_at, author).value();
    Status s = Apply(state, r);
    if (s.ok()) log.push_back(LogEntry{time, r.Encode()}.Encode());
    return s;
  }
  template <typename P>
  Status Submit(RecordKind kind, const P& payload, const crypto::SigningKey& author) {
    return SubmitBytes(kind, EncodePayload(payload), author);
  }

  // The node's clock moves to `to`; then every record due is appended, as Node::Tick does.
  Status Tick(UnixMicros to) {
    time = std::max(time, to);
    VECHE_RETURN_IF_ERROR(Submit(RecordKind::kClock, ClockPayload{to}, node));
    for (int round = 0; round < 8; ++round) {  // as many rounds as Node::AppendDueRecords settles in
      std::vector<DueRecord> due = DueRecords(state);
      if (due.empty()) return OkStatus();
      for (DueRecord& d : due) VECHE_RETURN_IF_ERROR(SubmitBytes(d.kind, std::move(d.payload), node));
    }
    return InternalError("due records did not settle");
  }

  void Genesis() {
    GenesisPayload g;
    g.node_key = Pk(node);
    g.root_id = "union";
    g.root_name = "The Union";
    g.root_kind = TerritoryKind::kUnion;
    g.authorities = {Pk(authority)};
    REQUIRE(Submit(RecordKind::kGenesis, g, node).ok());
  }

  // A one-time enrolment code's key, as the registrar's device would derive it.
  static crypto::SigningKey EnrolmentKey(const std::string& code) { return EnrolmentKeyFromCode(code); }

  Status Enrol(const std::string& id, const std::string& residence, const std::string& code) {
    CitizenEnrolPayload e;
    e.id = id;
    e.residence = residence;
    e.majority_date = 100;
    e.consultative_date = 50;
    e.personal_data = crypto::Sha256Of(AsBytes("salt|" + id));
    e.enrolment_key = Pk(EnrolmentKey(code));
    return Submit(RecordKind::kCitizenEnrol, e, registrar);
  }

  Status Bind(const std::string& id, const std::string& code, const crypto::SigningKey& citizen) {
    return Submit(RecordKind::kCitizenBind, MakeBindPayload(id, EnrolmentKey(code), Pk(citizen)), citizen);
  }

  // genesis, a region and a city, a registrar for the region.
  void Standard() {
    Genesis();
    REQUIRE(Submit(RecordKind::kTerritoryCreate,
                   TerritoryCreatePayload{"north", "union", TerritoryKind::kRegion, "North", {}}, authority)
                .ok());
    REQUIRE(Submit(RecordKind::kTerritoryCreate,
                   TerritoryCreatePayload{"novgorod", "north", TerritoryKind::kCity, "Novgorod", {}}, authority)
                .ok());
    REQUIRE(Submit(RecordKind::kRegistrarAccredit, RegistrarAccreditPayload{Pk(registrar), "north"}, authority).ok());
  }
};

}  // namespace veche::core
