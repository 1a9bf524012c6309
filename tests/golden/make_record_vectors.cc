// SPDX-License-Identifier: AGPL-3.0-or-later
// Completes tests/data/records/vectors.json with one vector for every kind in the kinds table
// that has none yet. The browser's kinds have vectors built from fields (web/test/make-vectors.mjs
// writes those); every other kind takes the payload of its first record in the golden log
// (tests/data/golden/log.hex), re-signed by a key from a public seed label at a fixed time, so
// the vector pins the payload's bytes, the record's bytes and its id.
//   veche_record_vectors SOURCE_DIR                  adds the kinds found in the golden log
//   veche_record_vectors SOURCE_DIR KIND PAYLOAD_HEX  adds a vector of a kind the golden log
//                                                    predates, from a payload (a new kind's test
//                                                    can print one with HexEncode(EncodePayload(p)))
// Either way it rewrites SOURCE_DIR/tests/data/records/vectors.json, keeping each vector's kind,
// seed, time and payload and signing it again, so the file follows the record format: every vector
// names the log SHA-256("veche-test-vector/log") (a genesis names none).

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/core/kinds.h"

using namespace veche;

namespace {

core::LogId VectorLog(core::RecordKind kind) {
  return kind == core::RecordKind::kGenesis ? core::kNoLog : crypto::Sha256Of(AsBytes("veche-test-vector/log"));
}

// Signs vector `v` (kind, seed_label, author_time, payload) again: sets its log, record and id.
void Sign(nlohmann::ordered_json& v, core::RecordKind kind) {
  const std::string label = v["seed_label"];
  crypto::SigningKey key = crypto::SigningKey::FromSeed(crypto::Sha256().Update(AsBytes(label)).Finish()).value();
  Bytes payload = HexDecode(v["payload"].get<std::string>()).value();
  core::LogId log = VectorLog(kind);
  core::Record r = core::SignRecord(log, kind, payload, std::stoll(v["author_time"].get<std::string>()), key).value();
  v["log"] = HexEncode(log);
  v["record"] = HexEncode(r.Encode());
  v["record_id"] = HexEncode(r.Id());
}

// A vector of `payload` signed by the key of a public seed label at a fixed time.
nlohmann::ordered_json Vector(core::RecordKind kind, const Bytes& payload, const std::string& from) {
  const std::string name(core::RecordKindName(kind));
  nlohmann::ordered_json v;
  v["kind"] = name;
  v["seed_label"] = "veche-test-vector/" + name;
  v["author_time"] = std::to_string(1795000000000000 + static_cast<int>(kind));
  v["payload_from"] = from;
  v["payload"] = HexEncode(payload);
  Sign(v, kind);
  return v;
}

const core::KindInfo* KindNamed(const std::string& name) {
  for (const core::KindInfo& k : core::Kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 4) {
    std::cerr << "usage: veche_record_vectors SOURCE_DIR [KIND PAYLOAD_HEX]\n";
    return 2;
  }
  const std::string root = argv[1];
  const std::string path = root + "/tests/data/records/vectors.json";
  std::ifstream in(path);
  nlohmann::ordered_json vectors = nlohmann::ordered_json::parse(in);
  std::set<std::string> have;
  for (auto& v : vectors) {
    have.insert(v.at("kind").get<std::string>());
    Sign(v, KindNamed(v.at("kind").get<std::string>())->kind);
  }
  if (argc == 4) {
    const core::KindInfo* kind = KindNamed(argv[2]);
    Result<Bytes> payload = HexDecode(argv[3]);
    if (kind == nullptr || !payload.ok() || !kind->decode(*payload).ok()) {
      std::cerr << "veche_record_vectors: not a kind of the table, or a payload it does not decode\n";
      return 1;
    }
    vectors.push_back(Vector(kind->kind, *payload, "given on the command line"));
    have.insert(std::string(kind->name));
  }
  std::ifstream log(root + "/tests/data/golden/log.hex");
  size_t index = 0;
  for (std::string line; std::getline(log, line); ++index) {
    core::Record r = core::DecodeEntry(HexDecode(line).value()).value();
    const std::string name(core::RecordKindName(r.kind));
    if (have.count(name)) continue;
    have.insert(name);
    vectors.push_back(Vector(r.kind, r.payload, "tests/data/golden/log.hex, entry " + std::to_string(index)));
  }
  for (const core::KindInfo& k : core::Kinds()) {
    if (!have.count(std::string(k.name))) std::cerr << "no record of kind " << k.name << " in the golden log\n";
  }
  std::ofstream(path) << vectors.dump(2) << "\n";
  std::cout << "vectors: " << vectors.size() << " in " << path << "\n";
  return 0;
}
