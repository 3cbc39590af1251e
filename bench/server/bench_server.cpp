// devin-bench-server: a minimal HTTP/1.1 keep-alive server shared by the C,
// Python and Node benchmarks: one thread, epoll, pre-built responses, so
// that it is never the bottleneck of a client benchmark. Answers
// GET .../sessions... with a page of N sessions and every other request
// with a tiny JSON body.
//   devin-bench-server [port=0] [sessions=100]
// Prints "listening on http://127.0.0.1:<port>" once ready.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

namespace {

std::string response(const std::string &body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
         "X-Request-Id: req_bench\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string session_page(int n) {
  std::string items;
  for (int i = 0; i < n; ++i) {
    char buf[1024];
    std::snprintf(
        buf, sizeof buf,
        "{\"session_id\":\"devin-%032d\",\"org_id\":\"org-bench\",\"status\":"
        "\"%s\",\"status_detail\":\"%s\",\"title\":\"Benchmark session "
        "number %d with a realistic title\",\"url\":\"https://app.devin.ai/"
        "sessions/%032d\",\"created_at\":%d,\"updated_at\":%d,"
        "\"acus_consumed\":%d.25,\"tags\":[\"bench\",\"team-%d\"],"
        "\"is_archived\":false,\"pull_requests\":[{\"pr_url\":\"https://"
        "github.com/acme/api/pull/%d\",\"pr_state\":\"open\"}],\"user_id\":"
        "\"user-%d\",\"service_user_id\":null,\"playbook_id\":null,"
        "\"parent_session_id\":null,\"child_session_ids\":[],"
        "\"structured_output\":null,\"category\":null,\"origin\":\"api\"}",
        i, i % 3 ? "running" : "exit", i % 3 ? "working" : "finished", i, i,
        1733385600 + i, 1733389200 + i, i % 7, i % 5, 1000 + i, i % 11);
    if (i) items.push_back(',');
    items += buf;
  }
  return "{\"items\":[" + items +
         "],\"end_cursor\":null,\"has_next_page\":false,\"total\":" +
         std::to_string(n) + "}";
}

}  // namespace

int main(int argc, char **argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  int sessions = argc > 2 ? std::atoi(argv[2]) : 100;
  const std::string page = response(session_page(sessions));
  const std::string tiny = response(
      "{\"org_id\":\"org-bench\",\"principal_type\":\"service_user\","
      "\"service_user_id\":\"service-user-bench\"}");

  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
      listen(ls, 1024) != 0) {
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
  struct Conn {
    std::string in, out;
    size_t sent = 0;
  };
  std::unordered_map<int, Conn> conns;
  epoll_event events[256];
  char buf[65536];
  for (;;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == ls) {
        for (;;) {
          int c = accept4(ls, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{};
          cev.events = EPOLLIN | EPOLLRDHUP;
          cev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          conns[c];
        }
        continue;
      }
      Conn &c = conns[fd];
      bool closed = false;
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        for (;;) {
          ssize_t r = read(fd, buf, sizeof buf);
          if (r > 0) {
            c.in.append(buf, static_cast<size_t>(r));
            continue;
          }
          if (r == 0) closed = true;
          break;
        }
      }
      // Answer every complete request (headers only: the bench sends GETs).
      size_t end;
      while (!closed && (end = c.in.find("\r\n\r\n")) != std::string::npos) {
        bool is_page = c.in.compare(0, 4, "GET ") == 0 &&
                       c.in.find("/sessions", 0) < c.in.find("\r\n");
        c.out += is_page ? page : tiny;
        c.in.erase(0, end + 4);
      }
      while (!closed && c.sent < c.out.size()) {
        ssize_t w = write(fd, c.out.data() + c.sent, c.out.size() - c.sent);
        if (w <= 0) break;
        c.sent += static_cast<size_t>(w);
      }
      if (c.sent == c.out.size()) {
        c.out.clear();
        c.sent = 0;
      }
      epoll_event mev{};
      mev.data.fd = fd;
      mev.events = EPOLLIN | EPOLLRDHUP | (c.out.empty() ? 0u : EPOLLOUT);
      if (closed) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        close(fd);
        conns.erase(fd);
      } else {
        epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mev);
      }
    }
  }
}
