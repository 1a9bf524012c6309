// SPDX-License-Identifier: AGPL-3.0-or-later
// The one translation unit that includes Boost.Beast (it takes ~25 s to compile; keep it alone).
#include <utility>  // before Asio under GCC 12, see PLATFORM-NOTES.md

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "veche/http/server.h"

#include <sys/resource.h>

namespace veche::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

Method ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get: return Method::kGet;
    case bhttp::verb::head: return Method::kHead;
    case bhttp::verb::post: return Method::kPost;
    case bhttp::verb::put: return Method::kPut;
    case bhttp::verb::delete_: return Method::kDelete;
    case bhttp::verb::patch: return Method::kPatch;
    case bhttp::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

// One client connection. Everything here is touched only on the connection's strand.
struct Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(tcp::socket s) : socket(std::move(s)), deadline(socket.get_executor()) {}

  // Cancels the socket's pending operation if it has not completed within `timeout`. Unlike
  // beast::tcp_stream's expiry this cancels rather than closes, so a 408 can still be written.
  void ArmDeadline(std::chrono::milliseconds timeout) {
    timed_out = false;
    std::uint64_t armed = ++deadline_generation;
    deadline.expires_after(timeout);
    // A weak reference: the handler may already be queued when the connection goes away.
    deadline.async_wait([weak = weak_from_this(), armed](const beast::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || armed != self->deadline_generation) return;  // disarmed or re-armed since
      self->timed_out = true;
      beast::error_code ignored;
      self->socket.cancel(ignored);
    });
  }
  void DisarmDeadline() {
    ++deadline_generation;
    deadline.cancel();
  }

  tcp::socket socket;
  asio::steady_timer deadline;
  std::uint64_t deadline_generation = 0;
  bool timed_out = false;
  std::atomic<bool> idle{false};  // waiting for the next request (read by the accept loop too)
  std::string address;            // AddressKey of the peer, counted in connections_per_address_
  bool evicted = false;           // chosen to close for a newcomer (guarded by connections_mu_)
};

// Whose connection this is, for the per-address cap: an IPv4 address, or the /64 prefix of an IPv6
// one (what one host is usually given); a v4-mapped IPv6 address counts as its IPv4 address.
std::string AddressKey(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_string();
  const asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  asio::ip::address_v6::bytes_type bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

class BeastServer final : public Server {
 public:
  BeastServer(ServerOptions options, Router router)
      : options_(std::move(options)),
        router_(std::move(router)),
        ioc_(ThreadCount()),
        acceptor_(asio::make_strand(ioc_)) {}

  ~BeastServer() override { Shutdown(); }

  // Files the process keeps besides connections: the stores, their WAL files, the listening socket,
  // stdio, the resolver, libraries.
  static constexpr std::size_t kReservedFiles = 64;

  void FitConnectionsToFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t needed = options_.max_connections + kReservedFiles;
    if (limit.rlim_cur < needed) {
      limit.rlim_cur = std::min<rlim_t>(needed, limit.rlim_max);
      ::setrlimit(RLIMIT_NOFILE, &limit);
      ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < needed) {
      options_.max_connections = limit.rlim_cur > 2 * kReservedFiles ? limit.rlim_cur - kReservedFiles : kReservedFiles;
    }
  }

  Status Listen() {
    FitConnectionsToFileLimit();
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
      return InvalidArgumentError("cannot resolve listen host '" + options_.host + "': " + ec.message());
    }
    tcp::endpoint endpoint = results.begin()->endpoint();
    std::string where = options_.host + ":" + std::to_string(options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return UnavailableError("cannot listen on " + where + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(acceptor_.get_executor(), AcceptLoop(), asio::detached);
    for (int i = 0; i < ThreadCount(); ++i) {
      threads_.emplace_back([this] { RunIoContext(); });
    }
    return OkStatus();
  }

  std::uint16_t port() const override { return port_; }
  std::size_t max_connections() const override { return options_.max_connections; }

  void Shutdown() override {
    if (shut_down_.exchange(true)) return;
    stopping_.store(true);
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    {
      std::lock_guard lock(connections_mu_);
      for (auto& [id, weak] : connections_) {
        if (auto conn = weak.lock()) {
          asio::post(conn->socket.get_executor(), [conn] {
            beast::error_code ignored;
            if (conn->idle) conn->socket.cancel(ignored);
          });
        }
      }
    }
    {
      std::unique_lock lock(connections_mu_);
      drained_.wait_for(lock, options_.shutdown_grace, [this] { return connections_.empty(); });
      // A response made later holds its coroutine's completion handler outside the I/O threads:
      // it must be handed back (posted) before they stop. Response::Later promises it comes.
      drained_.wait(lock, [this] { return unfinished_later_ == 0; });
    }
    ioc_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  int ThreadCount() const {
    if (options_.threads > 0) return options_.threads;
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
  }

  void RunIoContext() {
    // Every coroutine catches its own exceptions; this loop is a last line of defence so that one
    // unexpected throw from Asio cannot take the whole node down.
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception&) {
        if (stopping_.load()) return;
      }
    }
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      tcp::socket socket(asio::make_strand(ioc_));
      beast::error_code ec;
      co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (stopping_.load() || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of file descriptors or a transient network error: back off instead of spinning.
        asio::steady_timer timer(acceptor_.get_executor(), std::chrono::milliseconds(50));
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      // A response may leave in more than one segment (header, body, chunks): with Nagle's
      // algorithm the later ones would wait for the client's delayed ACK, up to 40 ms on Linux.
      socket.set_option(tcp::no_delay(true), ec);
      auto conn = std::make_shared<Connection>(std::move(socket));
      const auto peer = conn->socket.remote_endpoint(ec);
      conn->address = ec ? std::string() : AddressKey(peer.address());
      std::uint64_t id;
      const char* refusal = Admit(conn, id);
      if (refusal != nullptr) {
        asio::co_spawn(conn->socket.get_executor(), RejectBusy(conn, refusal), asio::detached);
      } else {
        asio::co_spawn(conn->socket.get_executor(), Session(conn, id), asio::detached);
      }
    }
  }

  // Takes `conn` into the table, or says why not: its address holds its share already, or the
  // server is full and no idle connection can give way (an idle one is closed for a newcomer,
  // so that held-open connections cannot lock others out).
  const char* Admit(const std::shared_ptr<Connection>& conn, std::uint64_t& id) {
    std::lock_guard lock(connections_mu_);
    id = next_connection_id_++;
    std::size_t& mine = connections_per_address_[conn->address];
    if (mine >= options_.max_connections_per_address) {
      if (mine == 0) connections_per_address_.erase(conn->address);
      return "your address has too many open connections to this server; close some or retry later";
    }
    if (connections_.size() >= options_.max_connections && !EvictIdleLocked()) {
      if (mine == 0) connections_per_address_.erase(conn->address);
      return "the server has too many open connections; retry later";
    }
    ++mine;
    connections_.emplace(id, conn);
    return nullptr;
  }

  // Closes one idle keep-alive connection, preferring the address that holds the most. Called
  // with connections_mu_ held; false if none is idle.
  bool EvictIdleLocked() {
    std::shared_ptr<Connection> chosen;
    std::size_t chosen_holds = 0;
    for (auto& [other_id, weak] : connections_) {
      auto other = weak.lock();
      if (!other || !other->idle.load() || other->evicted) continue;
      const std::size_t holds = connections_per_address_[other->address];
      if (!chosen || holds > chosen_holds) chosen = other, chosen_holds = holds;
    }
    if (!chosen) return false;
    chosen->evicted = true;
    asio::post(chosen->socket.get_executor(), [chosen] {
      beast::error_code ignored;
      if (chosen->idle.load()) chosen->socket.cancel(ignored);
    });
    return true;
  }

  asio::awaitable<void> RejectBusy(std::shared_ptr<Connection> conn, const char* why) {
    try {
      Response response = Response::Error(503, "unavailable", why);
      response.SetHeader("Retry-After", "1");
      co_await WriteResponse(*conn, Method::kGet, response, /*close=*/true);
      CloseGracefully(*conn);
    } catch (...) {
    }
  }

  // The status line and headers of `response` on a Beast response of any body type.
  template <typename Body>
  static void SetHead(bhttp::response<Body>& res, const Response& response, bool close) {
    res.version(11);
    res.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) res.set(name, value);
    res.set(bhttp::field::server, "veche");
    res.keep_alive(!close);
  }

  // Returns the body bytes sent, or nullopt if the write failed or timed out.
  asio::awaitable<std::optional<std::size_t>> WriteResponse(Connection& conn, Method method, const Response& response,
                                                            bool close) {
    if (response.stream && method != Method::kHead) co_return co_await WriteStream(conn, response, close);
    bhttp::response<bhttp::string_body> res;
    SetHead(res, response, close);
    std::size_t body_size = response.body.size();
    if (method == Method::kHead) {
      res.content_length(body_size);  // what a GET would carry; no body follows
    } else {
      res.body() = response.body;
      res.prepare_payload();
    }
    conn.ArmDeadline(options_.request_timeout);
    beast::error_code ec;
    if (method == Method::kHead) {
      bhttp::response_serializer<bhttp::string_body> sr(res);
      sr.split(true);
      co_await bhttp::async_write_header(conn.socket, sr, asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await bhttp::async_write(conn.socket, res, asio::redirect_error(asio::use_awaitable, ec));
    }
    conn.DisarmDeadline();
    if (ec) co_return std::nullopt;
    co_return method == Method::kHead ? 0 : body_size;
  }

  // A streamed body in HTTP/1.1 chunks; each write is bounded by the request timeout.
  asio::awaitable<std::optional<std::size_t>> WriteStream(Connection& conn, const Response& response, bool close) {
    bhttp::response<bhttp::empty_body> res;
    SetHead(res, response, close);
    res.chunked(true);
    beast::error_code ec;
    conn.ArmDeadline(options_.request_timeout);
    bhttp::response_serializer<bhttp::empty_body> sr(res);
    co_await bhttp::async_write_header(conn.socket, sr, asio::redirect_error(asio::use_awaitable, ec));
    conn.DisarmDeadline();
    std::size_t sent = 0;
    std::string chunk;
    bool more = true;
    while (!ec && more) {
      chunk.clear();
      try {
        more = response.stream(chunk);
      } catch (...) {
        co_return std::nullopt;  // the body is cut short: the missing last chunk tells the client
      }
      if (chunk.empty()) continue;
      conn.ArmDeadline(options_.request_timeout);
      co_await asio::async_write(conn.socket, bhttp::make_chunk(asio::buffer(chunk)),
                                 asio::redirect_error(asio::use_awaitable, ec));
      conn.DisarmDeadline();
      sent += chunk.size();
    }
    if (!ec) {
      conn.ArmDeadline(options_.request_timeout);
      co_await asio::async_write(conn.socket, bhttp::make_chunk_last(), asio::redirect_error(asio::use_awaitable, ec));
      conn.DisarmDeadline();
    }
    if (ec) co_return std::nullopt;
    co_return sent;
  }

  static void CloseGracefully(Connection& conn) {
    beast::error_code ignored;
    conn.socket.shutdown(tcp::socket::shutdown_send, ignored);
    conn.socket.close(ignored);
  }

  void Log(AccessLogEntry entry) {
    if (options_.access_log) options_.access_log(entry);
  }

  // Turns a failed read into the response the client gets, or nullopt when the connection
  // should just close (peer gone, idle timeout, shutdown).
  static std::optional<Response> ReadFailureResponse(const beast::error_code& ec, bool timed_out) {
    if (timed_out) return Response::Error(408, "request_timeout", "the request was not received in time");
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return std::nullopt;
    }
    if (ec == bhttp::error::header_limit) {
      return Response::Error(431, "headers_too_large", "the request line and headers exceed the size limit");
    }
    if (ec == bhttp::error::body_limit) {
      return Response::Error(413, "body_too_large", "the request body exceeds the size limit");
    }
    if (ec == bhttp::error::buffer_overflow) {
      return Response::Error(431, "headers_too_large", "the request exceeds the buffer limit");
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return Response::Error(400, "malformed_request", "malformed HTTP request: " + ec.message());
    }
    return std::nullopt;
  }

  static Request ToRequest(bhttp::request<bhttp::string_body>& req, std::string remote) {
    Request request;
    request.method = ToMethod(req.method());
    request.target = std::string(req.target());
    size_t q = request.target.find('?');
    request.path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(req.body());
    request.remote_address = std::move(remote);
    return request;
  }

  // Suspends the connection's coroutine until the handler's `finish` (see Response::Later), then
  // makes the response on the connection's strand. No thread waits meanwhile.
  asio::awaitable<Response> AwaitLater(std::function<void(Response::Finish)> start) {
    auto failed = [] { return Response::Error(500, "internal", "the handler failed"); };
    Response::Make make = co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response::Make)>(
        [this, &start, failed](auto handler) {
          // The coroutine's completion handler, resumed once on its own executor (the strand).
          struct Pending {
            explicit Pending(decltype(handler) h) : resume(std::move(h)) {}  // clang 14: no paren-init of aggregates
            decltype(handler) resume;
            std::atomic<bool> finished{false};
          };
          auto pending = std::make_shared<Pending>(std::move(handler));
          {
            std::lock_guard lock(connections_mu_);
            ++unfinished_later_;
          }
          auto finish = [this, pending](Response::Make made) {
            if (pending->finished.exchange(true)) return;  // a second call breaks the contract: ignored
            auto executor = asio::get_associated_executor(pending->resume);
            asio::post(executor,
                       [pending, made = std::move(made)]() mutable { std::move(pending->resume)(std::move(made)); });
            std::lock_guard lock(connections_mu_);
            if (--unfinished_later_ == 0) drained_.notify_all();
          };
          try {
            start(finish);
          } catch (...) {
            finish(failed);  // ignored if the handler finished before it threw
          }
        },
        asio::use_awaitable);
    try {
      Response response = make ? make() : failed();
      if (response.later) co_return failed();  // Later may not finish with Later
      co_return response;
    } catch (...) {
      co_return failed();
    }
  }

  asio::awaitable<void> Session(std::shared_ptr<Connection> conn, std::uint64_t id) {
    try {
      co_await Serve(*conn);
    } catch (...) {
      // Nothing a client sends may crash the server; drop this connection only.
    }
    conn->DisarmDeadline();
    beast::error_code ignored;
    conn->socket.shutdown(tcp::socket::shutdown_both, ignored);
    conn->socket.close(ignored);
    std::lock_guard lock(connections_mu_);
    connections_.erase(id);
    if (auto held = connections_per_address_.find(conn->address);
        held != connections_per_address_.end() && --held->second == 0) {
      connections_per_address_.erase(held);
    }
    if (connections_.empty()) drained_.notify_all();
  }

  asio::awaitable<void> Serve(Connection& conn) {
    beast::error_code ec;
    std::string remote;
    auto endpoint = conn.socket.remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    // One request's bytes never exceed header + body limits; a bit more room for pipelined bytes.
    beast::flat_buffer buffer(options_.max_header_bytes + options_.max_body_bytes + 4096);
    for (;;) {
      if (stopping_.load()) co_return;
      if (buffer.size() == 0) {
        conn.idle = true;
        conn.ArmDeadline(options_.idle_timeout);
        std::size_t n =
            co_await conn.socket.async_read_some(buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
        conn.DisarmDeadline();
        conn.idle = false;
        if (ec) co_return;
        buffer.commit(n);
      }
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      auto started = SteadyClock::now();
      conn.ArmDeadline(options_.request_timeout);
      co_await bhttp::async_read(conn.socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      conn.DisarmDeadline();

      AccessLogEntry entry;
      entry.remote_address = remote;
      Response response;
      Method method = Method::kGet;
      bool close;
      if (ec) {
        std::optional<Response> failure = ReadFailureResponse(ec, conn.timed_out);
        if (!failure) co_return;
        response = std::move(*failure);
        entry.method = "-";
        close = true;
      } else {
        auto& req = parser.get();
        entry.method = std::string(req.method_string());
        entry.target = std::string(req.target());
        close = !req.keep_alive();
        Request request = ToRequest(req, remote);
        method = request.method;
        if (request.path.empty() || request.path.front() != '/') {
          response = Response::Error(400, "malformed_request", "the request target must be an absolute path");
        } else {
          response = router_.Dispatch(std::move(request));
          if (response.later) response = co_await AwaitLater(std::move(response.later));
        }
        if (stopping_.load()) close = true;
      }
      entry.status = response.status;
      std::optional<std::size_t> sent = co_await WriteResponse(conn, method, response, close);
      entry.response_bytes = sent.value_or(0);
      entry.duration_micros =
          std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count();
      Log(std::move(entry));
      if (!sent) co_return;
      if (close) {
        CloseGracefully(conn);
        co_return;
      }
    }
  }

  ServerOptions options_;
  Router router_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> shut_down_{false};
  std::mutex connections_mu_;
  std::condition_variable drained_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::unordered_map<std::string, std::size_t> connections_per_address_;
  std::uint64_t unfinished_later_ = 0;  // Later responses started and not yet finished
  std::uint64_t next_connection_id_ = 0;
};

}  // namespace

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Router router) {
  auto server = std::make_unique<BeastServer>(std::move(options), std::move(router));
  VECHE_RETURN_IF_ERROR(server->Listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace veche::http
