#include "veche/core/state.h"

#include <algorithm>

#include "veche/base/canonical.h"

namespace veche::core {

bool State::InScope(const std::string& scope, const std::string& territory) const {
  std::string at = territory;
  for (size_t depth = 0; depth <= territories.size(); ++depth) {  // bounded: the tree has no cycles
    if (at == scope) return true;
    auto it = territories.find(at);
    if (it == territories.end() || it->second.parent.empty()) return false;
    at = it->second.parent;
  }
  return false;
}

std::vector<std::pair<std::string, crypto::Sha256Digest>> State::SectionDigests() const {
  // Each section is streamed into its own hash in chunks, so a large state is never encoded whole.
  std::vector<std::pair<std::string, crypto::Sha256Digest>> out;
  auto section = [&](const char* name, auto&& fill) {
    crypto::Sha256 hash;
    auto flush = [&](Encoder& e) { hash.Update(e.Finish()); };
    Encoder head(1);
    head.PutString(std::string("veche/state/") + name);
    flush(head);
    fill(flush);
    out.emplace_back(name, hash.Finish());
  };
  section("meta", [&](auto& flush) {
    Encoder e(1);
    e.PutBool(has_genesis).PutFixed(node_key).PutString(root).PutI64(clock).PutU64(records);
    e.PutU64(authorities.size());
    for (const auto& k : authorities) e.PutFixed(k);
    flush(e);
  });
  section("territories", [&](auto& flush) {
    for (const auto& [id, t] : territories) {
      Encoder e(1);
      e.PutString(id)
          .PutString(t.parent)
          .PutU8(static_cast<std::uint8_t>(t.kind))
          .PutString(t.name)
          .PutBool(t.dissolved);
      t.charter.EncodeTo(e);
      flush(e);
    }
  });
  section("collectives", [&](auto& flush) {
    for (const auto& [id, c] : collectives) {
      Encoder e(1);
      e.PutString(id).PutString(c.parent).PutString(c.territory).PutU8(static_cast<std::uint8_t>(c.kind));
      e.PutString(c.name).PutBool(c.dissolved);
      flush(e);
    }
  });
  section("registrars", [&](auto& flush) {
    for (const auto& [key, r] : registrars) {
      Encoder e(1);
      e.PutFixed(key).PutString(r.territory).PutBool(r.active);
      flush(e);
    }
  });
  section("citizens", [&](auto& flush) {
    for (const auto& [id, c] : citizens) {
      Encoder e(1);
      e.PutString(id).PutString(c.residence).PutI64(c.majority_date).PutI64(c.consultative_date);
      e.PutFixed(c.personal_data).PutBool(c.key.has_value());
      if (c.key) e.PutFixed(*c.key);
      e.PutFixed(c.enrolment_key).PutBool(c.enrolment_pending).PutU64(c.collectives.size());
      for (const auto& col : c.collectives) e.PutString(col);
      e.PutU8(c.removed ? static_cast<std::uint8_t>(*c.removed) : 0);
      flush(e);
    }
  });
  section("applied", [&](auto& flush) {
    // Which records were applied, at which index: what duplicate detection depends on.
    std::vector<std::pair<std::uint64_t, RecordId>> by_index;
    by_index.reserve(applied.size());
    for (const auto& [id, index] : applied) by_index.emplace_back(index, id);
    std::sort(by_index.begin(), by_index.end());
    Encoder e(1);
    for (const auto& [index, id] : by_index) {
      e.PutU64(index).PutFixed(id);
      if (e.bytes().size() > 64 * 1024) flush(e), e = Encoder(1);
    }
    flush(e);
  });
  return out;
}

crypto::Sha256Digest State::CombineSections(const std::vector<std::pair<std::string, crypto::Sha256Digest>>& sections) {
  Encoder e(1);
  e.PutString("veche/state/v2");
  for (const auto& [name, digest] : sections) e.PutString(name).PutFixed(digest);
  return crypto::Sha256Of(e.Finish());
}

}  // namespace veche::core
