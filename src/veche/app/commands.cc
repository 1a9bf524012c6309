#include "veche/app/commands.h"

#include <pthread.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "veche/app/version.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/crypto/key_file.h"
#include "veche/http/server.h"

namespace veche::app {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "veche: error: %s\n", message.c_str());
  return 1;
}

constexpr const char* kPlaceholderPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>veche node</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;line-height:1.5}</style>
</head><body>
<h1>veche</h1>
<p>This veche node is running. Electronic direct democracy on an open, verifiable log.</p>
<p>The citizens' web interface is not built yet. Machine-readable health: <a href="/healthz">/healthz</a>.</p>
</body></html>
)";

http::Router NodeRouter() {
  http::Router router;
  router.Get("/healthz", [](const http::Request&) {
    return http::Response::Json(200, std::string(R"({"status":"ok","version":")") + kVersion + "\"}\n");
  });
  router.Get("/", [](const http::Request&) {
    return http::Response::Text(200, kPlaceholderPage, "text/html; charset=utf-8");
  });
  return router;
}

}  // namespace

bool ParseListenAddress(const std::string& text, std::string* host, std::uint16_t* port) {
  size_t colon;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    *host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    *host = text.substr(0, colon);
    if (host->find(':') != std::string::npos) return false;  // bare IPv6 needs brackets
  }
  std::string digits = text.substr(colon + 1);
  if (host->empty() || digits.empty() || digits.size() > 5) return false;
  unsigned long value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (value > 65535) return false;
  *port = static_cast<std::uint16_t>(value);
  return true;
}

int RunServe(const ServeFlags& flags) {
  http::ServerOptions options;
  if (!ParseListenAddress(flags.listen, &options.host, &options.port)) {
    std::fprintf(stderr, "veche: error: --listen '%s' is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:0)\n",
                 flags.listen.c_str());
    return 2;
  }
  options.threads = flags.threads;

  std::error_code ec;
  std::filesystem::create_directories(flags.data_dir, ec);
  if (ec) return Fail("cannot create data directory '" + flags.data_dir + "': " + ec.message());
  std::filesystem::permissions(flags.data_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);

  auto logger = spdlog::stderr_logger_mt("access");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  if (!flags.quiet) {
    options.access_log = [logger](const http::AccessLogEntry& e) {
      logger->info("{} \"{} {}\" {} {}B {}us", e.remote_address, e.method, e.target, e.status, e.response_bytes,
                   e.duration_micros);
    };
  }

  // Block SIGINT/SIGTERM before any thread starts, so every server thread inherits the mask and
  // the signals are taken synchronously below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = http::Server::Start(options, NodeRouter());
  if (!server.ok()) return Fail(server.error().message());
  std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("veche %s node listening on http://%s:%u/ (data directory: %s)\n", kVersion, shown_host.c_str(),
              static_cast<unsigned>((*server)->port()), flags.data_dir.c_str());
  std::printf("press Ctrl-C to stop\n");
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::printf("veche: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  (*server)->Shutdown();
  std::printf("veche: stopped\n");
  return 0;
}

int RunKeygen(const KeygenFlags& flags) {
  SystemRng rng;
  crypto::SigningKey key = crypto::SigningKey::Generate(rng);
  std::string pub_path = flags.out + ".pub";
  if (std::filesystem::exists(pub_path)) return Fail(pub_path + " already exists; refusing to overwrite a key");
  Status status = crypto::WritePrivateKeyFile(flags.out, key);
  if (!status.ok()) return Fail(status.message());
  status = crypto::WritePublicKeyFile(pub_path, key.public_key());
  if (!status.ok()) return Fail(status.message());
  std::printf("private key: %s (mode 0600; keep it secret)\npublic key file: %s\npublic key: %s\n", flags.out.c_str(),
              pub_path.c_str(), Base64Encode(key.public_key().bytes()).c_str());
  return 0;
}

}  // namespace veche::app
