// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// The web UI (web/, built by npm into web/dist/) served by the node:
//   GET /            the page (index.html), in kiosk mode when `kiosk` is set
//   GET /kiosk       the page in kiosk mode (one voter at a time, nothing kept)
//   GET /ui/<file>   app.js, app.js.map, style.css, index.html
// The files are read once, at start, into memory: requests never touch the file system, so no
// path from a client can reach it. Answers carry a strong ETag (SHA-256 of the file) and a
// Content-Security-Policy that allows only the node's own scripts (and WebAssembly, for libsodium).
// A file of 1 KB or more is also compressed once (gzip, zlib) and sent so, with its own ETag, to
// clients whose Accept-Encoding takes gzip (Vary: Accept-Encoding).

#include <map>
#include <memory>
#include <string>

#include "veche/base/result.h"
#include "veche/http/router.h"

namespace veche::api {

struct WebAssets {
  std::map<std::string, std::string> files;  // file name -> content
};

// Reads the UI's files from `dir` (web/dist). kNotFound naming the build step if it is not built.
Result<std::shared_ptr<const WebAssets>> LoadWebAssets(const std::string& dir);

// With `assets` null, / answers a short page saying how to build the UI.
void AddWebRoutes(http::Router& router, std::shared_ptr<const WebAssets> assets, bool kiosk);

}  // namespace veche::api
