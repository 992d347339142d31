// Splitting a loop over [0, n) into contiguous parts, one per core: the plan loader, its
// reference checks and the plan cache all have hundreds of thousands of independent items.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace bfc {

// How many parts parallel_parts() uses for `n` items: one per core (at most `max_parts`),
// each of at least `min_items` (below that a thread costs more than it saves); at least 1.
inline std::size_t part_count(std::size_t n, std::size_t min_items = 4096,
                              std::size_t max_parts = 8) {
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min({cores, max_parts, n / min_items}));
}

// Calls body(part, begin, end) for the `parts` contiguous parts of [0, n), part 0 on this
// thread and the others on threads of their own; returns when all are done.
template <typename Body>
void parallel_parts(std::size_t n, std::size_t parts, Body body) {
  std::vector<std::thread> workers;
  for (std::size_t p = 1; p < parts; ++p)
    workers.emplace_back([&, p] { body(p, n * p / parts, n * (p + 1) / parts); });
  body(std::size_t(0), std::size_t(0), n / parts);
  for (auto& w : workers) w.join();
}

}  // namespace bfc
