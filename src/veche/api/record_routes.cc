// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/record_routes.h"

#include "veche/api/record_batch.h"

#include <map>
#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"
#include "veche/node/summary_publisher.h"

namespace veche::api {
namespace {

nlohmann::json ReceiptBody(const node::Receipt& r) {
  nlohmann::json proof = nlohmann::json::array();
  for (const ledger::Hash& h : r.inclusion_proof) proof.push_back(Base64Encode(h));
  return {{"index", r.index},         {"record_id", HexEncode(r.record_id)}, {"duplicate", r.duplicate},
          {"tree_size", r.tree_size}, {"checkpoint", r.checkpoint},          {"inclusion_proof", proof}};
}

http::Response ReceiptJson(int status, const node::Receipt& r) {
  return http::Response::Json(status, ReceiptBody(r).dump() + "\n");
}

// 429 with Retry-After for a client over its rate; 413 (and no Retry-After: waiting would not
// help) for a cost over the limiter's burst; nullopt to go ahead. `what` names the cost's unit.
std::optional<http::Response> OverLimit(RateLimiter* limit, std::string_view client, double cost,
                                        const std::string& what, std::string_view code = "rate_limited") {
  if (!limit) return std::nullopt;
  if (cost > limit->burst()) {
    return http::Response::Error(413, "batch_too_large",
                                 "this is " + std::to_string(static_cast<long long>(cost)) + " " + what +
                                     ", more than this node ever takes at once (" +
                                     std::to_string(static_cast<long long>(limit->burst())) +
                                     "): send smaller batches");
  }
  int retry_after = 0;
  if (limit->Allow(client, &retry_after, cost)) return std::nullopt;
  http::Response r = http::Response::Error(
      429, code, "over this node's limit of " + what + "; retry in " + std::to_string(retry_after) + " s");
  r.SetHeader("Retry-After", std::to_string(retry_after));
  return r;
}

// What a submission of `records` records in a body of `bytes` costs a client address: one per
// record, and one more per full 16 KiB, so that large texts count by their size.
double AddressCost(size_t records, size_t bytes) {
  return static_cast<double>(records + bytes / (16 * 1024));
}

// Charges each author of `spans` of `body` its records' bytes; the first author over budget
// gets the refusal (nothing is submitted then).
std::optional<http::Response> OverAuthorBudget(RateLimiter* limit, std::string_view body,
                                               const std::vector<std::pair<size_t, size_t>>& spans) {
  if (!limit) return std::nullopt;
  std::map<std::string, double> bytes;  // author key bytes -> bytes in this body
  for (const auto& [at, n] : spans) {
    ByteView author = core::RecordAuthorField(AsBytes(body).subspan(at, n));
    if (!author.empty()) bytes[std::string(ToString(author))] += static_cast<double>(n);  // else refused later
  }
  for (const auto& [author, n] : bytes) {
    if (auto refused = OverLimit(limit, author, n, "record bytes per author key", "author_over_budget")) {
      return refused;
    }
  }
  return std::nullopt;
}

constexpr std::int64_t kDigestIntervalMicros = 250'000;

http::Response DigestResponse(const node::StateSummary& s) {
  nlohmann::json sections = nlohmann::json::object();
  for (const auto& [name, digest] : s.sections) sections[name] = HexEncode(digest);
  nlohmann::json body = {{"records", s.records}, {"digest", HexEncode(s.digest)}, {"sections", sections}};
  http::Response r = http::Response::Json(200, body.dump() + "\n");
  r.SetHeader("Cache-Control", "no-cache");
  return r;
}

using Receipts = std::vector<Result<node::Receipt>>;

// Submits the records at `spans` (offset, length) of `body`: they are checked and applied on the
// I/O thread that calls the Later response's start, then the response waits for their durable
// commit without holding a thread, and is answer(receipts), receipts proved, one per span.
http::Response SubmitLater(node::Node& node, std::string body, std::vector<std::pair<size_t, size_t>> spans,
                           std::function<http::Response(const Receipts&)> answer) {
  return http::Response::Later([&node, body = std::move(body), spans = std::move(spans),
                                answer = std::move(answer)](const http::Response::Finish& finish) {
    std::vector<ByteView> records;
    records.reserve(spans.size());
    for (const auto& [at, n] : spans) records.push_back(AsBytes(body).subspan(at, n));
    node.SubmitBatchAsync(records, [&node, finish, answer](Receipts sequenced) {
      finish([&node, answer, receipts = std::move(sequenced)]() mutable {  // on the connection's I/O thread
        node.Prove(receipts);
        return answer(receipts);
      });
    });
  });
}

}  // namespace

void AddRecordRoutes(http::Router& router, node::Node& node, RecordLimits limits) {
  router.Post("/records", [&node, limits](const http::Request& req) {
    const std::string client = ClientKey(req, limits.trusted_proxies);
    if (auto refused = OverLimit(limits.per_address, client, AddressCost(1, req.body.size()), "records per address")) {
      return *refused;
    }
    if (req.body.empty()) return http::Response::Error(400, "empty_body", "POST the encoded record as the body");
    if (auto refused = OverAuthorBudget(limits.author_bytes, req.body, {{0, req.body.size()}})) return *refused;
    return SubmitLater(node, req.body, {{0, req.body.size()}}, [](const Receipts& receipts) {
      if (!receipts[0].ok()) return http::Response::FromStatus(receipts[0].error());
      return ReceiptJson(receipts[0]->duplicate ? 200 : 201, *receipts[0]);
    });
  });
  router.Post("/records/batch", [&node, limits](const http::Request& req) {
    Result<std::vector<std::pair<size_t, size_t>>> parsed = ParseBatch(AsBytes(req.body));
    if (!parsed.ok()) {
      return http::Response::Error(
          400, parsed.error().code() == StatusCode::kOutOfRange ? "batch_too_large" : "malformed_batch",
          parsed.error().message());
    }
    std::vector<std::pair<size_t, size_t>> records = std::move(*parsed);
    if (records.empty()) return http::Response::Error(400, "empty_body", "POST length-prefixed records as the body");
    const double cost = AddressCost(records.size(), req.body.size());
    if (auto refused =
            OverLimit(limits.per_address, ClientKey(req, limits.trusted_proxies), cost, "records per address")) {
      return *refused;
    }
    if (auto refused = OverAuthorBudget(limits.author_bytes, req.body, records)) return *refused;
    return SubmitLater(node, req.body, std::move(records), [](const Receipts& results) {
      nlohmann::json out = nlohmann::json::array();
      for (const Result<node::Receipt>& r : results) {
        if (r.ok()) {
          out.push_back(ReceiptBody(*r));
        } else {
          out.push_back({{"error", {{"code", StatusCodeName(r.error().code())}, {"message", r.error().message()}}}});
        }
      }
      nlohmann::json answer = {{"results", std::move(out)}};
      return http::Response::Json(200, answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    });
  });
  router.Get("/records/{id}", [&node](const http::Request& req) {
    std::string_view hex = req.PathParam("id");
    Result<Bytes> id = HexDecode(hex);
    if (!id.ok() || id->size() != 32) {
      return http::Response::Error(400, "bad_record_id", "a record id is 64 lowercase hex digits");
    }
    core::RecordId record_id;
    std::copy(id->begin(), id->end(), record_id.begin());
    Result<node::Receipt> receipt = node.ReceiptFor(record_id);
    if (!receipt.ok()) return http::Response::FromStatus(receipt.error());
    return ReceiptJson(200, *receipt);
  });
  auto publisher = std::make_shared<node::SummaryPublisher>(
      [&node] { return node.Summary(); },
      [&node] { return node.ReadState([](const core::State& s) { return s.records; }); }, kDigestIntervalMicros);
  router.Get("/state/digest", [publisher, limits](const http::Request& req) {
    if (auto refused =
            OverLimit(limits.digest, ClientKey(req, limits.trusted_proxies), 1, "digest requests per address")) {
      return *refused;
    }
    return http::Response::Later([publisher](const http::Response::Finish& finish) {
      publisher->Request([finish](const node::StateSummary& s) { finish([s] { return DigestResponse(s); }); });
    });
  });
}

}  // namespace veche::api
