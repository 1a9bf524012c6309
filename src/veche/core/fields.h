// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// Field lists, written once. Every payload (and every entity of the state, core/state_fields.h)
// lists its fields in encoding order in one static member template,
//
//   struct RenamePayload {
//     std::string id, name;
//     template <typename V, typename Self> static void Fields(V& v, Self& p) {
//       v.Id(p.id, "id");
//       v.Name(p.name, "name");
//     }
//   };
//
// called with Self = const T by the writers and Self = T by the reader, so one list gives the
// canonical encoding (docs/formats/encoding.md) and the strict decoding that refuses everything
// else. What a list may ask of a visitor:
//   Int(x)                       u8/u16/u32/u64/i64 by the C++ type; Bool(b) as 0 or 1
//   Fixed(a)                     a std::array<uint8_t, N>: exactly N bytes
//   Id, OptionalId, Name         strings checked as core/common.h says (`what` names the field)
//   String(s, max, what)         UTF-8 of at most `max` bytes
//   Enum(e, min, max, what)      a one-byte enum whose values lie in [min, max]
//   Point, PointOrIdentity, Scalar, Proof   ristretto255 values, checked when read
//   Count<W>(n, min, max, msg)   a list's length as a W; msg(n) is the error for one out of range
//   Resize(list, n)              the reader sizes a list it is about to fill; writers leave it
//   Check(fn)                    the reader calls fn() -> Status once what it needs is read
//   Nested(x)                    x's own field list (X::Fields)
//   Payload(x)                   a whole payload as a bytes field, with its own version byte
//   Optional(opt, fn)            a bool, then fn(value) when it is true
// The reader stops at the first error: every later call does nothing, counts read as 0, and
// Finish() returns that error. Nothing here allocates more than the input allows.

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "veche/base/canonical.h"
#include "veche/core/common.h"
#include "veche/crypto/elgamal.h"
#include "veche/crypto/group.h"

namespace veche::core {

constexpr std::uint8_t kPayloadVersion = 1;

namespace fields {

// The usual message for a list length out of range: "<what> must be 1..50, not 51".
inline auto CountMessage(std::string_view what, size_t min, size_t max) {
  return [what, min, max](size_t n) {
    return std::string(what) + " must be " + std::to_string(min) + ".." + std::to_string(max) + ", not " +
           std::to_string(n);
  };
}

// Writes a field list to an Encoder.
class Writer {
 public:
  static constexpr bool kReading = false;
  explicit Writer(Encoder& e) : e_(&e) {}

  template <typename T>
  void Int(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      e_->PutBool(v);
    } else if constexpr (std::is_same_v<T, std::uint8_t>) {
      e_->PutU8(v);
    } else if constexpr (std::is_same_v<T, std::uint16_t>) {
      e_->PutU16(v);
    } else if constexpr (std::is_same_v<T, std::uint32_t>) {
      e_->PutU32(v);
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      e_->PutU64(v);
    } else {
      static_assert(std::is_same_v<T, std::int64_t>, "an integer field is u8, u16, u32, u64, i64 or bool");
      e_->PutI64(v);
    }
  }
  void Bool(const bool& v) { e_->PutBool(v); }
  template <size_t N>
  void Fixed(const std::array<std::uint8_t, N>& a) {
    e_->PutFixed(ByteView(a.data(), N));
  }
  void Id(const std::string& s, std::string_view) { e_->PutString(s); }
  void OptionalId(const std::string& s, std::string_view) { e_->PutString(s); }
  void Name(const std::string& s, std::string_view) { e_->PutString(s); }
  void String(const std::string& s, size_t, std::string_view) { e_->PutString(s); }
  template <typename E>
  void Enum(const E& v, std::uint8_t, std::uint8_t, std::string_view) {
    e_->PutU8(static_cast<std::uint8_t>(v));
  }
  void Point(const crypto::Point& p, std::string_view) { Fixed(p); }
  void PointOrIdentity(const crypto::Point& p, std::string_view) { Fixed(p); }
  void Scalar(const crypto::Scalar& s, std::string_view) { Fixed(s); }
  void Proof(const crypto::ProofPair& p, std::string_view) {
    Fixed(p.c);
    Fixed(p.v);
  }
  template <typename W, typename Message>
  void Count(const size_t& n, size_t, size_t, Message&&) {
    Int(static_cast<W>(n));
  }
  template <typename List>
  void Resize(const List&, size_t) {}
  template <typename F>
  void Check(F&&) {}
  template <typename T>
  void Nested(const T& x) {
    T::Fields(*this, x);
  }
  template <typename T>
  void Payload(const T& x);
  template <typename T, typename F>
  void Optional(const std::optional<T>& opt, F&& each) {
    e_->PutBool(opt.has_value());
    if (opt) each(*opt);
  }

  Encoder& encoder() { return *e_; }

 private:
  Encoder* e_;
};

// Reads a field list strictly from a Decoder; the first error sticks (see the file comment).
class Reader {
 public:
  static constexpr bool kReading = true;
  explicit Reader(Decoder& d) : d_(&d) {}

  template <typename T>
  void Int(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      Take(d_->Bool(), v);
    } else if constexpr (std::is_same_v<T, std::uint8_t>) {
      Take(d_->U8(), v);
    } else if constexpr (std::is_same_v<T, std::uint16_t>) {
      Take(d_->U16(), v);
    } else if constexpr (std::is_same_v<T, std::uint32_t>) {
      Take(d_->U32(), v);
    } else if constexpr (std::is_same_v<T, std::uint64_t>) {
      Take(d_->U64(), v);
    } else {
      static_assert(std::is_same_v<T, std::int64_t>, "an integer field is u8, u16, u32, u64, i64 or bool");
      Take(d_->I64(), v);
    }
  }
  void Bool(bool& v) { Int(v); }
  template <size_t N>
  void Fixed(std::array<std::uint8_t, N>& a) {
    if (!ok()) return;
    Result<Bytes> b = d_->Fixed(N);
    if (!b.ok()) return Fail(b.error());
    std::memcpy(a.data(), b->data(), N);
  }
  void Id(std::string& s, std::string_view what);
  void OptionalId(std::string& s, std::string_view what);
  void Name(std::string& s, std::string_view what);
  void String(std::string& s, size_t max, std::string_view what);
  template <typename E>
  void Enum(E& v, std::uint8_t min, std::uint8_t max, std::string_view what) {
    std::uint8_t raw = 0;
    Int(raw);
    if (!ok()) return;
    if (raw < min || raw > max)
      return Fail(InvalidArgumentError("unknown " + std::string(what) + " " + std::to_string(raw)));
    v = static_cast<E>(raw);
  }
  void Point(crypto::Point& p, std::string_view what);
  void PointOrIdentity(crypto::Point& p, std::string_view what);
  void Scalar(crypto::Scalar& s, std::string_view what);
  void Proof(crypto::ProofPair& p, std::string_view what);
  template <typename W, typename Message>
  void Count(size_t& n, size_t min, size_t max, Message&& message) {
    W raw = 0;
    Int(raw);
    n = ok() ? static_cast<size_t>(raw) : 0;
    if (ok() && (n < min || n > max)) {
      Fail(InvalidArgumentError(message(n)));
      n = 0;
    }
  }
  template <typename List>
  void Resize(List& list, size_t n) {
    if (ok()) list.resize(n);
  }
  template <typename F>
  void Check(F&& check) {
    if (ok()) Fail(check());
  }
  template <typename T>
  void Nested(T& x) {
    T::Fields(*this, x);
  }
  template <typename T>
  void Payload(T& x);
  template <typename T, typename F>
  void Optional(std::optional<T>& opt, F&& each) {
    bool present = false;
    Int(present);
    if (!ok() || !present) return;
    opt.emplace();
    each(*opt);
  }

  bool ok() const { return error_.ok(); }
  const Status& error() const { return error_; }
  void Fail(Status s) {
    if (ok() && !s.ok()) error_ = std::move(s);
  }
  Decoder& decoder() { return *d_; }

 private:
  template <typename T>
  void Take(Result<T> r, T& out) {
    if (!ok()) return;
    if (!r.ok()) return Fail(r.error());
    out = *r;
  }
  Decoder* d_;
  Status error_;
};

}  // namespace fields

// The canonical payload of any type with a field list: the version byte, then its fields.
template <typename T>
Bytes EncodePayload(const T& p) {
  Encoder e(kPayloadVersion);
  fields::Writer w(e);
  T::Fields(w, p);
  return e.Finish();
}

// Strict decoding: the version, every field as its list says, no trailing bytes.
template <typename T>
Result<T> DecodePayload(ByteView bytes) {
  Decoder d(bytes);
  VECHE_RETURN_IF_ERROR(d.Version(kPayloadVersion, kPayloadVersion).status().WithContext("payload version"));
  T out;
  fields::Reader r(d);
  T::Fields(r, out);
  VECHE_RETURN_IF_ERROR(r.error());
  VECHE_RETURN_IF_ERROR(d.Finish());
  return out;
}

namespace fields {

template <typename T>
void Writer::Payload(const T& x) {
  e_->PutBytes(EncodePayload(x));
}

template <typename T>
void Reader::Payload(T& x) {
  if (!ok()) return;
  Result<Bytes> b = d_->BytesField(d_->remaining());
  if (!b.ok()) return Fail(b.error());
  Result<T> decoded = DecodePayload<T>(*b);
  if (!decoded.ok()) return Fail(decoded.error());
  x = std::move(*decoded);
}

}  // namespace fields
}  // namespace veche::core
