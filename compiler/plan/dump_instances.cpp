// `--dump=instances`: the instance graph of one backfill, one instance a block.
#include <fmt/format.h>

#include "frontend/dump.h"
#include "plan/dump.h"
#include "support/calendar.h"

namespace bfc {

namespace {

// "a, b, c" from the ids of `n` items.
template <typename IdOf>
std::string id_list(uint32_t n, IdOf id_of) {
  std::string out;
  for (uint32_t i = 0; i < n; ++i) out += (i ? ", " : "") + id_of(i);
  return out;
}

void dump_instance(const InstanceGraph& g, uint32_t i, std::string& out) {
  const Instance& in = g.instances[i];
  out += fmt::format("  {}  group {}  bizdate {}  {}  priority {}  interval {}..{}\n", g.id(i),
                     in.group, cal::format_date(in.bizdate), in.dry_run ? "dry_run" : "run",
                     in.priority, cal::format_datetime(in.start), cal::format_datetime(in.end));
  if (in.deps_end > in.deps_begin)
    out += "    deps: " +
           id_list(in.deps_end - in.deps_begin,
                   [&](uint32_t k) { return g.id(g.deps[in.deps_begin + k]); }) +
           "\n";
  if (in.ext_end > in.ext_begin)
    out += "    external: " +
           id_list(in.ext_end - in.ext_begin,
                   [&](uint32_t k) { return g.external_id(g.ext[in.ext_begin + k]); }) +
           "\n";
  // Day barrier: a group starts a date only when all of its previous date has finished.
  if (in.barrier_pos > 0 && in.group < g.groups.size())
    out += fmt::format("    barrier: after group {} finishes {}\n", in.group,
                       cal::format_date(g.groups[in.group].dates[in.barrier_pos - 1]));
}

}  // namespace

std::string dump_instances(const InstanceGraph& g) {
  std::string out =
      fmt::format("instances of backfill {}: {}, {}\n", g.backfill ? g.backfill->name : "?",
                  counted(g.groups.size(), "group", "groups"),
                  counted(g.instances.size(), "instance", "instances"));
  for (const Group& grp : g.groups) {
    auto date = [&](uint32_t k) { return cal::format_date(grp.dates[k]); };
    out += fmt::format("  group {}: {} (run order)\n", grp.id, id_list(grp.dates.size(), date));
  }
  for (uint32_t i = 0; i < g.instances.size(); ++i) dump_instance(g, i, out);
  return out;
}

}  // namespace bfc
