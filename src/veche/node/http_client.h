// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A blocking HTTP GET client (libcurl) that reuses its connection, for observers and the
// `veche log verify` command. Not thread-safe: one per thread.

#include <memory>
#include <string>

#include "veche/base/bytes.h"
#include "veche/base/result.h"

namespace veche::node {

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GETs `url`. Succeeds only on HTTP 200; a response larger than `max_bytes` is cut off with
  // kResourceExhausted. 404 → kNotFound; other statuses → kUnavailable naming the status (with the
  // response body appended when it is at most 512 bytes); network errors → kUnavailable.
  Result<Bytes> Get(const std::string& url, size_t max_bytes);

  struct Reply {
    long status = 0;
    Bytes body;
  };
  // POSTs `body` as application/octet-stream and returns the status and body whatever the status
  // (the caller decides); kUnavailable only for network errors, kResourceExhausted over max_bytes.
  Result<Reply> Post(const std::string& url, ByteView body, size_t max_bytes);

 private:
  void* curl_;
};

}  // namespace veche::node
