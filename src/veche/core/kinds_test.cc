// SPDX-License-Identifier: AGPL-3.0-or-later
// The kinds table (kinds.h) drives the kind names, Apply's dispatch and the fuzz target; every
// kind in it must have a byte vector, a section of its domain's format doc and, if the browser
// makes it, an encoder in the web UI. Removing any one of those makes a test here fail.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "veche/core/kinds.h"

namespace veche::core {
namespace {

const std::string kSource = VECHE_SOURCE_DIR;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The reserved number range of each domain (docs/formats/record.md).
std::pair<int, int> RangeOf(Domain d) {
  switch (d) {
    case Domain::kRegistry: return {1, 49};
    case Domain::kLegislation: return {50, 59};
    case Domain::kElection: return {60, 69};
    case Domain::kOffices: return {70, 99};
    case Domain::kAccountability: return {150, 169};
  }
  return {0, -1};
}

TEST_CASE(
    "the kinds table gives every name, the known kinds and the payload limits, each number in its domain's range") {
  std::set<std::string_view> names;
  for (const KindInfo& k : Kinds()) {
    const int number = static_cast<int>(k.kind);
    CAPTURE(number);
    CHECK(names.insert(k.name).second);
    CHECK(RecordKindName(k.kind) == k.name);
    CHECK(FindKind(static_cast<std::uint16_t>(number)) == &k);
    CHECK(number >= RangeOf(k.domain).first);
    CHECK(number <= RangeOf(k.domain).second);
    CHECK(k.max_payload <= kMaxTextPayloadSize);
    CHECK(MaxPayloadSize(k.kind) == k.max_payload);
  }
  size_t known = 0;
  for (std::uint32_t n = 0; n <= 0xffff; ++n) {
    const bool is_known = IsKnownRecordKind(static_cast<std::uint16_t>(n));
    known += is_known ? 1 : 0;
    if (!is_known) CHECK(RecordKindName(static_cast<RecordKind>(n)) == "unknown");
  }
  CHECK(known == Kinds().size());
  CHECK(MaxPayloadSize(RecordKind::kText) == kMaxTextPayloadSize);
  CHECK(MaxPayloadSize(RecordKind::kVote) == kMaxPayloadSize);
}

TEST_CASE("every kind has a byte vector in tests/data/records/vectors.json") {
  nlohmann::json vectors = nlohmann::json::parse(ReadFile(kSource + "/tests/data/records/vectors.json"));
  std::set<std::string> with_vector;
  for (const nlohmann::json& v : vectors) with_vector.insert(v.at("kind").get<std::string>());
  for (const KindInfo& k : Kinds()) CHECK_MESSAGE(with_vector.count(std::string(k.name)), k.name << " has no vector");
}

TEST_CASE("every kind has a section in its domain's docs/formats file") {
  std::map<Domain, std::string> docs;
  for (const KindInfo& k : Kinds()) {
    if (!docs.count(k.domain)) {
      docs[k.domain] = ReadFile(kSource + "/docs/formats/" + std::string(DomainName(k.domain)) + ".md");
    }
    // A heading such as "### 58 `vote`" or "### 53 `initiative_sign`, 54 `initiative_withdraw`".
    const std::regex heading("(^|\\n)###[^\\n]*\\b" + std::to_string(static_cast<int>(k.kind)) + " `" +
                             std::string(k.name) + "`");
    CHECK_MESSAGE(std::regex_search(docs[k.domain], heading),
                  k.name << " has no section in docs/formats/" << DomainName(k.domain) << ".md");
  }
}

// The kind numbers of the web UI's `Kind` map (`export const Kind = { name: number, ... }`), from
// every module under web/src.
std::set<int> WebEncodedKinds() {
  std::set<int> out;
  const std::regex map("export const Kind = \\{([^}]*)\\}");
  const std::regex entry("[A-Za-z]+: (\\d+)");
  for (const auto& file : std::filesystem::recursive_directory_iterator(kSource + "/web/src")) {
    if (file.path().extension() != ".js") continue;
    const std::string text = ReadFile(file.path());
    for (std::sregex_iterator m(text.begin(), text.end(), map), end; m != end; ++m) {
      const std::string body = (*m)[1];
      for (std::sregex_iterator e(body.begin(), body.end(), entry); e != end; ++e) out.insert(std::stoi((*e)[1]));
    }
  }
  return out;
}

TEST_CASE("the web UI has an encoder for exactly the kinds the table says the browser makes") {
  const std::set<int> web = WebEncodedKinds();
  REQUIRE_FALSE(web.empty());
  std::set<int> browser;
  for (const KindInfo& k : Kinds()) {
    if (k.made_by == MadeBy::kBrowser) browser.insert(static_cast<int>(k.kind));
  }
  for (int kind : browser) CHECK_MESSAGE(web.count(kind), "the web UI has no encoder for kind " << kind);
  for (int kind : web)
    CHECK_MESSAGE(browser.count(kind),
                  "the web UI encodes kind " << kind << ", which the table does not say the browser makes");
}

}  // namespace
}  // namespace veche::core
