#include "buffer_pool.hpp"

#include "json_doc.hpp"

namespace devin::core {

// Function-local statics: constructed on first use, never destroyed before
// the documents that give their buffers back (they are leaked on purpose, so
// that a response freed during static destruction still finds its pool).
BufferPool<std::string> &body_pool() {
  static auto *pool = new BufferPool<std::string>();
  return *pool;
}

BufferPool<std::string> &string_pool() {
  static auto *pool = new BufferPool<std::string>();
  return *pool;
}

BufferPool<std::vector<std::uint64_t>> &word_pool() {
  static auto *pool = new BufferPool<std::vector<std::uint64_t>>();
  return *pool;
}

BufferPool<std::vector<JsonNode>> &node_pool() {
  static auto *pool = new BufferPool<std::vector<JsonNode>>();
  return *pool;
}

void buffer_pools_after_fork_child() {
  body_pool().after_fork_child();
  string_pool().after_fork_child();
  word_pool().after_fork_child();
  node_pool().after_fork_child();
}

}  // namespace devin::core
