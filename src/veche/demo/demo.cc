// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/demo/demo.h"

#include <sstream>

#include "veche/base/text_codec.h"
#include "veche/crypto/key_file.h"
#include "veche/crypto/sha256.h"
#include "veche/demo/builder.h"
#include "veche/node/data_dir.h"

namespace veche::demo {

crypto::Sha256Digest DemoSecrets::Derive(std::string_view label, std::string_view id) const {
  return crypto::Sha256()
      .Update(AsBytes("veche-demo/v2\n"))
      .Update(secret)
      .Update(AsBytes(label))
      .Update(AsBytes("/"))
      .Update(AsBytes(id))
      .Finish();
}
crypto::SigningKey DemoSecrets::Key(std::string_view label, std::string_view id) const {
  return crypto::SigningKey::FromSeed(Derive(label, id)).value();  // a 32-byte seed always makes a key
}
std::string DemoSecrets::Code(const std::string& citizen_id) const {
  crypto::Sha256Digest d = Derive("enrolment-code", citizen_id);
  return HexEncode(ByteView(d.data(), 16));
}

std::string DemoCodesPath(const std::string& dir) {
  return dir + "/demo-enrolment-codes.txt";
}
std::string DemoSecretPath(const std::string& dir) {
  return dir + "/demo-secret.txt";
}

Result<crypto::SigningKey> DemoCitizenKey(const std::string& dir, const std::string& citizen_id) {
  Result<std::string> text = crypto::ReadSecretFile(DemoSecretPath(dir));
  if (!text.ok()) {
    return NotFoundError("not a demo data directory (" + DemoSecretPath(dir) + ": " + text.error().message() + ")");
  }
  Result<Bytes> secret = HexDecode(text->substr(0, 64));
  if (!secret.ok() || secret->size() != 32) return DataLossError(DemoSecretPath(dir) + " is not 64 hex digits");
  DemoSecrets s;
  std::copy(secret->begin(), secret->end(), s.secret.begin());
  return s.CitizenKey(citizen_id);
}

Result<std::vector<DemoEnrolment>> ReadDemoCodes(const std::string& dir) {
  Result<std::string> text = crypto::ReadSecretFile(DemoCodesPath(dir));
  if (!text.ok())
    return NotFoundError("not a demo data directory (" + DemoCodesPath(dir) + ": " + text.error().message() + ")");
  std::vector<DemoEnrolment> out;
  std::istringstream lines(*text);
  DemoEnrolment e;
  while (lines >> e.citizen_id >> e.code) out.push_back(e);
  return out;
}

Result<DemoResult> CreateDemo(const std::string& dir, const DemoOptions& options,
                              const store::StoresOpener& open_stores) {
  if (options.citizens < 100 || options.unbound < 1 || options.unbound >= options.citizens) {
    return InvalidArgumentError("a demo needs at least 100 citizens and 1..citizens-1 pending enrolments");
  }
  const UnixMicros start = options.now - 35 * kDay;  // the first session lies in an earlier month
  FakeClock clock(start);
  node::GenesisSpec spec;
  spec.root_id = "union";
  spec.root_name = "Demo Union";
  spec.charter.sessions_per_year = 12;
  spec.charter.session_days = 14;
  spec.charter.initiative_threshold_permille = 50;
  spec.charter.quorum_permille = 200;
  // Short contests, so that the demo's month holds the offices' first elections.
  spec.charter.nomination_days = 3;
  spec.charter.keygen_days = 1;
  spec.charter.voting_days = 3;
  spec.charter.nomination_signatures_permille = 1;
  // A short recall, so that the demo's month holds one: 7 days below the threshold with 20 raters
  // suspend a holder, and 14 days of grace follow.
  spec.charter.recall_min_raters = 20;
  spec.charter.recall_period_days = 7;
  spec.charter.grace_period_days = 14;
  SystemRng system_rng;
  VECHE_ASSIGN_OR_RETURN(node::InitResult init, node::InitDataDir(dir, spec, system_rng, clock, open_stores));
  DemoSecrets secrets;
  system_rng.Fill(secrets.secret);  // this demo's own: nobody else can sign as its registrar or citizens
  VECHE_RETURN_IF_ERROR(crypto::WriteSecretFile(DemoSecretPath(dir), HexEncode(secrets.secret) + "\n"));
  VECHE_ASSIGN_OR_RETURN(crypto::SigningKey authority, crypto::ReadPrivateKeyFile(node::AuthorityKeyPath(dir)));
  VECHE_ASSIGN_OR_RETURN(std::unique_ptr<node::Node> node, node::Node::Open(dir, clock, open_stores));
  Builder b{options,
            options.now,
            start,
            clock,
            *node,
            Feeder(*node, clock),
            FakeRng(20260523),
            secrets,
            std::move(authority),
            secrets.Key("registrar", "union"),
            {},
            {}};
  for (Status (*part)(Builder&) : {&AddRegistry, &AddFirstSession, &AddOffices, &AddRatings, &AddSecondSession,
                                   &AddElection, &AddInitiative, &AddOfficeInNomination, &AddRecalls}) {
    VECHE_RETURN_IF_ERROR(part(b));
  }
  DemoResult& result = b.result;
  const crypto::SigningKey& registrar = b.registrar;
  std::ostringstream codes;
  for (const DemoEnrolment& e : result.enrolments) codes << e.citizen_id << ' ' << e.code << '\n';
  VECHE_RETURN_IF_ERROR(crypto::WriteSecretFile(DemoCodesPath(dir), codes.str()));
  VECHE_RETURN_IF_ERROR(crypto::WritePrivateKeyFile(dir + "/demo-registrar.key", registrar));
  result.records = node->Summary().records;
  b.Say("demo: " + std::to_string(result.records) + " records in the log");
  return std::move(result);
}

}  // namespace veche::demo
