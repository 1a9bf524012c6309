// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/node/http_client.h"

#include <curl/curl.h>

#include <mutex>

namespace veche::node {
namespace {

struct Sink {
  Bytes data;
  size_t max_bytes;
  bool overflow = false;
};

size_t Write(char* ptr, size_t size, size_t nmemb, void* userdata) {
  auto* sink = static_cast<Sink*>(userdata);
  size_t n = size * nmemb;
  if (sink->data.size() + n > sink->max_bytes) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->data.insert(sink->data.end(), ptr, ptr + n);
  return n;
}

// Options every request sets: where the body goes, errors, timeouts, protocols.
void SetCommonOptions(CURL* curl, const std::string& url, Sink* sink, char* error) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
}

}  // namespace

HttpClient::HttpClient() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpClient::Reply> HttpClient::Post(const std::string& url, ByteView body, size_t max_bytes) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return InternalError("libcurl failed to initialise");
  Sink sink{{}, max_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/octet-stream");
  SetCommonOptions(curl, url, &sink, error);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // the handle is reused for GETs
  if (sink.overflow) return ResourceExhaustedError(url + " sent more than " + std::to_string(max_bytes) + " bytes");
  if (rc != CURLE_OK) return UnavailableError(url + ": " + (error[0] ? error : curl_easy_strerror(rc)));
  Reply reply;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  reply.body = std::move(sink.data);
  return reply;
}

Result<Bytes> HttpClient::Get(const std::string& url, size_t max_bytes) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return InternalError("libcurl failed to initialise");
  Sink sink{{}, max_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  SetCommonOptions(curl, url, &sink, error);
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip if the server offers it
  CURLcode rc = curl_easy_perform(curl);
  if (sink.overflow) {
    return ResourceExhaustedError(url + " sent more than " + std::to_string(max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) return UnavailableError(url + ": " + (error[0] ? error : curl_easy_strerror(rc)));
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status == 200) return std::move(sink.data);
  std::string detail = sink.data.size() <= 512 ? " " + ToString(sink.data) : "";
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
  if (status == 404) return NotFoundError(url + " answered 404" + detail);
  return UnavailableError(url + " answered HTTP " + std::to_string(status) + detail);
}

}  // namespace veche::node
