// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// C2SP signed-note: text signed by one or more keys, key IDs, verifier-key strings
// ("name+hex8+base64(type||key)") and Go-compatible signer-key strings
// ("PRIVATE+KEY+name+hex8+base64(0x01||seed)"). Ed25519 note signatures (type 0x01) are made and
// verified; C2SP tlog-cosignature/v1 (type 0x04, timestamped Ed25519) are verified.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veche/base/bytes.h"
#include "veche/base/result.h"
#include "veche/crypto/ed25519.h"

namespace veche::ledger {

// Notes above this size are refused before parsing (a checkpoint with 100 cosignatures is ~12 KiB).
constexpr size_t kMaxNoteSize = 64 * 1024;
// Signature lines above this count are refused (C2SP requires accepting at least 16).
constexpr size_t kMaxNoteSignatures = 100;

enum class NoteKeyType : std::uint8_t { kEd25519 = 0x01, kCosignatureV1 = 0x04 };

struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  Bytes signature;  // what follows the 4-byte key ID
};

struct Note {
  std::string text;  // ends with '\n'
  std::vector<NoteSignature> signatures;
};

// Non-empty, valid UTF-8, no Unicode spaces, no '+'.
bool IsValidKeyName(std::string_view name);
// SHA-256(name || 0x0A || type || public key)[:4], big-endian.
std::uint32_t NoteKeyId(std::string_view name, NoteKeyType type, ByteView public_key);

// Splits a signed note into text and signature lines and checks the C2SP syntax (UTF-8, no control
// characters but newline, "— name base64" lines). Signatures are not verified here.
Result<Note> ParseNote(std::string_view message);
std::string FormatNote(const Note& note);

// "cosignature/v1\ntime <t>\n" || checkpoint text: what a tlog-cosignature/v1 signs.
std::string CosignatureV1Message(std::string_view text, std::uint64_t timestamp);

class NoteVerifier {
 public:
  // Parses "name+hex8+base64(type||32-byte key)"; the key ID must match the name and key.
  static Result<NoteVerifier> Parse(std::string_view vkey);
  // Contract: IsValidKeyName(name) (checked: kInvalidArgument otherwise).
  static Result<NoteVerifier> Create(std::string name, NoteKeyType type, crypto::PublicKey key);

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  NoteKeyType type() const { return type_; }
  const crypto::PublicKey& public_key() const { return key_; }
  std::string ToString() const;

  // OK if `signature` (without key ID) is this key's valid signature of `text`. For cosignatures
  // it is the 8-byte big-endian timestamp followed by the Ed25519 signature; `*timestamp` receives
  // the timestamp when not null.
  Status Verify(std::string_view text, ByteView signature, std::uint64_t* timestamp = nullptr) const;

 private:
  NoteVerifier(std::string name, NoteKeyType type, crypto::PublicKey key);
  std::string name_;
  NoteKeyType type_;
  crypto::PublicKey key_;
  std::uint32_t key_id_;
};

// An Ed25519 (type 0x01) note signer.
class NoteSigner {
 public:
  static Result<NoteSigner> Create(std::string name, crypto::SigningKey key);
  // Parses Go's x/mod/sumdb/note signer key string; the key ID must match.
  static Result<NoteSigner> Parse(std::string_view skey);

  const std::string& name() const { return name_; }
  NoteVerifier Verifier() const;
  // The Ed25519 key itself, for a node that signs its own records with its log key (records are
  // domain-separated from notes, so one key serves both safely).
  const crypto::SigningKey& signing_key() const { return key_; }
  // The signer key string. Secret: never log it.
  std::string ToString() const;
  NoteSignature Sign(std::string_view text) const;

 private:
  NoteSigner(std::string name, crypto::SigningKey key);
  std::string name_;
  crypto::SigningKey key_;
  std::uint32_t key_id_;
};

struct VerifiedSignature {
  const NoteVerifier* verifier;  // points into the span given to OpenNote
  std::uint64_t timestamp = 0;   // cosignatures only
};

struct OpenedNote {
  std::string text;
  std::vector<VerifiedSignature> verified;
};

// Parses and verifies a signed note by C2SP rules: signatures whose (name, key ID) matches no
// known verifier are ignored; a signature by a known key that fails to verify rejects the note
// (kUnauthenticated); at least one known key must have signed (kUnauthenticated otherwise).
Result<OpenedNote> OpenNote(std::string_view message, std::span<const NoteVerifier> verifiers);

}  // namespace veche::ledger
