// SPDX-License-Identifier: AGPL-3.0-or-later
// The parsers of what a client sends besides records: the batch framing of POST /records/batch,
// the paging query of every list (?after=&limit=), query parameters, and the forwarding headers a
// trusted proxy sends (Forwarded, X-Forwarded-For). Nothing may crash, and what they return must
// hold their contracts: spans inside the body, in order, without overlap; a limit of 1..1000; a
// client key that is the proxy or an address.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "veche/api/rate_limit.h"
#include "veche/api/record_batch.h"
#include "veche/api/route_helpers.h"

using namespace veche;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const ByteView input(data, size);
  if (auto spans = api::ParseBatch(input); spans.ok()) {
    size_t end = 0;
    for (const auto& [at, n] : *spans) {
      if (at < end + 4 || n == 0 || at + n > size) std::abort();
      end = at + n;
    }
    if (end != size || spans->size() > 1000) std::abort();
  }
  // The same bytes as a query string and as a forwarding header.
  const std::string text(reinterpret_cast<const char*>(data), size);
  http::Request req;
  req.query = text;
  req.target = "/measures?" + text;
  req.path = "/measures";
  if (auto page = api::ParsePage(req); page.ok() && (page->limit < 1 || page->limit > 1000)) std::abort();
  (void)req.QueryParam("status");
  (void)req.QueryParam("territory");
  const std::vector<std::string> proxies = {"10.0.0.1", "2001:db8::1"};
  for (const char* header : {"forwarded", "x-forwarded-for"}) {
    req.headers = {{header, text}};
    req.remote_address = "10.0.0.1:443";
    const std::string client = api::ClientKey(req, proxies);
    if (client != "10.0.0.1" && !api::IsIpAddress(client.substr(0, client.find('/')))) std::abort();
  }
  req.remote_address = text;  // never from a client, but must not crash either
  (void)api::ClientKey(req, proxies);
  return 0;
}
