// Keeps devin-emulator within the glibc floor of the distributed artifacts
// (GLIBC_2.34, GLIBCXX_3.4.29: RHEL 9, Amazon Linux 2023).
//
// With GCC 12, std::condition_variable::wait(std::unique_lock<std::mutex>&)
// is exported by libstdc++ under GLIBCXX_3.4.30. cpp-httplib's thread pool
// (and any untimed wait) calls it; the link wraps that symbol
// (-Wl,--wrap=..., emulator/CMakeLists.txt) so that calls land here. Waiting
// with a deadline uses only inline code over pthread_cond_clockwait
// (GLIBC_2.30). A wait that ends at the deadline is a permitted spurious
// wakeup: every caller waits in a loop over its condition.
#include <chrono>
#include <condition_variable>
#include <mutex>

extern "C" void
__wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(
    std::condition_variable *cv, std::unique_lock<std::mutex> *lock) {
  cv->wait_until(*lock,
                 std::chrono::steady_clock::now() + std::chrono::hours(24));
}
