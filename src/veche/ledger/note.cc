// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/ledger/note.h"

#include <cstring>

#include "veche/base/canonical.h"
#include "veche/base/text_codec.h"
#include "veche/crypto/sha256.h"

namespace veche::ledger {
namespace {

constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";

std::string Hex8(std::uint32_t id) {
  std::uint8_t b[4] = {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                       static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  return HexEncode(b);
}

Result<std::uint32_t> ParseHex8(std::string_view text) {
  if (text.size() != 8) return InvalidArgumentError("key ID must be 8 hex digits");
  VECHE_ASSIGN_OR_RETURN(Bytes b, HexDecode(text));
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

// Decodes one UTF-8 code point at `s[i]` (validity already checked); advances i.
std::uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

bool IsUnicodeSpace(std::uint32_t cp) {
  // Go's unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and category Zs.
  if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0) return true;
  return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// UTF-8 with no ASCII control characters other than newline.
Status CheckNoteCharacters(std::string_view text) {
  if (!IsValidUtf8(text)) return InvalidArgumentError("note is not valid UTF-8");
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\n') {
      return InvalidArgumentError("note contains control character 0x" + HexEncode(Bytes{c}) + " at offset " +
                                  std::to_string(i));
    }
  }
  return OkStatus();
}

// The fields of "name+hex8+key" (verifier keys, and signer keys after "PRIVATE+KEY+"). Names and
// key IDs hold no '+'; base64 may, so only the first two '+' separate fields.
struct KeyString {
  std::string name;
  std::uint32_t key_id;
  std::string_view key;
};

Result<KeyString> SplitKeyString(std::string_view text, std::string_view what) {
  size_t first = text.find('+');
  size_t second = first == std::string_view::npos ? first : text.find('+', first + 1);
  if (second == std::string_view::npos) return InvalidArgumentError(std::string(what) + " must be name+hex8+base64");
  KeyString out{std::string(text.substr(0, first)), 0, text.substr(second + 1)};
  if (!IsValidKeyName(out.name)) return InvalidArgumentError(std::string(what) + " has an invalid name");
  VECHE_ASSIGN_OR_RETURN(out.key_id, ParseHex8(text.substr(first + 1, second - first - 1)));
  return out;
}

Result<crypto::PublicKey> DecodeTypedKey(std::string_view b64, NoteKeyType* type) {
  VECHE_ASSIGN_OR_RETURN(Bytes raw, Base64Decode(b64));
  if (raw.empty()) return InvalidArgumentError("verifier key has no key material");
  if (raw[0] != static_cast<std::uint8_t>(NoteKeyType::kEd25519) &&
      raw[0] != static_cast<std::uint8_t>(NoteKeyType::kCosignatureV1)) {
    return InvalidArgumentError("unsupported key type 0x" + HexEncode(ByteView(raw).first(1)));
  }
  *type = static_cast<NoteKeyType>(raw[0]);
  return crypto::PublicKey::FromBytes(ByteView(raw).subspan(1));
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return false;
  for (size_t i = 0; i < name.size();) {
    std::uint32_t cp = NextCodePoint(name, i);
    if (cp == '+' || IsUnicodeSpace(cp) || cp < 0x20) return false;
  }
  return true;
}

std::uint32_t NoteKeyId(std::string_view name, NoteKeyType type, ByteView public_key) {
  crypto::Sha256 h;
  h.Update(AsBytes(name)).Update(std::uint8_t{'\n'}).Update(static_cast<std::uint8_t>(type)).Update(public_key);
  crypto::Sha256Digest d = h.Finish();
  return std::uint32_t{d[0]} << 24 | std::uint32_t{d[1]} << 16 | std::uint32_t{d[2]} << 8 | d[3];
}

Result<Note> ParseNote(std::string_view message) {
  if (message.size() > kMaxNoteSize) {
    return InvalidArgumentError("note is " + std::to_string(message.size()) + " bytes, over the limit of " +
                                std::to_string(kMaxNoteSize));
  }
  VECHE_RETURN_IF_ERROR(CheckNoteCharacters(message));
  if (message.empty() || message.back() != '\n') return InvalidArgumentError("note does not end with a newline");
  size_t split = message.rfind("\n\n");
  if (split == std::string_view::npos) return InvalidArgumentError("note has no blank line before its signatures");
  Note note;
  note.text = std::string(message.substr(0, split + 1));
  std::string_view sigs = message.substr(split + 2);
  if (sigs.empty()) return InvalidArgumentError("note has no signatures");
  size_t line_no = 0;
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');  // present: the message ends with '\n'
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    ++line_no;
    std::string where = "signature line " + std::to_string(line_no);
    if (note.signatures.size() == kMaxNoteSignatures) {
      return InvalidArgumentError("note has more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    }
    if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
      return InvalidArgumentError(where + " does not start with an em dash and a space");
    }
    line.remove_prefix(kSignaturePrefix.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return InvalidArgumentError(where + " has no signature after the key name");
    std::string_view name = line.substr(0, space);
    if (!IsValidKeyName(name)) return InvalidArgumentError(where + " has an invalid key name");
    Result<Bytes> raw = Base64Decode(line.substr(space + 1));
    if (!raw.ok()) return raw.error().WithContext(where);
    if (raw->size() < 5) return InvalidArgumentError(where + " is too short to hold a key ID and a signature");
    NoteSignature sig;
    sig.name = std::string(name);
    sig.key_id =
        std::uint32_t{(*raw)[0]} << 24 | std::uint32_t{(*raw)[1]} << 16 | std::uint32_t{(*raw)[2]} << 8 | (*raw)[3];
    sig.signature.assign(raw->begin() + 4, raw->end());
    note.signatures.push_back(std::move(sig));
  }
  return note;
}

std::string FormatNote(const Note& note) {
  std::string out = note.text + "\n";
  for (const NoteSignature& sig : note.signatures) {
    Bytes raw = {static_cast<std::uint8_t>(sig.key_id >> 24), static_cast<std::uint8_t>(sig.key_id >> 16),
                 static_cast<std::uint8_t>(sig.key_id >> 8), static_cast<std::uint8_t>(sig.key_id)};
    Append(raw, sig.signature);
    out += std::string(kSignaturePrefix) + sig.name + " " + Base64Encode(raw) + "\n";
  }
  return out;
}

std::string CosignatureV1Message(std::string_view text, std::uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(text);
}

NoteVerifier::NoteVerifier(std::string name, NoteKeyType type, crypto::PublicKey key)
    : name_(std::move(name)), type_(type), key_(key), key_id_(NoteKeyId(name_, type, key.bytes())) {}

Result<NoteVerifier> NoteVerifier::Create(std::string name, NoteKeyType type, crypto::PublicKey key) {
  if (!IsValidKeyName(name)) return InvalidArgumentError("invalid key name '" + name + "'");
  return NoteVerifier(std::move(name), type, key);
}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view vkey) {
  VECHE_ASSIGN_OR_RETURN(KeyString parts, SplitKeyString(vkey, "verifier key"));
  NoteKeyType type = NoteKeyType::kEd25519;
  VECHE_ASSIGN_OR_RETURN(crypto::PublicKey key, DecodeTypedKey(parts.key, &type));
  NoteVerifier verifier(std::move(parts.name), type, key);
  if (verifier.key_id() != parts.key_id) return InvalidArgumentError("verifier key ID does not match its name and key");
  return verifier;
}

std::string NoteVerifier::ToString() const {
  Bytes raw = {static_cast<std::uint8_t>(type_)};
  Append(raw, key_.bytes());
  return name_ + "+" + Hex8(key_id_) + "+" + Base64Encode(raw);
}

Status NoteVerifier::Verify(std::string_view text, ByteView signature, std::uint64_t* timestamp) const {
  if (type_ == NoteKeyType::kEd25519) return key_.Verify(AsBytes(text), signature);
  if (signature.size() != 8 + crypto::kEd25519SignatureSize) {
    return UnauthenticatedError("cosignature must be 72 bytes, got " + std::to_string(signature.size()));
  }
  std::uint64_t t = 0;
  for (size_t i = 0; i < 8; ++i) t = t << 8 | signature[i];
  if (t > static_cast<std::uint64_t>(INT64_MAX)) return UnauthenticatedError("cosignature timestamp exceeds 2^63-1");
  VECHE_RETURN_IF_ERROR(key_.Verify(AsBytes(CosignatureV1Message(text, t)), signature.subspan(8)));
  if (timestamp != nullptr) *timestamp = t;
  return OkStatus();
}

NoteSigner::NoteSigner(std::string name, crypto::SigningKey key)
    : name_(std::move(name)),
      key_(std::move(key)),
      key_id_(NoteKeyId(name_, NoteKeyType::kEd25519, key_.public_key().bytes())) {}

Result<NoteSigner> NoteSigner::Create(std::string name, crypto::SigningKey key) {
  if (!IsValidKeyName(name)) return InvalidArgumentError("invalid key name '" + name + "'");
  return NoteSigner(std::move(name), std::move(key));
}

Result<NoteSigner> NoteSigner::Parse(std::string_view skey) {
  if (skey.substr(0, kSignerPrefix.size()) != kSignerPrefix) {
    return InvalidArgumentError("signer key must start with PRIVATE+KEY+");
  }
  skey.remove_prefix(kSignerPrefix.size());
  VECHE_ASSIGN_OR_RETURN(KeyString parts, SplitKeyString(skey, "signer key"));
  VECHE_ASSIGN_OR_RETURN(Bytes raw, Base64Decode(parts.key));
  if (raw.size() != 1 + crypto::kEd25519SeedSize || raw[0] != static_cast<std::uint8_t>(NoteKeyType::kEd25519)) {
    return InvalidArgumentError("signer key must hold 0x01 and a 32-byte Ed25519 seed");
  }
  Result<crypto::SigningKey> key = crypto::SigningKey::FromSeed(ByteView(raw).subspan(1));
  std::fill(raw.begin(), raw.end(), 0);
  VECHE_RETURN_IF_ERROR(key);
  NoteSigner signer(std::move(parts.name), std::move(key).value());
  if (signer.key_id_ != parts.key_id) return InvalidArgumentError("signer key ID does not match its name and key");
  return signer;
}

NoteVerifier NoteSigner::Verifier() const {
  return NoteVerifier::Create(name_, NoteKeyType::kEd25519, key_.public_key()).value();  // name checked at creation
}

std::string NoteSigner::ToString() const {
  Bytes raw = {static_cast<std::uint8_t>(NoteKeyType::kEd25519)};
  Append(raw, key_.seed());
  std::string out = std::string(kSignerPrefix) + name_ + "+" + Hex8(key_id_) + "+" + Base64Encode(raw);
  std::fill(raw.begin(), raw.end(), 0);
  return out;
}

NoteSignature NoteSigner::Sign(std::string_view text) const {
  auto sig = key_.Sign(AsBytes(text));
  return NoteSignature{name_, key_id_, Bytes(sig.begin(), sig.end())};
}

Result<OpenedNote> OpenNote(std::string_view message, std::span<const NoteVerifier> verifiers) {
  VECHE_ASSIGN_OR_RETURN(Note note, ParseNote(message));
  OpenedNote opened;
  for (const NoteSignature& sig : note.signatures) {
    for (const NoteVerifier& v : verifiers) {
      if (v.name() != sig.name || v.key_id() != sig.key_id) continue;
      VerifiedSignature verified{&v, 0};
      Status s = v.Verify(note.text, sig.signature, &verified.timestamp);
      if (!s.ok()) return UnauthenticatedError("signature by known key " + v.name() + " does not verify");
      opened.verified.push_back(verified);
      break;
    }
  }
  if (opened.verified.empty()) return UnauthenticatedError("note has no signature by a known key");
  opened.text = std::move(note.text);
  return opened;
}

}  // namespace veche::ledger
