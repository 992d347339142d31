#include "sema/task_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>

namespace bfc {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// One shortest cycle through `start` using only vertices of component `comp`.
std::vector<uint32_t> cycle_through(uint32_t start,
                                    const std::vector<std::vector<uint32_t>>& zero_down,
                                    const std::vector<int>& comp) {
  std::vector<uint32_t> prev(zero_down.size(), kNone);
  std::deque<uint32_t> q{start};
  std::vector<char> seen(zero_down.size(), 0);
  while (!q.empty()) {
    uint32_t u = q.front();
    q.pop_front();
    for (uint32_t v : zero_down[u]) {
      if (comp[v] != comp[start]) continue;
      if (v == start) {
        std::vector<uint32_t> path{u};
        while (path.back() != start) path.push_back(prev[path.back()]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (!seen[v]) {
        seen[v] = 1;
        prev[v] = u;
        q.push_back(v);
      }
    }
  }
  return {start};
}

}  // namespace

TaskGraph build_task_graph(const Model& model) {
  size_t n = model.tasks.size();
  TaskGraph g;
  g.down.resize(n);
  g.up.resize(n);
  Graph zero(n);
  std::vector<std::vector<uint32_t>> zero_down(n);
  for (uint32_t t = 0; t < n; ++t) {
    for (const Dep& d : model.tasks[t].deps) {
      g.down[d.task].push_back(t);
      g.up[t].push_back(d.task);
      if (d.offset_minutes == 0) {
        boost::add_edge(d.task, t, zero);
        zero_down[d.task].push_back(t);
      }
    }
  }
  for (auto* adj : {&g.down, &g.up})
    for (auto& v : *adj) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    }
  std::vector<int> comp(n);
  int ncomp =
      n ? boost::strong_components(zero, boost::make_iterator_property_map(
                                             comp.begin(), boost::get(boost::vertex_index, zero)))
        : 0;
  std::vector<uint32_t> size(static_cast<size_t>(ncomp), 0),
      first(static_cast<size_t>(ncomp), kNone);
  for (uint32_t v = 0; v < n; ++v) {
    ++size[comp[v]];
    if (first[comp[v]] == kNone) first[comp[v]] = v;
  }
  for (uint32_t v = 0; v < n; ++v) {
    bool self = std::find(zero_down[v].begin(), zero_down[v].end(), v) != zero_down[v].end();
    if (first[comp[v]] != v || (size[comp[v]] < 2 && !self)) continue;
    TaskLoop loop;
    loop.tasks = cycle_through(v, zero_down, comp);
    for (size_t i = 0; i < loop.tasks.size(); ++i) {
      uint32_t from = loop.tasks[i], to = loop.tasks[(i + 1) % loop.tasks.size()];
      for (const Dep& d : model.tasks[to].deps)
        if (d.task == from && d.offset_minutes == 0) {
          loop.edge_spans.push_back(d.span);
          break;
        }
    }
    g.loops.push_back(std::move(loop));
  }
  return g;
}

void report_task_loops(const TaskGraph& g, const Model& model, DiagnosticSink& diags) {
  for (const auto& loop : g.loops) {
    std::string path;
    for (uint32_t t : loop.tasks) path += model.tasks[t].name + " -> ";
    path += model.tasks[loop.tasks[0]].name;
    auto& d = diags.report(
        DiagCode::E0401,
        loop.edge_spans.empty() ? model.tasks[loop.tasks[0]].name_span : loop.edge_spans.back(),
        fmt::format("dependency loop: {}", path));
    for (size_t i = 0; i < loop.tasks.size() && i < loop.edge_spans.size(); ++i) {
      uint32_t from = loop.tasks[i], to = loop.tasks[(i + 1) % loop.tasks.size()];
      d.notes.push_back(
          {loop.edge_spans[i],
           fmt::format("`{}` waits for `{}` here", model.tasks[to].name, model.tasks[from].name)});
    }
    d.notes.push_back(
        {Span{}, "to depend on an earlier run instead, add an offset such as `[-1d]`"});
  }
}

std::vector<char> reachable(const TaskGraph& g, const std::vector<uint32_t>& from,
                            bool downstream) {
  const auto& adj = downstream ? g.down : g.up;
  std::vector<char> seen(adj.size(), 0);
  std::vector<uint32_t> stack;
  for (uint32_t s : from)
    if (s < adj.size() && !seen[s]) {
      seen[s] = 1;
      stack.push_back(s);
    }
  while (!stack.empty()) {
    uint32_t u = stack.back();
    stack.pop_back();
    for (uint32_t v : adj[u])
      if (!seen[v]) {
        seen[v] = 1;
        stack.push_back(v);
      }
  }
  return seen;
}

}  // namespace bfc
