// SPDX-License-Identifier: AGPL-3.0-or-later
#include "veche/api/web_routes.h"

#include <zlib.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "veche/base/text_codec.h"
#include "veche/crypto/sha256.h"

namespace veche::api {
namespace {

constexpr const char* kFiles[] = {"index.html", "app.js", "app.js.map", "style.css"};
constexpr const char* kPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string ContentType(const std::string& name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.ends_with(s); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  return "application/json";
}

// `data` as a gzip stream (RFC 1952); nullopt if zlib fails. zlib's default level, not its best:
// this runs at every start, and on the UI's 2.2 MB it takes half the time for output under 1% larger.
std::optional<std::string> Gzip(std::string_view data) {
  z_stream z{};
  constexpr int kGzipWindowBits = 15 + 16;  // +16: a gzip header and trailer instead of zlib's
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

// True if the client's Accept-Encoding takes gzip (a "gzip" token whose q is not 0; "*" counts).
bool AcceptsGzip(const http::Request& req) {
  std::optional<std::string_view> header = req.Header("accept-encoding");
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi), params = semi == std::string_view::npos ? "" : item.substr(semi);
    auto trim = [](std::string_view v) {
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return v;
    };
    coding = trim(coding);
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    // q=0, 0.0, 0.00, 0.000 refuse it; any other q accepts.
    const size_t q = params.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = trim(params.substr(q + 2));
    const bool zero =
        !value.empty() && value.front() == '0' && value.substr(1).find_first_not_of(".0") == std::string_view::npos;
    return !zero;
  }
  return false;
}

// One file as served: its bytes, type and ETag, and its gzip form with its own ETag when that is
// smaller, all computed once.
struct Asset {
  std::string body, type, etag;
  std::optional<std::string> gzip;
  std::string gzip_etag;
};

Asset MakeAsset(const std::string& name, std::string body) {
  std::string hash = HexEncode(crypto::Sha256().Update(AsBytes(body)).Finish()).substr(0, 32);
  Asset a{std::move(body), ContentType(name), "\"" + hash + "\"", std::nullopt, "\"" + hash + "-gzip\""};
  constexpr size_t kWorthCompressing = 1024;
  if (a.body.size() >= kWorthCompressing) {
    if (std::optional<std::string> packed = Gzip(a.body); packed && packed->size() < a.body.size()) a.gzip = packed;
  }
  return a;
}

http::Response Serve(const Asset& a, const http::Request& req) {
  const bool gzip = a.gzip && AcceptsGzip(req);
  const std::string& etag = gzip ? a.gzip_etag : a.etag;
  std::optional<std::string_view> match = req.Header("if-none-match");
  http::Response r = match && *match == etag ? http::Response::Text(304, "")
                                             : http::Response::Text(200, gzip ? *a.gzip : a.body, a.type);
  if (gzip) r.SetHeader("Content-Encoding", "gzip");
  if (a.gzip) r.SetHeader("Vary", "Accept-Encoding");
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", "no-cache");  // revalidate: a rebuilt UI shows at once
  r.SetHeader("Content-Security-Policy", kPolicy);
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  return r;
}

constexpr const char* kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>veche node</title></head><body>
<h1>veche</h1>
<p>This node is running, but its web UI is not built (or <code>--web</code> points elsewhere).
Build it with <code>scripts/build.sh</code> (which runs <code>npm ci &amp;&amp; npm run build</code> in
<code>web/</code>). The open data is here regardless: <a href="/measures">/measures</a>,
<a href="/laws">/laws</a>, <a href="/export">/export</a>, <a href="/log/checkpoint">/log/checkpoint</a>.</p>
</body></html>
)";

}  // namespace

Result<std::shared_ptr<const WebAssets>> LoadWebAssets(const std::string& dir) {
  auto assets = std::make_shared<WebAssets>();
  for (const char* name : kFiles) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    if (!in) {
      return NotFoundError("the web UI is not built: " + dir + "/" + name +
                           " is missing (run scripts/build.sh, or npm ci && npm run build in web/)");
    }
    std::ostringstream content;
    content << in.rdbuf();
    assets->files[name] = content.str();
  }
  return std::shared_ptr<const WebAssets>(std::move(assets));
}

void AddWebRoutes(http::Router& router, std::shared_ptr<const WebAssets> assets, bool kiosk) {
  if (!assets) {
    router.Get(
        "/", [](const http::Request&) { return http::Response::Text(200, kNotBuiltPage, "text/html; charset=utf-8"); });
    return;
  }
  auto served = std::make_shared<std::map<std::string, Asset>>();
  for (const auto& [name, body] : assets->files) (*served)[name] = MakeAsset(name, body);
  std::string kiosk_page = assets->files.at("index.html");
  if (size_t at = kiosk_page.find("data-mode=\"citizen\""); at != std::string::npos) {
    kiosk_page.replace(at, 19, "data-mode=\"kiosk\"");
  }
  auto kiosk_asset = std::make_shared<Asset>(MakeAsset("index.html", std::move(kiosk_page)));
  router.Get("/", [served, kiosk_asset, kiosk](const http::Request& req) {
    return Serve(kiosk ? *kiosk_asset : served->at("index.html"), req);
  });
  router.Get("/kiosk", [kiosk_asset](const http::Request& req) { return Serve(*kiosk_asset, req); });
  router.Get("/ui/{file}", [served](const http::Request& req) {
    auto it = served->find(std::string(req.PathParam("file")));
    if (it == served->end()) return http::Response::Error(404, "not_found", "no such file of the web UI");
    return Serve(it->second, req);
  });
}

}  // namespace veche::api
