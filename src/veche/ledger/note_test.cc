// SPDX-License-Identifier: AGPL-3.0-or-later
#include <doctest/doctest.h>

#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/ledger/checkpoint.h"
#include "veche/ledger/note.h"

namespace veche::ledger {
namespace {

// golang.org/x/mod/sumdb/note's documented example key and note (used as data).
constexpr std::string_view kGoVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
constexpr std::string_view kGoSigLine =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
// The C2SP signed-note specification's example.
constexpr std::string_view kSpecVkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
constexpr std::string_view kSpecNote =
    "This is an example message.\n\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

std::string GoNote() {
  return std::string(kGoText) + "\n" + std::string(kGoSigLine);
}

TEST_CASE("signing reproduces the Go reference note byte for byte, and keys round-trip") {
  NoteSigner signer = NoteSigner::Parse(kGoSkey).value();
  CHECK(signer.ToString() == kGoSkey);
  CHECK(signer.Verifier().ToString() == kGoVkey);
  Note note{std::string(kGoText), {signer.Sign(kGoText)}};
  CHECK(FormatNote(note) == GoNote());
}

TEST_CASE("the reference notes open with their verifier keys") {
  NoteVerifier go = NoteVerifier::Parse(kGoVkey).value();
  auto opened = OpenNote(GoNote(), std::span(&go, 1));
  REQUIRE(opened.ok());
  CHECK(opened->text == kGoText);
  NoteVerifier spec = NoteVerifier::Parse(kSpecVkey).value();
  CHECK(spec.key_id() == 0x530d903a);
  CHECK(OpenNote(kSpecNote, std::span(&spec, 1)).ok());
}

TEST_CASE("opening ignores unknown keys, rejects a bad signature by a known key and needs one known key") {
  NoteVerifier go = NoteVerifier::Parse(kGoVkey).value();
  FakeRng rng(3);
  NoteSigner other = NoteSigner::Create("other.example/log", crypto::SigningKey::Generate(rng)).value();
  NoteSigner impostor = NoteSigner::Create("PeterNeumann", crypto::SigningKey::Generate(rng)).value();

  // An unknown key's signature beside the known one is ignored.
  Note both{std::string(kGoText), {other.Sign(kGoText), NoteSigner::Parse(kGoSkey).value().Sign(kGoText)}};
  auto opened = OpenNote(FormatNote(both), std::span(&go, 1));
  REQUIRE(opened.ok());
  CHECK(opened->verified.size() == 1);

  // Same name, different key ID: unknown, ignored; with nothing else signed, the note is refused.
  Note only_impostor{std::string(kGoText), {impostor.Sign(kGoText)}};
  CHECK(OpenNote(FormatNote(only_impostor), std::span(&go, 1)).error().message() ==
        "note has no signature by a known key");

  // The known key's name and ID with a wrong signature: refused outright.
  Note forged{std::string(kGoText), {NoteSigner::Parse(kGoSkey).value().Sign(kGoText)}};
  forged.signatures[0].signature[10] ^= 1;
  Note forged_plus_other = forged;
  forged_plus_other.signatures.push_back(other.Sign(kGoText));
  NoteVerifier both_keys[] = {go, other.Verifier()};
  CHECK(OpenNote(FormatNote(forged_plus_other), both_keys).error().code() == StatusCode::kUnauthenticated);

  // A changed text no longer verifies.
  std::string tampered = GoNote();
  tampered[0] = 'i';
  CHECK_FALSE(OpenNote(tampered, std::span(&go, 1)).ok());
}

TEST_CASE("malformed notes are refused with a reason") {
  NoteVerifier go = NoteVerifier::Parse(kGoVkey).value();
  std::string good = GoNote();
  const std::string cases[] = {
      "",
      std::string(kGoText),                                              // no signatures
      good.substr(0, good.size() - 1),                                   // no final newline
      std::string(kGoText) + "\n",                                       // blank line but no signature lines
      std::string(kGoText) + "\n- PeterNeumann AAAA\n",                  // ASCII dash
      std::string(kGoText) + "\n\xE2\x80\x94 PeterNeumann\n",            // no signature
      std::string(kGoText) + "\n\xE2\x80\x94 PeterNeumann AAA=\n",       // too short
      std::string(kGoText) + "\n\xE2\x80\x94 Peter+Neumann AAAAAAAA\n",  // '+' in name
      std::string(kGoText) + "\n\xE2\x80\x94 PeterNeumann !!!!\n",       // bad base64
      "a\tb\n\n" + std::string(kGoSigLine),                              // control character
      "\xff\n\n" + std::string(kGoSigLine),                              // invalid UTF-8
      std::string(kMaxNoteSize + 1, 'a'),                                // oversized
  };
  for (const std::string& c : cases) {
    CAPTURE(c);
    CHECK_FALSE(OpenNote(c, std::span(&go, 1)).ok());
  }
  std::string many = std::string(kGoText) + "\n";
  for (size_t i = 0; i <= kMaxNoteSignatures; ++i) many += kGoSigLine;
  CHECK(ParseNote(many).error().message().find("more than 100") != std::string::npos);
}

TEST_CASE("verifier and signer key strings are checked") {
  CHECK_FALSE(NoteVerifier::Parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());  // id
  CHECK_FALSE(NoteVerifier::Parse("PeterNeumann+c74f20a3").ok());
  CHECK_FALSE(NoteVerifier::Parse("PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());  // type
  CHECK_FALSE(NoteVerifier::Parse("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
  CHECK_FALSE(NoteSigner::Parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").ok());
  CHECK_FALSE(NoteSigner::Parse("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").ok());
  CHECK(IsValidKeyName("example.com/log"));
  CHECK(IsValidKeyName("\xd0\xb2\xd0\xb5\xd1\x87\xd0\xb5.example/log"));
  CHECK_FALSE(IsValidKeyName("a b"));
  CHECK_FALSE(
      IsValidKeyName("a\xc2\xa0"
                     "b"));  // no-break space
  CHECK_FALSE(IsValidKeyName("a+b"));
  CHECK_FALSE(IsValidKeyName(""));
}

TEST_CASE("a tlog-cosignature/v1 verifies with its timestamp and fails when anything changes") {
  FakeRng rng(9);
  crypto::SigningKey witness_key = crypto::SigningKey::Generate(rng);
  NoteVerifier witness =
      NoteVerifier::Create("witness.example/w1", NoteKeyType::kCosignatureV1, witness_key.public_key()).value();
  CHECK(NoteVerifier::Parse(witness.ToString()).value().key_id() == witness.key_id());
  std::string text = "example.com/log\n5\n" + Base64Encode(EmptyRoot()) + "\n";
  std::uint64_t t = 1679315147;
  auto sig = witness_key.Sign(AsBytes(CosignatureV1Message(text, t)));
  Bytes raw;
  for (int s = 56; s >= 0; s -= 8) raw.push_back(static_cast<std::uint8_t>(t >> s));
  Append(raw, sig);
  Note note{text, {NoteSignature{"witness.example/w1", witness.key_id(), raw}}};
  auto opened = OpenNote(FormatNote(note), std::span(&witness, 1));
  REQUIRE(opened.ok());
  CHECK(opened->verified[0].timestamp == t);
  CHECK(CosignatureV1Message("x\n", 7) == "cosignature/v1\ntime 7\nx\n");

  note.signatures[0].signature[7] ^= 1;  // another timestamp
  CHECK_FALSE(OpenNote(FormatNote(note), std::span(&witness, 1)).ok());
}

TEST_CASE("checkpoints format and parse strictly") {
  Checkpoint cp{"veche.example/log", 70000, LeafHash(AsBytes("x")), {"ext one"}};
  std::string text = cp.ToText();
  CHECK(ParseCheckpoint(text).value() == cp);
  std::string root = Base64Encode(cp.root);
  const std::string bad[] = {
      "",
      "o\n1\n",
      "\n1\n" + root + "\n",
      "o\n01\n" + root + "\n",
      "o\n-1\n" + root + "\n",
      "o\n18446744073709551616\n" + root + "\n",
      "o\n1\n" + root.substr(4) + "\n",
      "o\n1\nAAAA\n",
      "o\n1\n" + root + "\n\n",
      "o\n1\n" + root,
  };
  for (const std::string& b : bad) {
    CAPTURE(b);
    CHECK_FALSE(ParseCheckpoint(b).ok());
  }
  CHECK(ParseCheckpoint("o\n18446744073709551615\n" + root + "\n").value().size == UINT64_MAX);
}

}  // namespace
}  // namespace veche::ledger
