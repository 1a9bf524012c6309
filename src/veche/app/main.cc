// The veche binary: parses the command line and hands over to a subcommand.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "veche/app/commands.h"
#include "veche/app/version.h"

int main(int argc, char** argv) {
  using namespace veche::app;
  CLI::App app{
      "veche — electronic direct democracy on an open, verifiable log.\n"
      "Every action is a signed record on a public transparency log that anyone can mirror and\n"
      "re-check. Run 'veche COMMAND --help' for the options of a command."};
  app.set_version_flag("--version", std::string("veche ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);

  ServeFlags serve;
  CLI::App* serve_cmd = app.add_subcommand("serve", "Run a veche node: serve its log, state and web UI over HTTP.");
  serve_cmd->add_option("--data", serve.data_dir, "Node data directory (created if missing)")->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "Address to listen on, HOST:PORT (port 0 picks a free port)")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "I/O threads (0: one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  serve_cmd->add_flag("--quiet", serve.quiet, "Do not print the access log");

  KeygenFlags keygen;
  CLI::App* keygen_cmd = app.add_subcommand(
      "keygen", "Generate an Ed25519 key pair: OUT (private, mode 0600, never overwritten) and OUT.pub.");
  keygen_cmd->add_option("--out", keygen.out, "Path of the private key file to create")->required();

  CLI::App* version_cmd = app.add_subcommand("version", "Print the version.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*serve_cmd) return RunServe(serve);
  if (*keygen_cmd) return RunKeygen(keygen);
  if (*version_cmd) {
    std::printf("veche %s\n", kVersion);
    return 0;
  }
  return 2;
}
