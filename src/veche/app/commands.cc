// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/app/commands.h"
#include "veche/store/sqlite/sqlite_stores.h"

#include <pthread.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>

#include "veche/api/accountability_routes.h"
#include "veche/api/election_routes.h"
#include "veche/api/export_routes.h"
#include "veche/api/legislation_routes.h"
#include "veche/api/log_routes.h"
#include "veche/api/offices_routes.h"
#include "veche/api/record_routes.h"
#include "veche/api/registry_routes.h"
#include "veche/api/web_routes.h"
#include "veche/app/version.h"
#include "veche/base/rng.h"
#include "veche/base/text_codec.h"
#include "veche/core/apply.h"
#include "veche/crypto/key_file.h"
#include "veche/demo/demo.h"
#include "veche/http/server.h"
#include "veche/ledger/log_verifier.h"
#include "veche/node/data_dir.h"
#include "veche/node/http_client.h"
#include "veche/node/node.h"
#include "veche/node/registrar_store.h"

namespace veche::app {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "veche: error: %s\n", message.c_str());
  return 1;
}

http::Router NodeRouter(node::Node& node, api::RecordLimits limits, std::shared_ptr<const api::WebAssets> web,
                        bool kiosk) {
  http::Router router;
  api::AddLogRoutes(router, {&node.store(), [&node] { return node.sequencer().checkpoint(); }, node.verifier_key(),
                             HexEncode(node.log_id())});
  api::AddRecordRoutes(router, node, limits);
  api::AddRegistryRoutes(router, node);
  api::AddLegislationRoutes(router, node);
  api::AddElectionRoutes(router, node);
  api::AddOfficesRoutes(router, node);
  api::AddAccountabilityRoutes(router, node);
  api::AddExportRoutes(router, node);
  api::AddWebRoutes(router, std::move(web), kiosk);
  router.Get("/healthz", [](const http::Request&) {
    return http::Response::Json(200, std::string(R"({"status":"ok","version":")") + kVersion + "\"}\n");
  });
  return router;
}

// Shows a newcomer a demo enrolment code that is still unused.
void PrintDemoEnrolment(node::Node& node, const std::string& dir) {
  Result<std::vector<demo::DemoEnrolment>> codes = demo::ReadDemoCodes(dir);
  if (!codes.ok()) {
    std::printf("demo: %s\n", codes.error().message().c_str());
    return;
  }
  for (const demo::DemoEnrolment& e : *codes) {
    bool pending = node.ReadState([&](const core::State& s) {
      auto it = s.citizens.find(e.citizen_id);
      return it != s.citizens.end() && it->second.enrolment_pending;
    });
    if (pending) {
      std::printf("demo: enrol as citizen %s with the one-time code %s (more unused codes in %s)\n",
                  e.citizen_id.c_str(), e.code.c_str(), demo::DemoCodesPath(dir).c_str());
      return;
    }
  }
  std::printf("demo: every demo enrolment code has been used\n");
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

namespace {

// Creates the data directory when it is missing: the demo data set with --demo, else a genesis
// with a generated authority key. 0, or the exit code of a failure.
int PrepareDataDir(const ServeFlags& flags, const Clock& clock) {
  if (node::IsInitialised(flags.data_dir)) return 0;
  if (flags.demo) {
    std::printf("creating the demo data set in %s (about 10 s)...\n", flags.data_dir.c_str());
    std::fflush(stdout);
    demo::DemoOptions demo;
    demo.citizens = flags.demo_citizens;
    demo.now = clock.Now();
    demo.progress = [](const std::string& line) {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    };
    Result<demo::DemoResult> created = demo::CreateDemo(flags.data_dir, demo, store::OpenSqliteStores);
    if (!created.ok()) return Fail("could not create the demo: " + created.error().message());
    return 0;
  }
  SystemRng rng;
  Result<node::InitResult> init =
      node::InitDataDir(flags.data_dir, node::GenesisSpec{}, rng, clock, store::OpenSqliteStores);
  if (!init.ok()) return Fail(init.error().message());
  std::printf(
      "initialised a new data directory %s (log origin %s; use 'veche init' to choose the genesis)\n"
      "generated a demo authority key: %s\n",
      flags.data_dir.c_str(), init->origin.c_str(), init->generated_authority_key.c_str());
  return 0;
}

// The node `serve` runs: read-write unless --read-only; read-only also when the stores cannot be
// opened for writing (a full disk, an I/O error) but can be read, so that reads go on.
Result<std::unique_ptr<node::Node>> OpenServedNode(const ServeFlags& flags, const Clock& clock) {
  if (flags.read_only) {
    return node::Node::Open(flags.data_dir, clock, store::OpenSqliteStoresReadOnly,
                            node::NodeOptions{true, "started with --read-only"});
  }
  Result<std::unique_ptr<node::Node>> writable = node::Node::Open(flags.data_dir, clock, store::OpenSqliteStores);
  if (writable.ok() || writable.error().code() != StatusCode::kUnavailable) return writable;
  const std::string why = writable.error().message();
  Result<std::unique_ptr<node::Node>> readable =
      node::Node::Open(flags.data_dir, clock, store::OpenSqliteStoresReadOnly,
                       node::NodeOptions{true, "its stores could not be opened for writing: " + why});
  if (!readable.ok()) return writable;
  std::fprintf(stderr,
               "veche: warning: cannot write to %s (%s); serving it read-only: submissions get 503 until the node is "
               "restarted with room to write\n",
               flags.data_dir.c_str(), why.c_str());
  return readable;
}

void PrintServing(const ServeFlags& flags, const http::ServerOptions& options, std::uint16_t port, node::Node& node) {
  std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::printf("veche %s node listening on http://%s:%u/ (data directory: %s)\n", kVersion, shown_host.c_str(),
              static_cast<unsigned>(port), flags.data_dir.c_str());
  node::StateSummary summary = node.Summary();
  std::printf("log: %llu records; verifier key %s\nstate digest: %s\n",
              static_cast<unsigned long long>(summary.records), node.verifier_key().c_str(),
              HexEncode(summary.digest).c_str());
  if (node.read_only()) std::printf("read-only: %s\n", node.read_only_reason().c_str());
  if (flags.demo && !node.read_only()) PrintDemoEnrolment(node, flags.data_dir);
  std::printf("press Ctrl-C to stop\n");
  std::fflush(stdout);
}

// The node's clock: a signed clock record at start and every `interval` seconds (none when 0), so
// time-based rules (ages, sessions, deadlines) replay from the log. Stops when destroyed.
class Ticker {
 public:
  Ticker(node::Node& node, int interval) {
    if (interval <= 0) return;
    thread_ = std::thread([this, &node, interval] {
      auto tick = [&] {
        Result<node::Receipt> appended = node.Tick();
        if (!appended.ok()) {
          std::fprintf(stderr, "veche: clock record not appended: %s\n", appended.error().message().c_str());
        }
      };
      tick();
      std::unique_lock lock(mu_);
      while (!cv_.wait_for(lock, std::chrono::seconds(interval), [&] { return stopping_; })) tick();
    });
  }
  ~Ticker() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

constexpr size_t kAccessLogQueue = 8192;      // lines waiting for stderr at most
constexpr size_t kAccessLogTarget = 256;      // bytes of a request target logged at most
constexpr int kShutdownDeadlineSeconds = 30;  // then the process exits whatever still runs
constexpr int kAccessLogDrainSeconds = 2;

std::string BoundedTarget(std::string_view target) {
  if (target.size() <= kAccessLogTarget) return std::string(target);
  return std::string(target.substr(0, kAccessLogTarget)) + "...(" + std::to_string(target.size()) + " bytes)";
}

// A stuck connection or a blocked stderr must not keep the process alive: the state is saved by
// the time it matters, and the next start replays what it lacks.
void StartShutdownDeadline() {
  std::thread([] {
    std::this_thread::sleep_for(std::chrono::seconds(kShutdownDeadlineSeconds));
    std::printf("veche: shutdown took over %d s; exiting now\n", kShutdownDeadlineSeconds);
    std::fflush(stdout);
    std::_Exit(1);
  }).detach();
}

// Writes what the access log still holds, for at most kAccessLogDrainSeconds (stderr may be a pipe
// nobody reads), and says how many lines it dropped.
void FinishAccessLog() {
  const size_t dropped = spdlog::thread_pool()->overrun_counter();
  if (dropped > 0) std::printf("veche: %zu access log lines were dropped: stderr did not keep up\n", dropped);
  auto drained = std::make_shared<std::promise<void>>();
  std::future<void> done = drained->get_future();
  std::thread([drained] {
    spdlog::shutdown();
    drained->set_value();
  }).detach();
  if (done.wait_for(std::chrono::seconds(kAccessLogDrainSeconds)) == std::future_status::ready) return;
  // spdlog::shutdown holds spdlog's registry while it waits for the blocked writer: nothing here
  // may touch spdlog now.
  std::printf("veche: stderr is blocked; the access log lines still queued are lost\nveche: stopped\n");
  std::fflush(stdout);
  std::_Exit(0);  // the blocked log thread would hold the process at exit
}

}  // namespace

int RunServe(const ServeFlags& flags) {
  http::ServerOptions options;
  if (!ParseListenAddress(flags.listen, &options.host, &options.port)) {
    std::fprintf(stderr, "veche: error: --listen '%s' is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:0)\n",
                 flags.listen.c_str());
    return 2;
  }
  // Submissions wait for their durable commit without a thread (http::Response::Later), so threads
  // are for CPU work: two per core leave room for a handler that blocks on the disk (an export's
  // next chunk) without idling a core. Measured with bench/load_votes.sh on 2 cores: 2 and 4
  // threads 6.8k and 7.1k votes/s, 16 threads 5.9k (more switching).
  options.threads =
      flags.threads > 0 ? flags.threads : 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Over a file size limit (ulimit -f) a write fails with EFBIG, as on a full disk, instead of
  // killing the process: the node then refuses records and goes on serving reads.
  std::signal(SIGXFSZ, SIG_IGN);
  SystemClock clock;
  if (int failed = PrepareDataDir(flags, clock); failed != 0) return failed;
  Result<std::unique_ptr<node::Node>> log = OpenServedNode(flags, clock);
  if (!log.ok()) return Fail(log.error().message());

  // The access log is written by its own thread from a bounded queue that drops the oldest lines
  // when stderr falls behind (a pipe nobody reads), so a request never waits on it.
  spdlog::init_thread_pool(kAccessLogQueue, 1);
  auto logger =
      std::make_shared<spdlog::async_logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>(),
                                             spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  if (!flags.quiet) {
    options.access_log = [logger](const http::AccessLogEntry& e) {
      logger->info("{} \"{} {}\" {} {}B {}us", e.remote_address, e.method, BoundedTarget(e.target), e.status,
                   e.response_bytes, e.duration_micros);
    };
  }
  // Block SIGINT/SIGTERM before any thread starts, so every server thread inherits the mask and
  // the signals are taken synchronously below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // The limits of docs/api.md, "Limits": 0 turns one off.
  std::optional<api::RateLimiter> submit_limit, author_limit, digest_limit;
  if (flags.submit_rate > 0) submit_limit.emplace(flags.submit_rate, std::max(1.0, 4 * flags.submit_rate), clock);
  if (flags.author_bytes_per_day > 0) {
    const double per_second = flags.author_bytes_per_day / 86400.0;
    author_limit.emplace(
        per_second,
        std::max(std::min(flags.author_bytes_per_day, 4.0 * 1024 * 1024), static_cast<double>(core::kMaxRecordSize)),
        clock);
  }
  if (flags.digest_rate > 0) digest_limit.emplace(flags.digest_rate, std::max(1.0, 5 * flags.digest_rate), clock);
  const auto maybe = [](std::optional<api::RateLimiter>& l) { return l ? &*l : nullptr; };
  const api::RecordLimits limits{maybe(submit_limit), maybe(author_limit), maybe(digest_limit), flags.trusted_proxies};
  Result<std::shared_ptr<const api::WebAssets>> web = api::LoadWebAssets(flags.web_dir);
  if (!web.ok()) std::fprintf(stderr, "veche: warning: %s\n", web.error().message().c_str());
  auto server = http::Server::Start(options, NodeRouter(**log, limits, web.ok() ? *web : nullptr, flags.kiosk));
  if (!server.ok()) return Fail(server.error().message());
  if ((*server)->max_connections() < options.max_connections) {
    std::fprintf(stderr,
                 "veche: warning: this process may open too few files for %zu connections (ulimit -n); serving at most "
                 "%zu at once\n",
                 options.max_connections, (*server)->max_connections());
  }
  PrintServing(flags, options, (*server)->port(), **log);
  int received = 0;
  {
    Ticker ticker(**log, (*log)->read_only() ? 0 : flags.clock_interval);
    sigwait(&signals, &received);
  }
  std::printf("veche: %s received, shutting down\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  std::fflush(stdout);
  StartShutdownDeadline();
  (*server)->Shutdown();
  log->reset();  // after the server: no request may still be reading the store
  FinishAccessLog();
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

int RunInit(const InitFlags& flags) {
  node::GenesisSpec spec;
  spec.origin = flags.origin;
  spec.root_id = flags.root_id;
  spec.root_name = flags.root_name;
  spec.charter = flags.charter;
  for (const std::string& path : flags.authority_keys) {
    Result<crypto::PublicKey> key = crypto::ReadPublicKeyFile(path);
    if (!key.ok()) return Fail("--authority: " + key.error().message());
    spec.authorities.push_back(*key);
  }
  SystemRng rng;
  SystemClock clock;
  Result<node::InitResult> init = node::InitDataDir(flags.data_dir, spec, rng, clock, store::OpenSqliteStores);
  if (!init.ok()) return Fail(init.error().message());
  std::printf("initialised %s\nlog origin: %s\nlog verifier key: %s\n", flags.data_dir.c_str(), init->origin.c_str(),
              init->verifier_key.c_str());
  if (!init->generated_authority_key.empty()) {
    std::printf("generated an authority key (no --authority given): %s — move it off this machine for real use\n",
                init->generated_authority_key.c_str());
  }
  return 0;
}

int RunLogKey(const LogKeyFlags& flags) {
  Result<ledger::NoteSigner> signer = node::ReadLogKey(flags.data_dir);
  if (!signer.ok()) return Fail(signer.error().message());
  std::printf("%s\n", signer->Verifier().ToString().c_str());
  return 0;
}

int RunLogVerify(const LogVerifyFlags& flags) {
  Result<ledger::NoteVerifier> key = ledger::NoteVerifier::Parse(flags.key);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  ledger::LogVerifyOptions options;
  if (!flags.from_checkpoint.empty()) {
    std::ifstream in(flags.from_checkpoint, std::ios::binary);
    if (!in) return Fail("cannot read " + flags.from_checkpoint);
    std::ostringstream text;
    text << in.rdbuf();
    options.old_checkpoint = text.str();
  }
  std::string prefix = flags.url;
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  node::HttpClient client;
  std::string last_checkpoint;
  ledger::LogFetcher fetch_tile = node::LogFetcherOver(client, prefix);
  ledger::LogFetcher fetch = [&](const std::string& path) -> Result<Bytes> {
    Result<Bytes> data = fetch_tile(path);
    if (data.ok() && path == "checkpoint") last_checkpoint = ToString(*data);
    return data;
  };
  auto started = std::chrono::steady_clock::now();
  std::uint64_t last_shown = 0;
  if (!flags.quiet) {
    options.progress = [&](std::uint64_t done, std::uint64_t total) {
      if (done - last_shown >= 1'000'000 || done == total) {
        std::fprintf(stderr, "verified %llu / %llu entries\n", static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total));
        last_shown = done;
      }
    };
  }
  Result<ledger::LogVerifyReport> report = ledger::VerifyLog(fetch, *key, options);
  if (!report.ok()) {
    std::printf("FAILED: %s\n", report.error().message().c_str());
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("OK: %s size %llu root %s\n", report->checkpoint.origin.c_str(),
              static_cast<unsigned long long>(report->checkpoint.size), Base64Encode(report->checkpoint.root).c_str());
  if (!flags.quiet) {
    std::printf("checked %llu entry bundles and %llu hash tiles in %.2f s\n",
                static_cast<unsigned long long>(report->entry_bundles),
                static_cast<unsigned long long>(report->hash_tiles), seconds);
  }
  if (report->consistent_with_size) {
    std::printf("consistent with the older checkpoint of size %llu\n",
                static_cast<unsigned long long>(*report->consistent_with_size));
  }
  if (!flags.save_checkpoint.empty()) {
    std::ofstream out(flags.save_checkpoint, std::ios::binary | std::ios::trunc);
    out << last_checkpoint;
    if (!out) return Fail("cannot write " + flags.save_checkpoint);
  }
  return 0;
}

int RunRegistryExport(const RegistryFlags& flags) {
  Result<std::unique_ptr<node::RegistrarStore>> registry = node::RegistrarStore::Open(flags.registry);
  if (!registry.ok()) return Fail(registry.error().message());
  Result<node::PersonRecord> person = (*registry)->Get(flags.id);
  if (!person.ok()) return Fail(person.error().message());
  std::printf("citizen id: %s\n", person->citizen_id.c_str());
  if (person->erased_at) {
    std::printf("erased: personal data and salt were erased; the log's commitment no longer links to anyone\n");
    return 0;
  }
  std::printf("personal data: %s\nsalt: %s\ncommitment in the log: %s\n", person->data.c_str(),
              HexEncode(person->salt).c_str(), HexEncode(person->Commitment()).c_str());
  return 0;
}

int RunRegistryErase(const RegistryFlags& flags) {
  Result<std::unique_ptr<node::RegistrarStore>> registry = node::RegistrarStore::Open(flags.registry);
  if (!registry.ok()) return Fail(registry.error().message());
  Status erased = (*registry)->Erase(flags.id, SystemClock().Now());
  if (!erased.ok()) return Fail(erased.message());
  std::printf("erased the personal data of citizen %s (the log is unchanged and still verifies)\n", flags.id.c_str());
  return 0;
}

int RunRebuild(const ReplayFlags& flags) {
  auto started = std::chrono::steady_clock::now();
  Result<store::StateSnapshot> rebuilt = node::RebuildStateTables(flags.data_dir, store::OpenSqliteStores);
  if (!rebuilt.ok()) return Fail(rebuilt.error().message());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("rebuilt the state tables from %llu records in %.2f s\nstate digest: %s\n",
              static_cast<unsigned long long>(rebuilt->log_size), seconds, HexEncode(rebuilt->digest).c_str());
  return 0;
}

int RunReplay(const ReplayFlags& flags) {
  auto started = std::chrono::steady_clock::now();
  std::uint64_t last_shown = 0;
  Result<node::DataDirReplay> replay =
      node::ReplayDataDir(flags.data_dir, store::OpenSqliteStores, [&](std::uint64_t done, std::uint64_t total) {
        if (done - last_shown >= 100'000 || done == total) {
          std::fprintf(stderr, "replayed %llu / %llu records\n", static_cast<unsigned long long>(done),
                       static_cast<unsigned long long>(total));
          last_shown = done;
        }
      });
  if (!replay.ok()) {
    // A log that does not replay is the finding; anything else is a plain error.
    if (replay.error().code() != StatusCode::kDataLoss) return Fail(replay.error().message());
    std::printf("FAILED: %s\n", replay.error().message().c_str());
    return 1;
  }
  const core::State& state = replay->state;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("records: %llu\nstate digest: %s\n", static_cast<unsigned long long>(state.records),
              HexEncode(state.Digest()).c_str());
  std::fprintf(stderr, "replayed with every signature verified in %.2f s (%.0f records/s)\n", seconds,
               seconds > 0 ? static_cast<double>(state.records) / seconds : 0.0);
  return 0;
}

int PrintDigestComparison(const node::DigestComparison& c) {
  using Verdict = node::DigestComparison::Verdict;
  if (c.verdict == Verdict::kUnreachable) return Fail(c.message);
  std::printf("%s\n", c.message.c_str());
  if (c.verdict == Verdict::kMismatch && c.same_size) {
    std::string differing;
    for (const std::string& name : c.differing) differing += (differing.empty() ? "" : ", ") + name;
    std::printf("sections that differ: %s\n",
                differing.empty() ? "(the node sent no section digests)" : differing.c_str());
  }
  switch (c.verdict) {
    case Verdict::kMatch: return 0;
    case Verdict::kMovedOn: return 3;
    default: return 1;
  }
}

int RunVerify(const VerifyFlags& flags) {
  Result<ledger::NoteVerifier> key = ledger::NoteVerifier::Parse(flags.key);
  if (!key.ok()) return Fail("--key: " + key.error().message());
  const std::string base = node::NodeBase(flags.url);
  node::HttpClient client;
  Result<node::Observation> seen = node::ObserveNode(client, base, *key);
  if (!seen.ok()) {
    std::printf("FAILED: %s\n", seen.error().message().c_str());
    return 1;
  }
  const core::State& state = seen->state;
  if (!flags.quiet) {
    std::printf("log OK: %s size %llu, every tile and signature checked, every record replayed in %.2f s\n",
                seen->report.checkpoint.origin.c_str(), static_cast<unsigned long long>(seen->report.checkpoint.size),
                seen->seconds);
    std::printf("records: %llu\nstate digest: %s\n", static_cast<unsigned long long>(state.records),
                HexEncode(state.Digest()).c_str());
  }
  return PrintDigestComparison(node::CompareWithNodeDigest(client, base, state));
}

}  // namespace veche::app
