#include "veche/api/record_routes.h"

#include <nlohmann/json.hpp>

#include "veche/base/text_codec.h"

namespace veche::api {
namespace {

http::Response ReceiptJson(int status, const node::Receipt& r) {
  nlohmann::json proof = nlohmann::json::array();
  for (const ledger::Hash& h : r.inclusion_proof) proof.push_back(Base64Encode(h));
  nlohmann::json body = {{"index", r.index},         {"record_id", HexEncode(r.record_id)}, {"duplicate", r.duplicate},
                         {"tree_size", r.tree_size}, {"checkpoint", r.checkpoint},          {"inclusion_proof", proof}};
  return http::Response::Json(status, body.dump() + "\n");
}

}  // namespace

void AddRecordRoutes(http::Router& router, node::Node& node, RateLimiter* submit_limit) {
  router.Post("/records", [&node, submit_limit](const http::Request& req) {
    int retry_after = 0;
    if (submit_limit && !submit_limit->Allow(ClientHost(req.remote_address), &retry_after)) {
      http::Response r = http::Response::Error(
          429, "rate_limited",
          "too many submissions from this address; retry in " + std::to_string(retry_after) + " s");
      r.SetHeader("Retry-After", std::to_string(retry_after));
      return r;
    }
    if (req.body.empty()) return http::Response::Error(400, "empty_body", "POST the encoded record as the body");
    Result<node::Receipt> receipt = node.Submit(AsBytes(req.body));
    if (!receipt.ok()) return http::Response::FromStatus(receipt.error());
    return ReceiptJson(receipt->duplicate ? 200 : 201, *receipt);
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
  router.Get("/state/digest", [&node](const http::Request&) {
    node::StateSummary s = node.Summary();
    nlohmann::json sections = nlohmann::json::object();
    for (const auto& [name, digest] : s.sections) sections[name] = HexEncode(digest);
    nlohmann::json body = {{"records", s.records}, {"digest", HexEncode(s.digest)}, {"sections", sections}};
    http::Response r = http::Response::Json(200, body.dump() + "\n");
    r.SetHeader("Cache-Control", "no-cache");
    return r;
  });
}

}  // namespace veche::api
