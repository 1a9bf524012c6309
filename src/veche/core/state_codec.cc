// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/state_codec.h"

#include "veche/core/state_fields.h"

namespace veche::core {

std::vector<Bytes> EncodeState(const State& state, size_t chunk_size) {
  fields::StreamWriter out(chunk_size);
  VisitStateSections(out, state);
  return out.Finish();
}

Result<State> DecodeState(ByteView stream) {
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
