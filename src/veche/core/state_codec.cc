// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/state_codec.h"

#include <algorithm>

#include "veche/core/state_fields.h"
#include "veche/crypto/sha256.h"

namespace veche::core {

namespace {

constexpr size_t kChecksumSize = 32;

}  // namespace

std::vector<Bytes> EncodeState(const State& state, size_t chunk_size) {
  fields::StreamWriter out(chunk_size);
  VisitStateSections(out, state);
  std::vector<Bytes> chunks = out.Finish();
  crypto::Sha256 checksum;
  for (const Bytes& chunk : chunks) checksum.Update(chunk);
  const crypto::Sha256Digest sum = checksum.Finish();
  chunks.back().insert(chunks.back().end(), sum.begin(), sum.end());
  return chunks;
}

Result<State> DecodeState(ByteView whole) {
  // The trailing checksum covers what the digest leaves out (the ballots' ciphertexts): a byte
  // damaged anywhere in storage is caught here, not only where the digest looks.
  if (whole.size() < kChecksumSize) return DataLossError("state stream: too short to hold its checksum");
  const ByteView stream = whole.first(whole.size() - kChecksumSize);
  const crypto::Sha256Digest sum = crypto::Sha256().Update(stream).Finish();
  if (!std::equal(sum.begin(), sum.end(), whole.end() - kChecksumSize)) {
    return DataLossError("state stream: its checksum does not match (damaged in storage)");
  }
  Decoder d(stream);
  Result<std::uint8_t> version = d.Version(fields::StreamWriter::kStreamVersion, fields::StreamWriter::kStreamVersion);
  if (!version.ok()) return DataLossError("state stream: " + version.error().message());
  State state;
  fields::StreamReader in(d);
  VisitStateSections(in, state);
  Status read = in.error();
  if (read.ok()) read = d.Finish();
  if (!read.ok()) return DataLossError("state stream: " + read.message());
  return state;
}

}  // namespace veche::core
