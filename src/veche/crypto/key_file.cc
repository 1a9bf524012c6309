// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/crypto/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "veche/base/text_codec.h"

namespace veche::crypto {
namespace {

constexpr std::string_view kPrivateHeader = "veche-key-v1 ed25519-private";
constexpr std::string_view kPublicHeader = "veche-key-v1 ed25519-public";

// Splits `text` into lines terminated by '\n'; fails if the last line is unterminated or if the
// line count differs from `expected`.
Result<std::vector<std::string_view>> SplitLines(std::string_view text, size_t expected) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return InvalidArgumentError("key file does not end with a newline");
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  if (lines.size() != expected) {
    return InvalidArgumentError("key file has " + std::to_string(lines.size()) + " lines, expected " +
                                std::to_string(expected));
  }
  return lines;
}

Result<Bytes> ParseField(std::string_view line, std::string_view name, size_t line_no, size_t size) {
  std::string prefix = std::string(name) + ": ";
  if (line.substr(0, prefix.size()) != prefix) {
    return InvalidArgumentError("key file line " + std::to_string(line_no) + " should start with '" + prefix + "'");
  }
  Result<Bytes> value = Base64Decode(line.substr(prefix.size()));
  if (!value.ok()) return value.error().WithContext("key file line " + std::to_string(line_no));
  if (value->size() != size) {
    return InvalidArgumentError("key file line " + std::to_string(line_no) + " holds " + std::to_string(value->size()) +
                                " bytes, expected " + std::to_string(size));
  }
  return value;
}

Status ErrnoStatus(int err, const std::string& what) {
  std::string message = what + ": " + std::strerror(err);
  if (err == ENOENT) return NotFoundError(message);
  if (err == EEXIST) return AlreadyExistsError(message);
  if (err == EACCES || err == EPERM) return PermissionDeniedError(message);
  return UnavailableError(message);
}

Status WriteNewFile(const std::string& path, std::string_view content, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus(errno, "cannot create " + path);
  // open() applies the umask; force the intended mode regardless.
  Status status;
  if (::fchmod(fd, mode) != 0) status = ErrnoStatus(errno, "cannot set mode of " + path);
  size_t written = 0;
  while (status.ok() && written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      status = ErrnoStatus(errno, "cannot write " + path);
    else
      written += static_cast<size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoStatus(errno, "cannot sync " + path);
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

// Reads a small file whole. `secret`: refuse it if group/others have any access.
Result<std::string> ReadSmallFile(const std::string& path, bool secret) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "cannot open " + path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = ErrnoStatus(errno, "cannot stat " + path);
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(path + " is not a regular file");
  }
  if (secret && (st.st_mode & 077) != 0) {
    ::close(fd);
    return PermissionDeniedError("secret file " + path + " is accessible by group or others; run: chmod 600 " + path);
  }
  if (st.st_size > static_cast<off_t>(kMaxKeyFileSize)) {
    ::close(fd);
    return InvalidArgumentError(path + " is larger than " + std::to_string(kMaxKeyFileSize) + " bytes: not a key file");
  }
  std::string content(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < content.size()) {
    ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  content.resize(got);
  return content;
}

void Wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
}

}  // namespace

std::string EncodePrivateKeyFile(const SigningKey& key) {
  return std::string(kPrivateHeader) + "\nseed: " + Base64Encode(key.seed()) +
         "\npublic: " + Base64Encode(key.public_key().bytes()) + "\n";
}

Result<SigningKey> ParsePrivateKeyFile(std::string_view text) {
  VECHE_ASSIGN_OR_RETURN(auto lines, SplitLines(text, 3));
  if (lines[0] != kPrivateHeader) {
    return InvalidArgumentError("key file line 1 should be '" + std::string(kPrivateHeader) + "'");
  }
  VECHE_ASSIGN_OR_RETURN(Bytes seed, ParseField(lines[1], "seed", 2, kEd25519SeedSize));
  VECHE_ASSIGN_OR_RETURN(Bytes stored_public, ParseField(lines[2], "public", 3, kEd25519PublicKeySize));
  Result<SigningKey> key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  VECHE_RETURN_IF_ERROR(key);
  if (!Equal(key->public_key().bytes(), stored_public)) {
    return DataLossError("key file is corrupted: its public key does not match its seed");
  }
  return key;
}

std::string EncodePublicKeyFile(const PublicKey& key) {
  return std::string(kPublicHeader) + "\npublic: " + Base64Encode(key.bytes()) + "\n";
}

Result<PublicKey> ParsePublicKeyFile(std::string_view text) {
  VECHE_ASSIGN_OR_RETURN(auto lines, SplitLines(text, 2));
  if (lines[0] != kPublicHeader) {
    return InvalidArgumentError("key file line 1 should be '" + std::string(kPublicHeader) + "'");
  }
  VECHE_ASSIGN_OR_RETURN(Bytes key, ParseField(lines[1], "public", 2, kEd25519PublicKeySize));
  return PublicKey::FromBytes(key);
}

Status WritePrivateKeyFile(const std::string& path, const SigningKey& key) {
  std::string text = EncodePrivateKeyFile(key);
  Status status = WriteSecretFile(path, text);
  Wipe(text);
  return status;
}

Result<SigningKey> ReadPrivateKeyFile(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(std::string text, ReadSecretFile(path));
  Result<SigningKey> key = ParsePrivateKeyFile(text);
  Wipe(text);
  if (!key.ok()) return key.error().WithContext(path);
  return key;
}

Status WriteSecretFile(const std::string& path, std::string_view content) {
  return WriteNewFile(path, content, 0600);
}

Result<std::string> ReadSecretFile(const std::string& path) {
  return ReadSmallFile(path, /*secret=*/true);
}

Status WritePublicKeyFile(const std::string& path, const PublicKey& key) {
  return WriteNewFile(path, EncodePublicKeyFile(key), 0644);
}

Result<PublicKey> ReadPublicKeyFile(const std::string& path) {
  VECHE_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, /*secret=*/false));
  Result<PublicKey> key = ParsePublicKeyFile(text);
  if (!key.ok()) return key.error().WithContext(path);
  return key;
}

}  // namespace veche::crypto
