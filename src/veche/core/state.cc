#include "veche/core/state.h"

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

crypto::Sha256Digest State::Digest() const {
  // Streamed into the hash in chunks, so a large state is never encoded whole in memory.
  crypto::Sha256 hash;
  auto flush = [&](Encoder& e) {
    Bytes chunk = e.Finish();
    hash.Update(chunk);
  };
  Encoder e(1);
  e.PutString("veche/state/v1").PutBool(has_genesis).PutFixed(node_key).PutString(root).PutI64(clock).PutU64(records);
  e.PutU64(authorities.size());
  for (const auto& k : authorities) e.PutFixed(k);
  e.PutU64(territories.size());
  for (const auto& [id, t] : territories) {
    e.PutString(id).PutString(t.parent).PutU8(static_cast<std::uint8_t>(t.kind)).PutString(t.name).PutBool(t.dissolved);
    t.charter.EncodeTo(e);
  }
  e.PutU64(collectives.size());
  for (const auto& [id, c] : collectives) {
    e.PutString(id).PutString(c.parent).PutString(c.territory).PutU8(static_cast<std::uint8_t>(c.kind));
    e.PutString(c.name).PutBool(c.dissolved);
  }
  e.PutU64(registrars.size());
  for (const auto& [key, r] : registrars) e.PutFixed(key).PutString(r.territory).PutBool(r.active);
  e.PutU64(citizens.size());
  flush(e);
  for (const auto& [id, c] : citizens) {
    Encoder ce(1);
    ce.PutString(id).PutString(c.residence).PutI64(c.majority_date).PutI64(c.consultative_date);
    ce.PutFixed(c.personal_data).PutBool(c.key.has_value());
    if (c.key) ce.PutFixed(*c.key);
    ce.PutFixed(c.enrolment_key).PutBool(c.enrolment_pending).PutU64(c.collectives.size());
    for (const auto& col : c.collectives) ce.PutString(col);
    ce.PutU8(c.removed ? static_cast<std::uint8_t>(*c.removed) : 0);
    flush(ce);
  }
  return hash.Finish();
}

}  // namespace veche::core
