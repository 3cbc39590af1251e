#include "server.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace emu {

namespace {
std::atomic<httplib::Server *> g_server{nullptr};

// cpp-httplib (the Debian library is compiled with a backlog of 5) listens
// with a queue too short for clients that open dozens of connections at
// once: the kernel then drops SYNs and clients wait a second for the
// retransmission. listen(2) again on the bound socket raises the backlog.
void raise_backlog(int port) {
  DIR *dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent *e = readdir(dir)) {
    int fd = std::atoi(e->d_name);
    if (fd <= 2 || fd == dirfd(dir)) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 ||
        !listening)
      continue;
    sockaddr_storage addr{};
    len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
      continue;
    int bound = 0;
    if (addr.ss_family == AF_INET)
      bound = ntohs(reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
    else if (addr.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port);
    if (bound == port) ::listen(fd, 4096);
  }
  closedir(dir);
}
}  // namespace

void stop_server() {
  if (auto *s = g_server.load()) s->stop();
}

int run_server(const Options &opt, Engine &engine) {
  std::unique_ptr<httplib::Server> server;
  bool tls = !opt.tls_cert.empty();
  if (tls) {
    server = std::make_unique<httplib::SSLServer>(opt.tls_cert.c_str(),
                                                  opt.tls_key.c_str());
  } else {
    server = std::make_unique<httplib::Server>();
  }
  if (!server->is_valid()) {
    std::cerr << "devin-emulator: cannot set up the server (TLS cert/key?)\n";
    return 1;
  }
  int threads = opt.threads;
  server->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server->set_keep_alive_max_count(1000000);
  server->set_keep_alive_timeout(30);
  server->set_tcp_nodelay(true);
  server->set_read_timeout(30, 0);
  server->set_write_timeout(30, 0);
  auto handler = [&engine, tls](const httplib::Request &req,
                                httplib::Response &res) {
    engine.serve(req, res, tls);
  };
  // A request without Content-Length or Transfer-Encoding has no body
  // (RFC 9112); cpp-httplib 0.11 would answer 400 for such a POST, so these
  // are served before it tries to read one.
  server->set_pre_routing_handler(
      [&engine, tls](const httplib::Request &req, httplib::Response &res) {
        if (req.method == "GET" || req.has_header("Content-Length") ||
            req.has_header("Transfer-Encoding"))
          return httplib::Server::HandlerResponse::Unhandled;
        engine.serve(req, res, tls);
        return httplib::Server::HandlerResponse::Handled;
      });
  // Requests cpp-httplib refuses before they reach the engine (a body it
  // cannot read) still answer problem details, as the engine's errors do; a
  // multipart upload without a readable file part is the 422 of a missing
  // `file`, as the API answers it.
  bool legacy = opt.legacy_errors;
  server->set_error_handler(httplib::Server::HandlerWithResponse(
      [legacy](const httplib::Request &req, httplib::Response &res) {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        std::string ct = req.get_header_value("Content-Type");
        if (res.status == 400 && ct.rfind("multipart/form-data", 0) == 0) {
          render_error(
              res,
              ApiError(422, "Unprocessable Entity", "Request validation failed",
                       json::array({field_error(json::array({"body", "file"}),
                                                "Field required", "missing")})),
              req.path, legacy);
        } else {
          render_error(res,
                       ApiError(res.status, status_title(res.status),
                                status_title(res.status)),
                       req.path, false);
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  server->Get("[\\s\\S]*", handler);
  server->Post("[\\s\\S]*", handler);
  server->Put("[\\s\\S]*", handler);
  server->Patch("[\\s\\S]*", handler);
  server->Delete("[\\s\\S]*", handler);
  server->Options("[\\s\\S]*", handler);
  int port = opt.port;
  if (port == 0) {
    port = server->bind_to_any_port(opt.host);
    if (port <= 0) {
      std::cerr << "devin-emulator: cannot bind " << opt.host << "\n";
      return 1;
    }
  } else if (!server->bind_to_port(opt.host, port)) {
    std::cerr << "devin-emulator: cannot bind " << opt.host << ":" << port
              << "\n";
    return 1;
  }
  raise_backlog(port);
  g_server = server.get();
  std::string host =
      opt.host.find(':') != std::string::npos ? "[" + opt.host + "]" : opt.host;
  std::printf("listening on %s://%s:%d\n", tls ? "https" : "http", host.c_str(),
              port);
  std::fflush(stdout);
  bool ok = server->listen_after_bind();
  g_server = nullptr;
  return ok ? 0 : 0;
}

}  // namespace emu
