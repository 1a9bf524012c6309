#include "veche/api/web_routes.h"

#include <fstream>
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

// One file as served: its bytes, type and ETag, computed once.
struct Asset {
  std::string body, type, etag;
};

Asset MakeAsset(const std::string& name, std::string body) {
  std::string etag = "\"" + HexEncode(crypto::Sha256().Update(AsBytes(body)).Finish()).substr(0, 32) + "\"";
  return {std::move(body), ContentType(name), std::move(etag)};
}

http::Response Serve(const Asset& a, const http::Request& req) {
  std::optional<std::string_view> match = req.Header("if-none-match");
  http::Response r =
      match && *match == a.etag ? http::Response::Text(304, "") : http::Response::Text(200, a.body, a.type);
  r.SetHeader("ETag", a.etag);
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
