// SPDX-License-Identifier: AGPL-3.0-or-later
// End-to-end vote load on a running node (bench/load_votes.sh starts `veche serve --demo` for it).
// The demo's bound citizens vote and change their votes on the open session's measures, one
// POST /records per vote, on keep-alive connections, until VOTES votes were sent. Every vote is
// signed before the clock starts (signing is the voters' devices' work). A citizen's votes all go
// over one connection, in order, so each change of mind is valid when it arrives.
//
// Reports votes/s and the p50/p99/max latency of a vote, then checks, through the public API:
//   - every acknowledged vote is in the log at the index its receipt gave (GET /records/{id});
//   - every measure's roll call holds each citizen's last vote (GET /measures/{id}/votes).
// Exits 1 if any vote was not acknowledged or any check fails.
//
//   veche_load_votes DEMO_DATA_DIR PORT [VOTES] [CONNECTIONS] [CITIZENS]
//     DEMO_DATA_DIR  the demo node's data directory: its citizens' keys derive from its secret
//     VOTES        votes to send (default 1,000,000)
//     CONNECTIONS  concurrent keep-alive connections (default 64)
//     CITIZENS     the demo's bound citizens c-00001.. (default 9,980: 10,000 less 20 left unbound)

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench/load_client.h"
#include "veche/base/text_codec.h"
#include "veche/core/legislation/payloads.h"
#include "veche/core/record.h"
#include "veche/demo/demo.h"
#include "veche/node/node.h"

namespace veche {
namespace {

using Clock = std::chrono::steady_clock;

// The demo's session open now (src/veche/demo/legislation.cc).
const std::vector<std::string> kMeasures = {"libraries-amendment", "open-data-act", "budget-2027"};

struct Vote {
  size_t citizen = 0;  // index into the citizen ids
  size_t measure = 0;  // index into kMeasures
  core::VoteChoice choice{};
  Bytes record;
  core::RecordId id{};
};

std::string CitizenId(size_t i) {
  char id[32];
  std::snprintf(id, sizeof id, "c-%05zu", i + 1);
  return id;
}

// `measure`'s roll call as served: citizen id -> choice name. Empty on failure (reported). On a
// connection of its own: a kept-alive one idle through the load would have been closed by now.
std::map<std::string, std::string> ReadRollCall(std::uint16_t port, const std::string& measure, bool* ok) {
  bench::LoadConnection conn(port);
  std::map<std::string, std::string> roll;
  std::string after;
  for (;;) {
    std::string path = "/measures/" + measure + "/votes?limit=1000";
    if (!after.empty()) path += "&after=" + after;
    if (conn.Get(path) != 200) {
      std::fprintf(stderr, "load_votes: GET %s failed\n", path.c_str());
      *ok = false;
      return {};
    }
    nlohmann::json page = nlohmann::json::parse(conn.body());
    for (const auto& v : page["votes"]) roll[v["citizen"].get<std::string>()] = v["vote"].get<std::string>();
    if (!page.contains("next_after")) return roll;
    after = page["next_after"].get<std::string>();
  }
}

// The "index" of a receipt's JSON, found without parsing the rest (the client shares the cores).
std::optional<std::uint64_t> ReceiptIndex(const std::string& body) {
  const size_t at = body.find("\"index\":");
  if (at == std::string::npos) return std::nullopt;
  return std::strtoull(body.c_str() + at + 8, nullptr, 10);
}

double Percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())))];
}

// Runs work(connection, k) for k in [0, connections) on one thread each.
template <typename Work>
void OnConnections(std::uint16_t port, size_t connections, const Work& work) {
  std::vector<std::thread> threads;
  for (size_t k = 0; k < connections; ++k) {
    threads.emplace_back([&, k] {
      bench::LoadConnection conn(port);
      work(conn, k);
    });
  }
  for (auto& t : threads) t.join();
}

// One load run: the votes, what the node answered, and the checks afterwards. Every check that
// fails clears `ok`.
struct LoadRun {
  LoadRun(std::string d, std::uint16_t p, size_t t, size_t c, size_t n)
      : data_dir(std::move(d)), port(p), total(t), connections(c), citizens(n) {}
  std::string data_dir;  // the demo's: its citizens' keys come from its secret
  std::uint16_t port;
  size_t total, connections, citizens;
  bool ok = true;
  // Each citizen's current vote on each measure, so that every vote sent changes it.
  std::vector<std::vector<core::VoteChoice>> current;
  std::vector<Vote> votes;
  std::vector<double> latency_ms;
  std::vector<std::uint64_t> index;
  std::vector<int> status;
  core::LogId log{};

  // The node's log id (GET /log/id), which every vote must name.
  void ReadLogId() {
    bench::LoadConnection conn(port);
    Result<core::LogId> id =
        conn.Get("/log/id") == 200 ? core::LogIdFromHex(conn.body()) : Result<core::LogId>(NotFoundError(""));
    if (!id.ok()) {
      std::fprintf(stderr, "load_votes: GET /log/id failed\n");
      ok = false;
      return;
    }
    log = *id;
  }

  void ReadCurrent() {
    current.assign(kMeasures.size(), std::vector<core::VoteChoice>(citizens));
    // Each citizen's current vote on each measure, so that every vote sent changes it.
    for (size_t m = 0; m < kMeasures.size(); ++m) {
      for (const auto& [citizen, choice] : ReadRollCall(port, kMeasures[m], &ok)) {
        const size_t i = std::strtoul(citizen.c_str() + 2, nullptr, 10) - 1;
        if (i >= citizens) continue;
        for (core::VoteChoice c : {core::VoteChoice::kYes, core::VoteChoice::kNo, core::VoteChoice::kAbstain}) {
          if (choice == core::VoteChoiceName(c)) current[m][i] = c;
        }
      }
    }
  }
  void Sign() {
    // Round after round, every citizen changes each vote (yes -> no -> abstain -> yes ...).
    std::printf("load_votes: signing %zu votes of %zu citizens on %zu measures...\n", total, citizens,
                kMeasures.size());
    std::fflush(stdout);
    votes.resize(total);
    for (size_t v = 0; v < total; ++v) {
      Vote& vote = votes[v];
      vote.measure = v % kMeasures.size();
      vote.citizen = (v / kMeasures.size()) % citizens;
      core::VoteChoice& now = current[vote.measure][vote.citizen];
      now = static_cast<core::VoteChoice>(static_cast<int>(now) % 3 + 1);
      vote.choice = now;
    }
    std::vector<crypto::SigningKey> keys;
    for (size_t i = 0; i < citizens; ++i) keys.push_back(demo::DemoCitizenKey(data_dir, CitizenId(i)).value());
    const UnixMicros signed_at =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    node::ParallelFor(total, [&](size_t v) {
      Vote& vote = votes[v];
      // A distinct author_time per vote: a citizen's vote may return to an earlier choice.
      core::Record r = core::SignRecord(log, core::RecordKind::kVote,
                                        core::EncodePayload(core::VotePayload{kMeasures[vote.measure], vote.choice}),
                                        signed_at + static_cast<UnixMicros>(v), keys[vote.citizen])
                           .value();
      vote.record = r.Encode();
      vote.id = r.Id();
    });
  }
  double Send() {
    // The load: connection k carries the votes of the citizens i with i % connections == k.
    std::vector<std::vector<size_t>> plan(connections);
    for (size_t v = 0; v < total; ++v) plan[votes[v].citizen % connections].push_back(v);
    latency_ms.assign(total, 0);
    index.assign(total, 0);
    status.assign(total, 0);
    std::atomic<size_t> sent{0};
    std::atomic<bool> running{true};
    std::printf("load_votes: %zu votes on %zu connections to 127.0.0.1:%u\n", total, connections, unsigned{port});
    std::fflush(stdout);
    const auto started = Clock::now();
    std::thread progress([&] {
      size_t last = 0;
      auto last_at = started;
      while (running) {
        for (int i = 0; i < 50 && running; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const size_t now_sent = sent.load();
        const auto now = Clock::now();
        std::printf("load_votes: %zu of %zu sent, %.0f votes/s over the last %.1f s\n", now_sent, total,
                    static_cast<double>(now_sent - last) / std::chrono::duration<double>(now - last_at).count(),
                    std::chrono::duration<double>(now - last_at).count());
        std::fflush(stdout);
        last = now_sent;
        last_at = now;
      }
    });
    const std::string path = "/records";
    OnConnections(port, connections, [&](bench::LoadConnection& conn, size_t k) {
      for (size_t v : plan[k]) {
        const auto t0 = Clock::now();
        const Bytes& record = votes[v].record;
        status[v] = conn.Post(path, std::string_view(reinterpret_cast<const char*>(record.data()), record.size()));
        latency_ms[v] = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (status[v] == 201) index[v] = ReceiptIndex(conn.body()).value_or(~std::uint64_t{0});
        ++sent;
      }
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    running = false;
    progress.join();

    return seconds;
  }
  void Summarise(double seconds) {
    size_t acknowledged = 0;
    std::map<int, size_t> refused;  // status -> count
    for (size_t v = 0; v < total; ++v) {
      if (status[v] == 201) {
        ++acknowledged;
      } else {
        ++refused[status[v]];
      }
    }
    std::vector<double> sorted = latency_ms;
    std::sort(sorted.begin(), sorted.end());
    std::printf("load_votes: %zu votes in %.1f s: %.0f votes/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", total,
                seconds, static_cast<double>(total) / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                sorted.empty() ? 0.0 : sorted.back());
    std::printf("load_votes: %zu acknowledged (201)", acknowledged);
    for (const auto& [code, n] : refused) std::printf(", %zu answered %d", n, code);
    std::printf("\n");
    std::fflush(stdout);
    if (acknowledged != total) ok = false;
  }
  void ReadBack() {
    // Every acknowledged vote, read back by its id: in the log, at its receipt's index.
    std::atomic<size_t> present{0}, checked{0};
    const auto check_started = Clock::now();
    OnConnections(port, connections, [&](bench::LoadConnection& conn, size_t k) {
      for (size_t v = k; v < total; v += connections) {
        if (status[v] != 201) continue;
        ++checked;
        if (conn.Get("/records/" + HexEncode(votes[v].id)) == 200 && ReceiptIndex(conn.body()) == index[v]) ++present;
      }
    });
    std::printf("load_votes: %zu of %zu acknowledged votes read back at their receipts' index (%.1f s)\n",
                present.load(), checked.load(), std::chrono::duration<double>(Clock::now() - check_started).count());
    if (present != checked) ok = false;
  }
  void CheckRollCalls() {
    // Each roll call holds every citizen's last vote (current[] now holds what was sent last).
    for (size_t m = 0; m < kMeasures.size(); ++m) {
      std::map<std::string, std::string> roll = ReadRollCall(port, kMeasures[m], &ok);
      size_t match = 0, expected = 0;
      for (size_t i = 0; i < citizens; ++i) {
        if (current[m][i] == core::VoteChoice{}) continue;  // never voted on it
        ++expected;
        auto it = roll.find(CitizenId(i));
        if (it != roll.end() && it->second == core::VoteChoiceName(current[m][i])) ++match;
      }
      std::printf("load_votes: roll call of %s: %zu of %zu citizens' last votes as sent\n", kMeasures[m].c_str(), match,
                  expected);
      if (match != expected) ok = false;
    }
  }
};

int Run(const std::string& data_dir, std::uint16_t port, size_t total, size_t connections, size_t citizens) {
  if (!demo::DemoCitizenKey(data_dir, CitizenId(0)).ok()) {
    std::fprintf(stderr, "load_votes: %s is not the data directory of a demo node\n", data_dir.c_str());
    return 2;
  }
  LoadRun run(data_dir, port, total, connections, citizens);
  run.ReadLogId();
  run.ReadCurrent();
  if (!run.ok) return 1;
  run.Sign();
  run.Summarise(run.Send());
  run.ReadBack();
  run.CheckRollCalls();
  std::printf("load_votes: %s\n", run.ok ? "OK" : "FAILED");
  return run.ok ? 0 : 1;
}

}  // namespace
}  // namespace veche

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) {
    std::fprintf(stderr, "usage: veche_load_votes DEMO_DATA_DIR PORT [VOTES] [CONNECTIONS] [CITIZENS]\n");
    return 2;
  }
  const auto number = [&](int i, unsigned long fallback) {
    return argc > i ? std::strtoul(argv[i], nullptr, 10) : fallback;
  };
  const unsigned long port = number(2, 0), votes = number(3, 1'000'000), connections = number(4, 64),
                      citizens = number(5, 9'980);
  if (port == 0 || port > 65535 || votes == 0 || connections == 0 || connections > 1024 || citizens == 0 ||
      citizens > 99'999) {
    std::fprintf(stderr, "veche_load_votes: PORT 1..65535, VOTES > 0, CONNECTIONS 1..1024, CITIZENS 1..99999\n");
    return 2;
  }
  return veche::Run(argv[1], static_cast<std::uint16_t>(port), votes, connections, citizens);
}
