// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/core/fields.h"

namespace veche::core::fields {

void Reader::Id(std::string& s, std::string_view what) {
  if (!ok()) return;
  Result<std::string> r = d_->String(kMaxIdSize);
  if (!r.ok()) return Fail(r.error().WithContext(what));
  if (!IsValidId(*r))
    return Fail(InvalidArgumentError(std::string(what) + " '" + *r + "' is not a valid id ([a-z0-9-], 1..64)"));
  s = std::move(*r);
}

void Reader::OptionalId(std::string& s, std::string_view what) {
  if (!ok()) return;
  Result<std::string> r = d_->String(kMaxIdSize);
  if (!r.ok()) return Fail(r.error().WithContext(what));
  if (!r->empty() && !IsValidId(*r)) return Fail(InvalidArgumentError(std::string(what) + " is not a valid id"));
  s = std::move(*r);
}

void Reader::Name(std::string& s, std::string_view what) {
  if (!ok()) return;
  Result<std::string> r = d_->String(kMaxNameSize);
  if (!r.ok()) return Fail(r.error().WithContext(what));
  if (!IsValidName(*r))
    return Fail(InvalidArgumentError(std::string(what) + " must be 1..200 bytes without control characters"));
  s = std::move(*r);
}

void Reader::String(std::string& s, size_t max, std::string_view) {
  if (!ok()) return;
  Result<std::string> r = d_->String(max);
  if (!r.ok()) return Fail(r.error());
  s = std::move(*r);
}

namespace {

template <typename T, typename Decode>
void ReadChecked(Reader& reader, Decoder& d, size_t size, T& out, Decode&& decode) {
  if (!reader.ok()) return;
  Result<Bytes> b = d.Fixed(size);
  if (!b.ok()) return reader.Fail(b.error());
  Result<T> v = decode(*b);
  if (!v.ok()) return reader.Fail(v.error());
  out = *v;
}

}  // namespace

void Reader::Point(crypto::Point& p, std::string_view what) {
  ReadChecked(*this, *d_, 32, p, [&](const Bytes& b) { return crypto::DecodePoint(b, what); });
}
void Reader::PointOrIdentity(crypto::Point& p, std::string_view what) {
  ReadChecked(*this, *d_, 32, p, [&](const Bytes& b) { return crypto::DecodePointOrIdentity(b, what); });
}
void Reader::Scalar(crypto::Scalar& s, std::string_view what) {
  ReadChecked(*this, *d_, 32, s, [&](const Bytes& b) { return crypto::DecodeScalar(b, what); });
}
void Reader::Proof(crypto::ProofPair& p, std::string_view what) {
  ReadChecked(*this, *d_, crypto::kProofPairSize, p, [&](const Bytes& b) { return crypto::DecodeProof(b, what); });
}

}  // namespace veche::core::fields
