// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/election/payloads.h"

#include "veche/crypto/sha256.h"

namespace veche::core {

crypto::ElectionHash ElectionHashOf(const ElectionDefinePayload& p) {
  crypto::Sha256 h;
  h.Update(AsBytes("veche/election/v1\n")).Update(EncodePayload(p));
  return h.Finish();
}

std::array<std::uint8_t, 32> BallotTracker(ByteView ballot_payload) {
  crypto::Sha256 h;
  h.Update(AsBytes("veche/ballot-tracker/v1\n")).Update(ballot_payload);
  return h.Finish();
}

}  // namespace veche::core
