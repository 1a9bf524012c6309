// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: signed notes, checkpoints and note keys as they arrive from peers.
// Invariants: nothing crashes; whatever parses re-formats to exactly the input (one text form per
// value), and OpenNote never accepts a note that no known key signed.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "veche/base/rng.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/note.h"

using namespace veche;
using namespace veche::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  static const NoteVerifier verifiers[] = {
      [] {
        FakeRng rng(1);
        return NoteSigner::Create("veche.fuzz/log", crypto::SigningKey::Generate(rng)).value().Verifier();
      }(),
      [] {
        FakeRng rng(2);
        return NoteVerifier::Create("witness.fuzz/w", NoteKeyType::kCosignatureV1,
                                    crypto::SigningKey::Generate(rng).public_key())
            .value();
      }(),
  };
  std::string text(reinterpret_cast<const char*>(data), size);

  if (Result<Note> note = ParseNote(text); note.ok()) {
    if (FormatNote(*note) != text) std::abort();
    // Random bytes cannot carry a valid Ed25519 signature by our keys.
    if (OpenNote(text, verifiers).ok()) std::abort();
  }
  if (Result<Checkpoint> cp = ParseCheckpoint(text); cp.ok()) {
    if (cp->ToText() != text) std::abort();
  }
  if (Result<NoteVerifier> v = NoteVerifier::Parse(text); v.ok()) {
    if (v->ToString() != text) std::abort();
  }
  if (Result<NoteSigner> s = NoteSigner::Parse(text); s.ok()) {
    if (s->ToString() != text) std::abort();
  }
  return 0;
}
