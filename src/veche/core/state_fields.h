// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The state written once: each domain lists the fields of its sections (registry/state.cc,
// legislation/state.cc, election/state.cc) for three visitors, so the digest observers compare
// and the snapshot a node keeps in its state store (docs/formats/state-store.md) can never
// disagree about what the state holds:
//   DigestWriter  hashes every section as docs/formats/record.md ("State digest") lays it out
//   StreamWriter  writes the snapshot stream, cut into chunks
//   StreamReader  reads it back strictly (kDataLoss on anything malformed, never a crash)
// Beyond core/fields.h, a section's list may ask:
//   Section(name, fn)       a named section (the digest hashes each on its own)
//   Item(fn)                one entity: the digest starts a fresh encoding (a version byte) for it
//   Cut()                   a point where long lists may be cut: the digest then flushes what it
//                           has past 64 KiB and starts again with a version byte, the stream may
//                           end a chunk (readers see the chunks concatenated)
//   SnapshotCount(n, min)   the number of items that follow, in the stream only (the digest's
//                           layout predates the stream and has none); `min` is an item's least size
//   Length<W>(n, min)       a list's length as a W, in both; readers bound it by what is left
//   SnapshotOnly(fn)        fields the digest leaves out (they follow from what it covers)

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "veche/core/fields.h"
#include "veche/crypto/sha256.h"

namespace veche::core::fields {

using SectionDigest = std::pair<std::string, crypto::Sha256Digest>;

class DigestWriter : public Writer {
 public:
  DigestWriter() : Writer(encoder_) {}
  template <typename F>
  void Section(const char* name, F&& fill) {
    hash_ = crypto::Sha256();
    Encoder head(1);
    head.PutString(std::string("veche/state/") + name);
    hash_.Update(head.Finish());
    fill();
    sections_.emplace_back(name, hash_.Finish());
  }
  template <typename F>
  void Item(F&& fill) {
    encoder_ = Encoder(1);
    fill();
    hash_.Update(encoder_.Finish());
  }
  void Cut() {
    if (encoder_.bytes().size() > 64 * 1024) {
      hash_.Update(encoder_.Finish());
      encoder_ = Encoder(1);
    }
  }
  void SnapshotCount(const size_t&, size_t) {}
  template <typename W>
  void Length(const size_t& n, size_t) {
    Int(static_cast<W>(n));
  }
  template <typename F>
  void SnapshotOnly(F&&) {}
  std::vector<SectionDigest> TakeSections() { return std::move(sections_); }

 private:
  Encoder encoder_{1};
  crypto::Sha256 hash_;
  std::vector<SectionDigest> sections_;
};

class StreamWriter : public Writer {
 public:
  // 4: the offices sections; 5: contests, charter fields; 6: meetings' subjects, two charter
  // fields; 7: holder_ratings.
  static constexpr std::uint8_t kStreamVersion = 8;
  explicit StreamWriter(size_t chunk_size) : Writer(encoder_), chunk_size_(chunk_size) {}
  template <typename F>
  void Section(const char* name, F&& fill) {
    encoder_.PutString(name);
    fill();
  }
  template <typename F>
  void Item(F&& fill) {
    encoder_.PutU8(1);
    fill();
    Cut();
  }
  void Cut() {
    if (encoder_.bytes().size() >= chunk_size_) chunks_.push_back(TakeChunk());
  }
  void SnapshotCount(const size_t& n, size_t) { encoder_.PutU64(n); }
  template <typename W>
  void Length(const size_t& n, size_t) {
    Int(static_cast<W>(n));
  }
  template <typename F>
  void SnapshotOnly(F&& fill) {
    fill();
  }
  std::vector<Bytes> Finish() {
    chunks_.push_back(TakeChunk());
    return std::move(chunks_);
  }

 private:
  // Every chunk after the first drops the version byte a fresh encoder starts with.
  Bytes TakeChunk() {
    Bytes out = encoder_.Finish();
    if (!first_) out.erase(out.begin());
    first_ = false;
    encoder_ = Encoder(kStreamVersion);
    return out;
  }
  Encoder encoder_{kStreamVersion};
  size_t chunk_size_;
  bool first_ = true;
  std::vector<Bytes> chunks_;
};

class StreamReader : public Reader {
 public:
  explicit StreamReader(Decoder& d) : Reader(d) {}
  template <typename F>
  void Section(const char* name, F&& fill) {
    std::string found;
    String(found, 64, "section name");
    if (ok() && found != name)
      Fail(DataLossError("expected section '" + std::string(name) + "', found '" + found + "'"));
    fill();
  }
  template <typename F>
  void Item(F&& fill) {
    std::uint8_t version = 0;
    Int(version);
    if (ok() && version != 1) Fail(DataLossError("an item's version is " + std::to_string(version)));
    fill();
  }
  void Cut() {}
  void SnapshotCount(size_t& n, size_t min_item) {
    std::uint64_t raw = 0;
    Int(raw);
    n = Bounded(raw, min_item);
  }
  template <typename W>
  void Length(size_t& n, size_t min_item) {
    W raw = 0;
    Int(raw);
    n = Bounded(raw, min_item);
  }
  template <typename F>
  void SnapshotOnly(F&& fill) {
    fill();
  }

 private:
  // A count of items of at least `min_item` bytes each is bounded by what is left of the input,
  // so a corrupt count can make the reader neither allocate nor loop beyond it.
  size_t Bounded(std::uint64_t n, size_t min_item) {
    if (!ok()) return 0;
    if (n > decoder().remaining() / std::max<size_t>(min_item, 1)) {
      Fail(DataLossError("an item count exceeds the stream"));
      return 0;
    }
    return static_cast<size_t>(n);
  }
};

// The items of a sorted map, in key order: `each(key, value)` lists one item's fields. Readers
// insert what they read (the digest check after loading catches anything out of order).
template <typename V, typename Map, typename F>
void MapItems(V& v, Map& map, size_t min_item, F&& each) {
  size_t n = map.size();
  v.SnapshotCount(n, min_item);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      typename Map::key_type key{};
      typename Map::mapped_type value{};
      v.Item([&] { each(key, value); });
      if (v.ok()) map.emplace_hint(map.end(), std::move(key), std::move(value));
    }
  } else {
    for (auto& entry : map) v.Item([&] { each(entry.first, entry.second); });
  }
}

// A sorted set of strings (citizen ids, measure ids) with a Length<W> prefix, cut after each
// element when `cut` (long lists: signatures, petitions, electorates).
template <typename W, typename V, typename Set>
void StringSet(V& v, Set& set, bool cut) {
  size_t n = set.size();
  v.template Length<W>(n, 4);
  if constexpr (V::kReading) {
    for (size_t i = 0; i < n && v.ok(); ++i) {
      std::string item;
      v.String(item, 1 << 16, "id");
      if (cut) v.Cut();
      if (v.ok()) set.insert(set.end(), std::move(item));
    }
  } else {
    for (const std::string& item : set) {
      v.String(item, 1 << 16, "id");
      if (cut) v.Cut();
    }
  }
}

// A list of strings in order with a Length<W> prefix.
template <typename W, typename V, typename List>
void StringList(V& v, List& list) {
  size_t n = list.size();
  v.template Length<W>(n, 4);
  v.Resize(list, n);
  for (auto& item : list) v.String(item, 1 << 16, "id");
}

// A list of entities in order with a u32 Length prefix: `each(item)` lists one item's fields.
template <typename V, typename List, typename F>
void ListItems(V& v, List& list, size_t min_item, F&& each) {
  size_t n = list.size();
  v.template Length<std::uint32_t>(n, min_item);
  v.Resize(list, n);
  for (auto& item : list) each(item);
}

}  // namespace veche::core::fields
