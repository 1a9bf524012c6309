// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Key files, byte layout in docs/formats/key-file.md. Private key files are created with mode
// 0600 and never overwritten; a private key file that group or others can read is refused.

#include <string>
#include <string_view>

#include "veche/base/result.h"
#include "veche/crypto/ed25519.h"

namespace veche::crypto {

// Largest key file accepted; real ones are ~120 bytes.
constexpr size_t kMaxKeyFileSize = 1024;

std::string EncodePrivateKeyFile(const SigningKey& key);
// Errors: kInvalidArgument naming the line that is wrong, or kDataLoss if the stored public key
// does not match the seed (a corrupted file).
Result<SigningKey> ParsePrivateKeyFile(std::string_view text);

std::string EncodePublicKeyFile(const PublicKey& key);
Result<PublicKey> ParsePublicKeyFile(std::string_view text);

// Creates `path` exclusively with mode 0600 and writes the key, fsynced. kAlreadyExists if the
// file exists (keys are never silently replaced), kUnavailable on other I/O errors.
Status WritePrivateKeyFile(const std::string& path, const SigningKey& key);
// kPermissionDenied if the file has any permission bit for group/others; kNotFound if missing.
Result<SigningKey> ReadPrivateKeyFile(const std::string& path);

Status WritePublicKeyFile(const std::string& path, const PublicKey& key);

// The file handling under private key files, for other secrets (e.g. a log's note signer key):
// created exclusively with mode 0600 and fsynced; read back only if no group/other permission
// bits are set and the file is at most kMaxKeyFileSize bytes.
Status WriteSecretFile(const std::string& path, std::string_view content);
Result<std::string> ReadSecretFile(const std::string& path);
Result<PublicKey> ReadPublicKeyFile(const std::string& path);

}  // namespace veche::crypto
