// The recycled-buffer pools behind response bodies and parsed documents.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "buffer_pool.hpp"
#include "json_doc.hpp"

using devin::core::BufferPool;

TEST(BufferPool, GivesBackCapacityNotContents) {
  BufferPool<std::string> pool;
  std::string s(10000, 'x');
  const char *data = s.data();
  pool.give(std::move(s));
  std::string t = pool.take();
  EXPECT_TRUE(t.empty());
  EXPECT_GE(t.capacity(), 10000u);
  EXPECT_EQ(t.data(), data);  // the same allocation, reused
  EXPECT_EQ(pool.take().capacity(), std::string().capacity());  // now empty
}

TEST(BufferPool, KeepsOnlyUsefulSizesWithinItsBudget) {
  BufferPool<std::vector<std::uint64_t>> pool;
  pool.give(std::vector<std::uint64_t>(4));  // 32 bytes: not worth keeping
  EXPECT_EQ(pool.take().capacity(), 0u);
  pool.give(std::vector<std::uint64_t>((2u << 20) / 8));  // 2 MB: too large
  EXPECT_EQ(pool.take().capacity(), 0u);
  // 512 KB buffers: the 4 MB budget holds eight of them.
  for (int i = 0; i < 12; ++i)
    pool.give(std::vector<std::uint64_t>((512u << 10) / 8));
  int kept = 0;
  while (pool.take().capacity() > 0) ++kept;
  EXPECT_EQ(kept, 8);
}

TEST(BufferPool, ManyThreadsTakeAndGive) {
  BufferPool<std::string> pool;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&pool, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string s = pool.take();
        s.assign(5000 + static_cast<std::size_t>(t),
                 'a' + static_cast<char>(t));
        EXPECT_EQ(s[0], 'a' + t);
        pool.give(std::move(s));
      }
    });
  for (auto &th : threads) th.join();
}

TEST(BufferPool, DocumentsReuseTheirBuffers) {
  // A parsed document gives its buffers back when destroyed; the next one
  // starts from them and still reads correctly.
  std::string body = "{\"items\":[";
  for (int i = 0; i < 200; ++i)
    body += (i ? "," : "") + std::string("{\"id\":\"item-") +
            std::to_string(i) + "\",\"n\":" + std::to_string(i) + "}";
  body += "]}";
  for (int round = 0; round < 3; ++round) {
    std::string err;
    auto doc = devin::core::JsonDoc::parse(body, &err);
    ASSERT_TRUE(doc) << err;
    const auto *items = doc->root()->get("items");
    ASSERT_EQ(items->size(), 200u);
    EXPECT_EQ(items->at(199)->get("id")->str(), "item-199");
    EXPECT_EQ(items->at(7)->get("n")->as_int(), 7);
    EXPECT_EQ(doc->root()->raw(), body);
  }
}
