// SPDX-License-Identifier: AGPL-3.0-or-later
// The veche binary: parses the command line and hands over to a subcommand.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>

#include "veche/api/rate_limit.h"
#include "veche/app/accountability_commands.h"
#include "veche/app/commands.h"
#include "veche/app/election_commands.h"
#include "veche/app/legislation_commands.h"
#include "veche/app/offices_commands.h"
#include "veche/app/record_commands.h"
#include "veche/app/sortition_commands.h"
#include "veche/app/version.h"

namespace veche::app {
namespace {

// The node's own commands (serve, keygen, init, log, replay, rebuild, verify, registry, version):
// their options, one group per function, and which one runs.
class NodeCommands {
 public:
  explicit NodeCommands(CLI::App& app) {
    AddServe(app);
    AddKeysAndInit(app);
    AddLog(app);
    AddReplayAndVerify(app);
    AddRegistry(app);
    version_cmd = app.add_subcommand("version", "Print the version.");
  }
  // The exit code of the command given, or nullopt if it is none of these.
  std::optional<int> Run() const {
    if (*serve_cmd) return RunServe(serve);
    if (*keygen_cmd) return RunKeygen(keygen);
    if (*init_cmd) return RunInit(init);
    if (*log_key_cmd) return RunLogKey(log_key);
    if (*log_verify_cmd) return RunLogVerify(log_verify);
    if (*replay_cmd) return RunReplay(replay);
    if (*rebuild_cmd) return RunRebuild(rebuild);
    if (*registry_export) return RunRegistryExport(registry);
    if (*registry_erase) return RunRegistryErase(registry);
    if (*verify_cmd) return RunVerify(verify);
    if (*version_cmd) {
      std::printf("veche %s\n", kVersion);
      return 0;
    }
    return std::nullopt;
  }

 private:
  void AddServe(CLI::App& app) {
    serve_cmd = app.add_subcommand(
        "serve", "Run a veche node: serve its transparency log over HTTP (creates the data directory if needed).");
    serve_cmd->add_option("--data", serve.data_dir, "Node data directory (created if missing)")->capture_default_str();
    serve_cmd->add_option("--listen", serve.listen, "Address to listen on, HOST:PORT (port 0 picks a free port)")
        ->capture_default_str();
    serve_cmd
        ->add_option("--threads", serve.threads,
                     "HTTP threads (0: two per core; a submission waiting for its durable commit holds none)")
        ->capture_default_str()
        ->check(CLI::Range(0, 256));
    serve_cmd->add_flag("--quiet", serve.quiet, "Do not print the access log");
    serve_cmd->add_flag("--demo", serve.demo,
                        "Create a missing data directory with the demo data set: a union of republics, regions and "
                        "cities, 10,000 citizens, a finished session with results, an open session with votes in "
                        "progress and an initiative collecting signatures. Prints an enrolment code to try.");
    serve_cmd->add_option("--web", serve.web_dir, "Directory of the built web UI (npm run build in web/)")
        ->capture_default_str();
    serve_cmd->add_flag("--kiosk", serve.kiosk,
                        "Serve the voting kiosk at / (large type, one step per screen, forgets each voter); it is "
                        "always at /kiosk");
    serve_cmd->add_option("--demo-citizens", serve.demo_citizens, "How many citizens the demo enrols")
        ->check(CLI::Range(100, 1'000'000))
        ->capture_default_str();
    serve_cmd
        ->add_option("--clock-interval", serve.clock_interval,
                     "Seconds between the node's signed clock records, which drive deadlines (0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0, 86400));
    serve_cmd
        ->add_option("--submit-rate", serve.submit_rate,
                     "Records a second each client address may POST to /records, with bursts of four times as "
                     "many (each full 16 KiB of a body counts as one more record); beyond it: 429 (0: no limit)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
    serve_cmd
        ->add_option("--author-bytes-per-day", serve.author_bytes_per_day,
                     "Bytes of records each author key may submit a day, with bursts of up to 4 MiB; beyond it: "
                     "429 author_over_budget (0: no limit)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e15));
    serve_cmd->add_flag("--read-only", serve.read_only,
                        "serve reads only and write nothing to the data directory: submissions get 503. A node whose "
                        "stores cannot be opened for writing (a full disk) starts read-only by itself");
    serve_cmd
        ->add_option("--trusted-proxy", serve.trusted_proxies,
                     "IP address of a reverse proxy in front of the node (repeatable): requests from it count "
                     "against the client its Forwarded or X-Forwarded-For header names, not against the proxy")
        ->check([](const std::string& a) { return api::IsIpAddress(a) ? std::string() : "not an IP address: " + a; });
    serve_cmd
        ->add_option("--digest-rate", serve.digest_rate,
                     "GET /state/digest requests a second per client address, with bursts of five times as many; "
                     "beyond it: 429 (0: no limit). However many ask, the node hashes its state at most 4 times a "
                     "second")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
  }
  void AddKeysAndInit(CLI::App& app) {
    keygen_cmd = app.add_subcommand(
        "keygen", "Generate an Ed25519 key pair: OUT (private, mode 0600, never overwritten) and OUT.pub.");
    keygen_cmd->add_option("--out", keygen.out, "Path of the private key file to create")->required();

    init_cmd = app.add_subcommand(
        "init",
        "Create a node's data directory: its node/log signing key (mode 0600), its SQLite log store and the "
        "genesis record (root territory, charter, authority keys). Prints the log's verifier key.");
    init_cmd->add_option("--data", init.data_dir, "Data directory to create")->capture_default_str();
    init_cmd->add_option("--origin", init.origin,
                         "The log's name: checkpoint origin and key name, e.g. example.org/veche (no spaces or '+'); "
                         "default localhost/veche/ and 8 hex digits of the new node key's hash, distinct per node");
    init_cmd->add_option("--root-id", init.root_id, "Id of the root territory ([a-z0-9-])")->capture_default_str();
    init_cmd->add_option("--root-name", init.root_name, "Name of the root territory")->capture_default_str();
    // The charter parameters most often set at founding; the rest keep their defaults
    // (docs/formats/registry.md, "Charter") and change later by referendum.
    init_cmd
        ->add_option("--quorum-permille", init.charter.quorum_permille, "Charter: quorum, per mille of the electorate")
        ->capture_default_str();
    init_cmd
        ->add_option("--initiative-permille", init.charter.initiative_threshold_permille,
                     "Charter: signatures an initiative needs, per mille of adult residents")
        ->capture_default_str();
    init_cmd
        ->add_option("--petition-permille", init.charter.extraordinary_petition_permille,
                     "Charter: petitioners who convene an extraordinary session, per mille of adult residents")
        ->capture_default_str();
    init_cmd->add_option("--session-days", init.charter.session_days, "Charter: how many days a session stays open")
        ->capture_default_str();
    init_cmd->add_flag("--double-majority", init.charter.double_majority,
                       "Charter: measures also need a majority of member territories");
    init_cmd->add_option(
        "--authority", init.authority_keys,
        "Public key file (from 'veche keygen') of an authority that may create territories and "
        "accredit registrars; repeatable. None: a demo authority key is generated into the data directory");
  }
  void AddLog(CLI::App& app) {
    log_cmd = app.add_subcommand("log", "Inspect and verify transparency logs.");
    log_cmd->require_subcommand(1);
    log_key_cmd = log_cmd->add_subcommand("key", "Print the node's log verifier key (as served at /log/key).");
    log_key_cmd->add_option("--data", log_key.data_dir, "Node data directory")->capture_default_str();
    log_verify_cmd = log_cmd->add_subcommand(
        "verify",
        "Verify a log from outside: fetch its checkpoint and every tile and entry bundle, recompute every hash and the "
        "root, and check the signature. Exits 0 only if everything checks out.");
    log_verify_cmd->add_option("--url", log_verify.url, "The log's URL prefix, e.g. http://127.0.0.1:8080/log/")
        ->required();
    log_verify_cmd->add_option("--key", log_verify.key, "The log's verifier key (name+hex8+base64)")->required();
    log_verify_cmd->add_option("--from-checkpoint", log_verify.from_checkpoint,
                               "An older checkpoint file of this log: also prove the log still extends it");
    log_verify_cmd->add_option("--save-checkpoint", log_verify.save_checkpoint,
                               "Write the verified checkpoint to this file (for a later --from-checkpoint)");
    log_verify_cmd->add_flag("--quiet", log_verify.quiet, "Print only the result");
  }
  void AddReplayAndVerify(CLI::App& app) {
    replay_cmd = app.add_subcommand(
        "replay",
        "Re-verify every signature in a node's log, replay every record from an empty state, and print the "
        "state digest (the node prints the same digest at start-up and serves it at /state/digest).");
    replay_cmd->add_option("--data", replay.data_dir, "Node data directory")->capture_default_str();

    rebuild_cmd = app.add_subcommand(
        "rebuild",
        "Re-fold the whole log (every signature re-verified) and replace the node's state tables, a cache "
        "of the fold. Stop the node first.");
    rebuild_cmd->add_option("--data", rebuild.data_dir, "Node data directory")->capture_default_str();

    verify_cmd = app.add_subcommand(
        "verify",
        "Observe a node from outside: mirror its log through the C2SP tiles, verify every tile and the "
        "signed checkpoint, replay every record, and compare the resulting state digest with the node's.");
    verify_cmd->add_option("--url", verify.url, "The node's URL, e.g. http://127.0.0.1:8080/")->required();
    verify_cmd->add_option("--key", verify.key, "The node's log verifier key (name+hex8+base64)")->required();
    verify_cmd->add_flag("--quiet", verify.quiet, "Print only the result");
  }
  void AddRegistry(CLI::App& app) {
    registry_cmd = app.add_subcommand(
        "registry", "The registrar's private store of personal data (never in the log): export or erase a person.");
    registry_cmd->require_subcommand(1);
    registry_export = registry_cmd->add_subcommand("export", "Print everything stored about a person.");
    registry_erase = registry_cmd->add_subcommand(
        "erase", "Erase a person's data and salt; the log keeps an unlinkable commitment and still verifies.");
    for (CLI::App* cmd : {registry_export, registry_erase}) {
      cmd->add_option("--registry", registry.registry, "The store (SQLite file)")->capture_default_str();
      cmd->add_option("--id", registry.id, "Citizen id")->required();
    }
  }

  ServeFlags serve;
  KeygenFlags keygen;
  InitFlags init;
  LogKeyFlags log_key;
  LogVerifyFlags log_verify;
  ReplayFlags replay, rebuild;
  VerifyFlags verify;
  RegistryFlags registry;
  CLI::App *serve_cmd = nullptr, *keygen_cmd = nullptr, *init_cmd = nullptr, *log_cmd = nullptr;
  CLI::App *log_key_cmd = nullptr, *log_verify_cmd = nullptr, *replay_cmd = nullptr, *rebuild_cmd = nullptr;
  CLI::App *verify_cmd = nullptr, *registry_cmd = nullptr, *registry_export = nullptr, *registry_erase = nullptr;
  CLI::App* version_cmd = nullptr;
};

}  // namespace
}  // namespace veche::app

int main(int argc, char** argv) {
  using namespace veche::app;
  CLI::App app{
      "veche — electronic direct democracy on an open, verifiable log.\n"
      "Every action is a signed record on a public transparency log that anyone can mirror and\n"
      "re-check. Run 'veche COMMAND --help' for the options of a command."};
  app.set_version_flag("--version", std::string("veche ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);
  NodeCommands node_commands(app);
  RecordCommands record_commands(app);
  LegislationCommands legislation_commands(app);
  ElectionCommands election_commands(app);
  OfficesCommands offices_commands(app);
  AccountabilityCommands accountability_commands(app);
  SortitionCommands sortition_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (std::optional<int> rc :
       {node_commands.Run(), record_commands.Run(), legislation_commands.Run(), election_commands.Run(),
        offices_commands.Run(), accountability_commands.Run(), sortition_commands.Run()}) {
    if (rc) return *rc;
  }
  return 2;
}
