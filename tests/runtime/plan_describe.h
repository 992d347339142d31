// Everything a Plan holds, as text: tests and the plan fuzzer compare the fast and the
// general loading path with it.
#pragma once

#include <sstream>
#include <string>

#include "runtime/plan/plan.h"

namespace bfc::runtime::testing {

inline std::string describe(const Plan& p) {
  std::ostringstream o;
  auto cmd = [&](const Command& c) {
    o << (c.is_list ? "list[" : "text[") << c.text;
    for (const auto& a : c.argv) o << "|" << a;
    o << "]";
  };
  const auto& s = p.settings;
  o << p.path << ";" << p.sha256 << ";" << p.backfill << ";" << p.today << ";" << p.initiator << ";"
    << s.parallel << s.descending << s.throttle_s << ";" << s.max_running.value_or(-1) << ";"
    << s.run_future << ";";
  if (s.window) o << s.window->start_min << "," << s.window->end_min << "," << s.window->text;
  if (s.alert) {
    o << int(s.alert->on);
    cmd(s.alert->command);
  }
  for (const auto& g : p.groups) {
    o << "\ng" << g.id;
    for (const auto& d : g.dates) o << "," << d;
  }
  for (const auto& in : p.instances) {
    o << "\n"
      << in.id << ";" << in.task << ";" << in.workspace << ";" << in.interval_start << ";"
      << in.interval_end << ";" << in.bizdate << ";" << in.cyctime << ";" << in.not_before << ";"
      << in.group << ";" << in.priority << ";" << in.dry_run << ";" << in.dry_run_reason << ";"
      << in.retries << ";" << in.retry_delay_s << ";" << in.timeout_s.value_or(-1) << ";";
    cmd(in.command);
    o << ";image:" << in.image;
    for (const auto& d : in.deps) o << ";d:" << d;
    for (const auto& d : in.external_deps) o << ";x:" << d;
    for (int d : in.dep_index) o << ";i:" << d;
    o << ";" << in.group_index << "," << in.date_index << ";fp:" << in.has_fingerprint << ","
      << in.fingerprint << "," << in.lineage;
  }
  for (std::size_t i = 0; i < p.instances.size(); ++i) o << "\n" << p.find(p.instances[i].id);
  o << "\nformat " << p.format;
  return o.str();
}

}  // namespace bfc::runtime::testing
