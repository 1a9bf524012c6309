// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/state_codec.h"

#include <algorithm>

#include "veche/base/canonical.h"
#include "veche/core/election.h"
#include "veche/core/payload_codec.h"

namespace veche::core {
namespace {

constexpr std::uint8_t kStreamVersion = 1;

// Appends to an encoder and cuts it into chunks as it grows.
class ChunkedEncoder {
 public:
  explicit ChunkedEncoder(size_t chunk_size) : chunk_size_(chunk_size) {}
  Encoder& e() { return encoder_; }
  void MaybeCut() {
    if (encoder_.bytes().size() >= chunk_size_) chunks_.push_back(Cut());
  }
  std::vector<Bytes> Finish() {
    chunks_.push_back(Cut());
    return std::move(chunks_);
  }

 private:
  // The encoder starts every chunk with a version byte; only the first chunk keeps it.
  Bytes Cut() {
    Bytes out = encoder_.Finish();
    if (!first_) out.erase(out.begin());
    first_ = false;
    encoder_ = Encoder(kStreamVersion);
    return out;
  }
  size_t chunk_size_;
  bool first_ = true;
  Encoder encoder_{kStreamVersion};
  std::vector<Bytes> chunks_;
};

// A count of items that follow, each at least `min_item` bytes: bounded by what is left, so a
// corrupt count cannot make the decoder allocate or loop beyond its input.
Result<std::uint64_t> GetCountOf(Decoder& d, size_t min_item) {
  VECHE_ASSIGN_OR_RETURN(std::uint64_t n, d.U64());
  if (n > d.remaining() / std::max<size_t>(min_item, 1)) return DataLossError("an item count exceeds the stream");
  return n;
}

constexpr size_t kMaxString = 1 << 16;

template <typename T>
Result<T> GetPayload(Decoder& d) {
  VECHE_ASSIGN_OR_RETURN(Bytes b, d.BytesField(kMaxTextPayloadSize));
  return DecodePayload<T>(b);
}

template <typename T>
Status GetOptionalPayload(Decoder& d, std::optional<T>& out) {
  VECHE_ASSIGN_OR_RETURN(bool present, d.Bool());
  if (present) {
    VECHE_ASSIGN_OR_RETURN(out, GetPayload<T>(d));
  }
  return OkStatus();
}

template <typename T>
void PutOptionalPayload(Encoder& e, const std::optional<T>& p) {
  e.PutBool(p.has_value());
  if (p) e.PutBytes(EncodePayload(*p));
}

void EncodeElections(ChunkedEncoder& out, const State& s) {
  out.e().PutU64(s.elections.size());
  for (const auto& [id, el] : s.elections) {
    Encoder& e = out.e();
    e.PutBytes(EncodePayload(el.spec)).PutU8(static_cast<std::uint8_t>(el.status)).PutU64(el.trustees.size());
    for (const Trustee& t : el.trustees) {
      e.PutFixed(t.key);
      PutOptionalPayload(e, t.commit);
      PutOptionalPayload(e, t.reveal);
      e.PutBool(t.disqualified).PutU64(t.complained.size());
      for (std::uint8_t dealer : t.complained) e.PutU8(dealer);
      e.PutFixed(t.verification_key);
      PutOptionalPayload(e, t.decryption);
    }
    e.PutFixed(el.key).PutU16(el.qual).PutU64(el.running_tally.size());
    for (const crypto::Ciphertext& c : el.Tally()) e.PutFixed(c.alpha).PutFixed(c.beta);
    e.PutU64(el.decryption_order.size());
    for (std::uint32_t l : el.decryption_order) e.PutU32(l);
    PutOptionalPayload(e, el.result);
    out.e().PutU64(el.electorate.size());
    for (const std::string& citizen : el.electorate) {
      out.e().PutString(citizen);
      out.MaybeCut();
    }
    out.e().PutU64(el.ballots.size());
    for (const auto& [citizen, b] : el.ballots) {
      out.e().PutString(citizen).PutFixed(b.tracker).PutU64(b.options.size());
      for (const crypto::Ciphertext& c : b.options) out.e().PutFixed(c.alpha).PutFixed(c.beta);
      out.MaybeCut();
    }
  }
}

Result<crypto::Ciphertext> GetCiphertext(Decoder& d) {
  crypto::Ciphertext c;
  VECHE_ASSIGN_OR_RETURN(c.alpha, codec::GetArray<32>(d));
  VECHE_ASSIGN_OR_RETURN(c.beta, codec::GetArray<32>(d));
  return c;
}

Status DecodeElections(Decoder& d, State& s) {
  VECHE_ASSIGN_OR_RETURN(std::uint64_t n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    Election el;
    VECHE_ASSIGN_OR_RETURN(el.spec, GetPayload<ElectionDefinePayload>(d));
    el.hash = ElectionHashOf(el.spec);
    VECHE_ASSIGN_OR_RETURN(std::uint8_t status, d.U8());
    if (status < 1 || status > 4) return DataLossError("unknown election status");
    el.status = static_cast<ElectionStatus>(status);
    VECHE_ASSIGN_OR_RETURN(std::uint64_t trustees, GetCountOf(d, 36));
    for (std::uint64_t k = 0; k < trustees; ++k) {
      Trustee t;
      VECHE_ASSIGN_OR_RETURN(t.key, codec::GetArray<32>(d));
      VECHE_RETURN_IF_ERROR(GetOptionalPayload(d, t.commit));
      VECHE_RETURN_IF_ERROR(GetOptionalPayload(d, t.reveal));
      VECHE_ASSIGN_OR_RETURN(t.disqualified, d.Bool());
      VECHE_ASSIGN_OR_RETURN(std::uint64_t complained, GetCountOf(d, 1));
      for (std::uint64_t c = 0; c < complained; ++c) {
        VECHE_ASSIGN_OR_RETURN(std::uint8_t dealer, d.U8());
        t.complained.insert(dealer);
      }
      VECHE_ASSIGN_OR_RETURN(t.verification_key, codec::GetArray<32>(d));
      VECHE_RETURN_IF_ERROR(GetOptionalPayload(d, t.decryption));
      el.trustees.push_back(std::move(t));
    }
    VECHE_ASSIGN_OR_RETURN(el.key, codec::GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(el.qual, d.U16());
    VECHE_ASSIGN_OR_RETURN(std::uint64_t options, GetCountOf(d, 64));
    el.running_tally.resize(options);
    for (crypto::CiphertextSum& sum : el.running_tally) {
      VECHE_ASSIGN_OR_RETURN(crypto::Ciphertext c, GetCiphertext(d));
      if (!sum.Add(c.alpha, c.beta)) return DataLossError("a tally point does not decode");
    }
    VECHE_ASSIGN_OR_RETURN(std::uint64_t shares, GetCountOf(d, 4));
    for (std::uint64_t k = 0; k < shares; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::uint32_t l, d.U32());
      el.decryption_order.push_back(l);
    }
    VECHE_RETURN_IF_ERROR(GetOptionalPayload(d, el.result));
    VECHE_ASSIGN_OR_RETURN(std::uint64_t electorate, GetCountOf(d, 4));
    for (std::uint64_t k = 0; k < electorate; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::string citizen, d.String(kMaxString));
      el.electorate.insert(el.electorate.end(), std::move(citizen));  // written in order
    }
    VECHE_ASSIGN_OR_RETURN(std::uint64_t ballots, GetCountOf(d, 44));
    for (std::uint64_t k = 0; k < ballots; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::string citizen, d.String(kMaxString));
      CastBallot b;
      VECHE_ASSIGN_OR_RETURN(b.tracker, codec::GetArray<32>(d));
      VECHE_ASSIGN_OR_RETURN(std::uint64_t cts, GetCountOf(d, 64));
      for (std::uint64_t c = 0; c < cts; ++c) {
        VECHE_ASSIGN_OR_RETURN(crypto::Ciphertext ct, GetCiphertext(d));
        b.options.push_back(ct);
      }
      el.ballots.emplace_hint(el.ballots.end(), std::move(citizen), std::move(b));
    }
    s.elections.emplace(el.spec.id, std::move(el));
  }
  return OkStatus();
}

Status DecodeStream(Decoder& d, State& s) {
  VECHE_RETURN_IF_ERROR(d.Version(kStreamVersion, kStreamVersion).status());
  VECHE_ASSIGN_OR_RETURN(std::uint64_t n, GetCountOf(d, 40));
  for (std::uint64_t i = 0; i < n; ++i) {
    VECHE_ASSIGN_OR_RETURN(TextHash h, codec::GetArray<32>(d));
    VECHE_ASSIGN_OR_RETURN(std::uint64_t index, d.U64());
    s.texts.emplace(h, index);
  }
  VECHE_ASSIGN_OR_RETURN(n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    VECHE_ASSIGN_OR_RETURN(MeasurePayload p, GetPayload<MeasurePayload>(d));
    Measure m;
    m.spec = std::move(p.spec);
    VECHE_ASSIGN_OR_RETURN(m.from_initiative, d.Bool());
    VECHE_ASSIGN_OR_RETURN(std::uint8_t status, d.U8());
    if (status < 1 || status > 4) return DataLossError("unknown measure status");
    m.status = static_cast<MeasureStatus>(status);
    VECHE_ASSIGN_OR_RETURN(m.session, d.U32());
    VECHE_ASSIGN_OR_RETURN(m.rule.quorum_permille, d.U16());
    VECHE_ASSIGN_OR_RETURN(std::uint8_t kind, d.U8());
    if (kind > 2) return DataLossError("unknown majority kind");
    m.rule.majority.kind = static_cast<MajorityKind>(kind);
    VECHE_ASSIGN_OR_RETURN(m.rule.majority.num, d.U16());
    VECHE_ASSIGN_OR_RETURN(m.rule.majority.den, d.U16());
    VECHE_ASSIGN_OR_RETURN(m.rule.double_majority, d.Bool());
    VECHE_ASSIGN_OR_RETURN(m.binding, codec::GetCount(d));
    VECHE_ASSIGN_OR_RETURN(m.consultative, codec::GetCount(d));
    VECHE_ASSIGN_OR_RETURN(std::uint64_t members, GetCountOf(d, 24));
    for (std::uint64_t k = 0; k < members; ++k) {
      VECHE_ASSIGN_OR_RETURN(choice::Count c, codec::GetCount(d));
      m.members.push_back(c);
    }
    VECHE_ASSIGN_OR_RETURN(bool has_result, d.Bool());
    if (has_result) {
      VECHE_ASSIGN_OR_RETURN(m.result, GetPayload<MeasureResultPayload>(d));
    }
    VECHE_ASSIGN_OR_RETURN(std::uint64_t votes, GetCountOf(d, 5));
    for (std::uint64_t k = 0; k < votes; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::string citizen, d.String(kMaxString));
      VECHE_ASSIGN_OR_RETURN(std::uint8_t vote, d.U8());
      if (vote < 1 || vote > 3) return DataLossError("unknown vote choice");
      m.votes.emplace_hint(m.votes.end(), std::move(citizen), static_cast<VoteChoice>(vote));  // written in order
    }
    s.measures.emplace(std::move(p.id), std::move(m));
  }
  VECHE_ASSIGN_OR_RETURN(n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    VECHE_ASSIGN_OR_RETURN(MeasurePayload p, GetPayload<MeasurePayload>(d));
    Initiative in;
    in.spec = std::move(p.spec);
    VECHE_ASSIGN_OR_RETURN(in.filer, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(in.threshold, d.U64());
    VECHE_ASSIGN_OR_RETURN(in.qualified, d.Bool());
    VECHE_ASSIGN_OR_RETURN(std::uint64_t signatures, GetCountOf(d, 4));
    for (std::uint64_t k = 0; k < signatures; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::string citizen, d.String(kMaxString));
      in.signatures.insert(std::move(citizen));
    }
    s.initiatives.emplace(std::move(p.id), std::move(in));
  }
  VECHE_ASSIGN_OR_RETURN(n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    SessionKey key;
    Session ses;
    VECHE_ASSIGN_OR_RETURN(key.first, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(key.second, d.U32());
    VECHE_ASSIGN_OR_RETURN(ses.extraordinary, d.Bool());
    VECHE_ASSIGN_OR_RETURN(ses.closed, d.Bool());
    VECHE_ASSIGN_OR_RETURN(ses.opened_at, d.I64());
    VECHE_ASSIGN_OR_RETURN(ses.closes_at, d.I64());
    for (std::vector<std::string>* list : {&ses.members, &ses.measures}) {
      VECHE_ASSIGN_OR_RETURN(std::uint64_t count, GetCountOf(d, 4));
      for (std::uint64_t k = 0; k < count; ++k) {
        VECHE_ASSIGN_OR_RETURN(std::string item, d.String(kMaxString));
        list->push_back(std::move(item));
      }
    }
    VECHE_ASSIGN_OR_RETURN(ses.binding_electorate, d.U64());
    VECHE_ASSIGN_OR_RETURN(ses.consultative_electorate, d.U64());
    VECHE_ASSIGN_OR_RETURN(std::uint64_t voters, GetCountOf(d, 9));
    ses.electorate.reserve(voters);
    for (std::uint64_t k = 0; k < voters; ++k) {
      VECHE_ASSIGN_OR_RETURN(std::string citizen, d.String(kMaxString));
      Voter v;
      VECHE_ASSIGN_OR_RETURN(v.binding, d.Bool());
      VECHE_ASSIGN_OR_RETURN(v.member, d.U32());
      ses.electorate.emplace(std::move(citizen), v);
    }
    s.sessions.emplace(std::move(key), std::move(ses));
  }
  VECHE_ASSIGN_OR_RETURN(n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    Assembly a;
    VECHE_ASSIGN_OR_RETURN(std::string id, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(a.sessions, d.U32());
    VECHE_ASSIGN_OR_RETURN(a.open_session, d.U32());
    VECHE_ASSIGN_OR_RETURN(a.last_regular_month, d.I64());
    VECHE_ASSIGN_OR_RETURN(a.budget, d.String(kMaxString));
    for (std::set<std::string>* set : {&a.pending, &a.petitions}) {
      VECHE_ASSIGN_OR_RETURN(std::uint64_t count, GetCountOf(d, 4));
      for (std::uint64_t k = 0; k < count; ++k) {
        VECHE_ASSIGN_OR_RETURN(std::string item, d.String(kMaxString));
        set->insert(std::move(item));
      }
    }
    s.assemblies.emplace(std::move(id), std::move(a));
  }
  VECHE_ASSIGN_OR_RETURN(n, GetCountOf(d, 4));
  for (std::uint64_t i = 0; i < n; ++i) {
    Law law;
    VECHE_ASSIGN_OR_RETURN(std::string id, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(law.territory, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(law.title, d.String(kMaxString));
    VECHE_ASSIGN_OR_RETURN(std::uint64_t versions, GetCountOf(d, 44));
    for (std::uint64_t k = 0; k < versions; ++k) {
      LawVersion v;
      VECHE_ASSIGN_OR_RETURN(v.text, codec::GetArray<32>(d));
      VECHE_ASSIGN_OR_RETURN(v.measure, d.String(kMaxString));
      VECHE_ASSIGN_OR_RETURN(v.adopted_at, d.I64());
      law.versions.push_back(std::move(v));
    }
    if (law.versions.empty()) return DataLossError("a law without versions");
    s.laws.emplace(std::move(id), std::move(law));
  }
  // The elections section came later: a stream saved before it ends here.
  if (d.remaining() > 0) VECHE_RETURN_IF_ERROR(DecodeElections(d, s));
  return d.Finish();
}

}  // namespace

std::vector<Bytes> EncodeLegislativeState(const State& s, size_t chunk_size) {
  ChunkedEncoder out(chunk_size);
  out.e().PutU64(s.texts.size());
  for (const auto& [hash, index] : s.texts) {
    out.e().PutFixed(hash).PutU64(index);
    out.MaybeCut();
  }
  out.e().PutU64(s.measures.size());
  for (const auto& [id, m] : s.measures) {
    Encoder& e = out.e();
    e.PutBytes(EncodePayload(MeasurePayload{id, m.spec})).PutBool(m.from_initiative);
    e.PutU8(static_cast<std::uint8_t>(m.status)).PutU32(m.session).PutU16(m.rule.quorum_permille);
    e.PutU8(static_cast<std::uint8_t>(m.rule.majority.kind)).PutU16(m.rule.majority.num).PutU16(m.rule.majority.den);
    e.PutBool(m.rule.double_majority);
    codec::PutCount(e, m.binding);
    codec::PutCount(e, m.consultative);
    e.PutU64(m.members.size());
    for (const auto& c : m.members) codec::PutCount(e, c);
    e.PutBool(m.result.has_value());
    if (m.result) e.PutBytes(EncodePayload(*m.result));
    e.PutU64(m.votes.size());
    for (const auto& [citizen, vote] : m.votes) {
      out.e().PutString(citizen).PutU8(static_cast<std::uint8_t>(vote));
      out.MaybeCut();
    }
  }
  out.e().PutU64(s.initiatives.size());
  for (const auto& [id, in] : s.initiatives) {
    out.e().PutBytes(EncodePayload(MeasurePayload{id, in.spec})).PutString(in.filer).PutU64(in.threshold);
    out.e().PutBool(in.qualified).PutU64(in.signatures.size());
    for (const auto& citizen : in.signatures) {
      out.e().PutString(citizen);
      out.MaybeCut();
    }
  }
  out.e().PutU64(s.sessions.size());
  for (const auto& [key, ses] : s.sessions) {
    Encoder& e = out.e();
    e.PutString(key.first).PutU32(key.second).PutBool(ses.extraordinary).PutBool(ses.closed);
    e.PutI64(ses.opened_at).PutI64(ses.closes_at);
    for (const std::vector<std::string>* list : {&ses.members, &ses.measures}) {
      e.PutU64(list->size());
      for (const auto& item : *list) e.PutString(item);
    }
    e.PutU64(ses.binding_electorate).PutU64(ses.consultative_electorate).PutU64(ses.electorate.size());
    for (const auto& [citizen, v] : ses.electorate) {
      out.e().PutString(citizen).PutBool(v.binding).PutU32(v.member);
      out.MaybeCut();
    }
  }
  out.e().PutU64(s.assemblies.size());
  for (const auto& [id, a] : s.assemblies) {
    Encoder& e = out.e();
    e.PutString(id).PutU32(a.sessions).PutU32(a.open_session).PutI64(a.last_regular_month).PutString(a.budget);
    for (const std::set<std::string>* set : {&a.pending, &a.petitions}) {
      e.PutU64(set->size());
      for (const auto& item : *set) e.PutString(item);
    }
    out.MaybeCut();
  }
  out.e().PutU64(s.laws.size());
  for (const auto& [id, law] : s.laws) {
    Encoder& e = out.e();
    e.PutString(id).PutString(law.territory).PutString(law.title).PutU64(law.versions.size());
    for (const auto& v : law.versions) e.PutFixed(v.text).PutString(v.measure).PutI64(v.adopted_at);
  }
  EncodeElections(out, s);
  return out.Finish();
}

Status DecodeLegislativeState(ByteView stream, State& s) {
  Decoder d(stream);
  Status decoded = DecodeStream(d, s);
  if (!decoded.ok()) return DataLossError("legislative state: " + decoded.message());
  return OkStatus();
}

}  // namespace veche::core
