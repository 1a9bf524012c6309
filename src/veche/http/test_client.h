// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A deliberately dumb blocking HTTP/1.1 client over a raw socket, for server tests: it sends
// exactly the bytes it is given (so tests can send malformed requests) and parses one response.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace veche::http::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port from `from` (any 127.x.y.z: another client address on loopback);
  // receive timeout `timeout_ms` per read.
  explicit RawConnection(std::uint16_t port, int timeout_ms = 5000, const char* from = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all bytes; false if the peer closed.
  bool Send(const std::string& bytes);
  // Reads one response (Content-Length framed; HEAD responses with head_only). nullopt on
  // close/timeout before a full response.
  std::optional<RawResponse> ReadResponse(bool head_only = false);
  // True if the server closes the connection (EOF) within the timeout.
  bool WaitForClose();
  // Everything the server sends until it closes the connection (or the timeout).
  std::string ReadUntilClose();

 private:
  bool Fill();
  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
std::optional<RawResponse> Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                                 const std::string& body = "");

// The body of a chunked HTTP/1.1 message (after the header); nullopt if the chunks are malformed
// or the last chunk is missing.
std::optional<std::string> DecodeChunked(const std::string& body);

}  // namespace veche::http::testing
