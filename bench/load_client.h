// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once
// A lean HTTP/1.1 client for load runs: one keep-alive TCP connection, each request written as
// prepared bytes, each response read by its Content-Length. libcurl costs several times more CPU
// per request, and a load run shares the machine's two cores with the server it measures: this
// client leaves them to the server. Benchmarks only; nothing here is hardened for the network.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace veche::bench {

class LoadConnection {
 public:
  explicit LoadConnection(std::uint16_t port) : port_(port) {}
  LoadConnection(const LoadConnection&) = delete;
  LoadConnection& operator=(const LoadConnection&) = delete;
  ~LoadConnection() { Close(); }

  // POSTs `body` to `path` / GETs `path`: the response's status, or -1 if the exchange failed
  // (the next call reconnects). The response body (de-chunked) is left in body().
  int Post(std::string_view path, std::string_view body) {
    request_.clear();
    request_.append("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    request_.append("Content-Type: application/octet-stream\r\nContent-Length: ");
    request_.append(std::to_string(body.size())).append("\r\n\r\n").append(body);
    return Exchange();
  }
  int Get(std::string_view path) {
    request_.clear();
    request_.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return Exchange();
  }
  const std::string& body() const { return body_; }

 private:
  int Exchange() {
    if (fd_ < 0 && !Connect()) return -1;
    if (!SendAll(request_)) return Fail();
    return ReadResponse();
  }
  bool Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int Fail() {
    Close();
    return -1;
  }
  bool SendAll(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  bool ReadMore() {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  int ReadResponse() {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return Fail();
    }
    if (buffer_.compare(0, 9, "HTTP/1.1 ") != 0 || buffer_.size() < 12) return Fail();
    const int status = std::stoi(buffer_.substr(9, 3));
    size_t length = 0;
    bool close_after = false, chunked = false;
    for (size_t at = buffer_.find("\r\n") + 2; at < header_end;) {
      const size_t eol = buffer_.find("\r\n", at);
      std::string line = buffer_.substr(at, eol - at);
      for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (line.rfind("content-length:", 0) == 0) length = std::stoul(line.substr(15));
      if (line.rfind("transfer-encoding:", 0) == 0 && line.find("chunked") != std::string::npos) chunked = true;
      if (line.rfind("connection:", 0) == 0 && line.find("close") != std::string::npos) close_after = true;
      at = eol + 2;
    }
    buffer_.erase(0, header_end + 4);
    body_.clear();
    if (chunked ? !ReadChunks() : !ReadExactly(length)) return Fail();
    if (close_after) Close();
    return status;
  }
  bool ReadExactly(size_t length) {
    while (buffer_.size() < length) {
      if (!ReadMore()) return false;
    }
    body_.append(buffer_, 0, length);
    buffer_.erase(0, length);
    return true;
  }
  // Chunks: a hex size line, the bytes, CRLF; a zero size ends them (then an empty trailer line).
  bool ReadChunks() {
    for (;;) {
      size_t eol;
      while ((eol = buffer_.find("\r\n")) == std::string::npos) {
        if (!ReadMore()) return false;
      }
      const size_t size = std::stoul(buffer_.substr(0, eol), nullptr, 16);
      buffer_.erase(0, eol + 2);
      if (size == 0) {
        while (buffer_.size() < 2) {
          if (!ReadMore()) return false;
        }
        buffer_.erase(0, 2);
        return true;
      }
      while (buffer_.size() < size + 2) {
        if (!ReadMore()) return false;
      }
      body_.append(buffer_, 0, size);
      buffer_.erase(0, size + 2);
    }
  }

  std::uint16_t port_;
  int fd_ = -1;
  std::string request_, buffer_, body_;
};

// `requests` GETs of `path` from `clients` keep-alive connections at once: the latencies in
// milliseconds, sorted, and whether every answer was 200.
struct GetLoad {
  std::vector<double> latencies_ms;
  bool all_ok = true;
  double Percentile(int p) const { return latencies_ms[latencies_ms.size() * static_cast<size_t>(p) / 100]; }
};
inline GetLoad GetUnderLoad(std::uint16_t port, const std::string& path, size_t requests, int clients) {
  GetLoad load;
  load.latencies_ms.resize(requests);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      LoadConnection client(port);
      for (size_t i; (i = next.fetch_add(1)) < requests;) {
        auto started = std::chrono::steady_clock::now();
        if (client.Get(path) != 200) failed = true;
        load.latencies_ms[i] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      }
    });
  }
  for (auto& t : threads) t.join();
  load.all_ok = !failed;
  std::sort(load.latencies_ms.begin(), load.latencies_ms.end());
  return load;
}

}  // namespace veche::bench
