// A minimal HTTP/1.1 keep-alive server with pre-built bodies, for the Python
// client benchmarks: single-threaded epoll, so that the clients, not the
// server, are what is measured (pin it to its own core with taskset).
//
//   server <port> <page-body-file>
//   GET .../sessions...  -> the page body (JSON)
//   anything else        -> {"org_id":"org-bench","principal_type":"service_user"}
// Prints "listening on http://127.0.0.1:<port>" once ready.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>

static std::string response(const std::string &body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-request-id: req_bench\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: server <port> <page-body-file>\n");
    return 2;
  }
  std::ifstream f(argv[2], std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string page = response(ss.str());
  const std::string tiny =
      response(R"({"org_id":"org-bench","principal_type":"service_user"})");

  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  signal(SIGPIPE, SIG_IGN);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(ls, 1024) != 0) {
    std::perror("bind/listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(ls, reinterpret_cast<sockaddr *>(&addr), &len);
  std::printf("listening on http://127.0.0.1:%d\n", ntohs(addr.sin_port));
  std::fflush(stdout);

  int ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = ls;
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  std::unordered_map<int, std::string> inbuf;
  std::unordered_map<int, std::string> outbuf;
  epoll_event events[256];
  char buf[65536];
  for (;;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == ls) {
        int c;
        while ((c = accept4(ls, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        }
        continue;
      }
      bool closed = false;
      if (events[i].events & EPOLLIN) {
        for (;;) {
          ssize_t r = read(fd, buf, sizeof buf);
          if (r > 0) {
            inbuf[fd].append(buf, static_cast<size_t>(r));
            continue;
          }
          if (r == 0) closed = true;
          break;
        }
        std::string &in = inbuf[fd];
        size_t pos;
        while ((pos = in.find("\r\n\r\n")) != std::string::npos) {
          size_t line_end = in.find("\r\n");
          std::string line = in.substr(0, line_end);
          outbuf[fd] += line.find("/sessions") != std::string::npos ? page : tiny;
          in.erase(0, pos + 4);  // GET requests only: no body
        }
      }
      std::string &out = outbuf[fd];
      while (!closed && !out.empty()) {
        ssize_t w = write(fd, out.data(), out.size());
        if (w <= 0) break;
        out.erase(0, static_cast<size_t>(w));
      }
      epoll_event mev{};
      mev.data.fd = fd;
      mev.events = EPOLLIN | (out.empty() ? 0u : static_cast<unsigned>(EPOLLOUT));
      if (closed || (events[i].events & (EPOLLHUP | EPOLLERR))) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        inbuf.erase(fd);
        outbuf.erase(fd);
      } else {
        epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mev);
      }
    }
  }
}
