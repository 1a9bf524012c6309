// SPDX-License-Identifier: AGPL-3.0-or-later
// Completes tests/data/records/vectors.json with one vector for every kind in the kinds table
// that has none yet. The browser's kinds have vectors built from fields (web/test/make-vectors.mjs
// writes those); every other kind takes the payload of its first record in the golden log
// (tests/data/golden/log.hex), re-signed by a key from a public seed label at a fixed time, so
// the vector pins the payload's bytes, the record's bytes and its id.
//   veche_record_vectors SOURCE_DIR    rewrites SOURCE_DIR/tests/data/records/vectors.json

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/core/kinds.h"

using namespace veche;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: veche_record_vectors SOURCE_DIR\n";
    return 2;
  }
  const std::string root = argv[1];
  const std::string path = root + "/tests/data/records/vectors.json";
  std::ifstream in(path);
  nlohmann::ordered_json vectors = nlohmann::ordered_json::parse(in);
  std::set<std::string> have;
  for (const auto& v : vectors) have.insert(v.at("kind").get<std::string>());
  std::ifstream log(root + "/tests/data/golden/log.hex");
  size_t index = 0;
  for (std::string line; std::getline(log, line); ++index) {
    core::Record r = core::DecodeEntry(HexDecode(line).value()).value();
    const std::string name(core::RecordKindName(r.kind));
    if (have.count(name)) continue;
    have.insert(name);
    const std::string label = "veche-test-vector/" + name;
    const UnixMicros author_time = 1795000000000000 + static_cast<int>(r.kind);
    crypto::SigningKey key = crypto::SigningKey::FromSeed(crypto::Sha256().Update(AsBytes(label)).Finish()).value();
    core::Record signed_again = core::SignRecord(r.kind, r.payload, author_time, key).value();
    nlohmann::ordered_json v;
    v["kind"] = name;
    v["seed_label"] = label;
    v["author_time"] = std::to_string(author_time);
    v["payload_from"] = "tests/data/golden/log.hex, entry " + std::to_string(index);
    v["payload"] = HexEncode(r.payload);
    v["record"] = HexEncode(signed_again.Encode());
    v["record_id"] = HexEncode(signed_again.Id());
    vectors.push_back(v);
  }
  for (const core::KindInfo& k : core::Kinds()) {
    if (!have.count(std::string(k.name))) std::cerr << "no record of kind " << k.name << " in the golden log\n";
  }
  std::ofstream(path) << vectors.dump(2) << "\n";
  std::cout << "vectors: " << vectors.size() << " in " << path << "\n";
  return 0;
}
