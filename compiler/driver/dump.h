// Internal to the driver: `bfc check --dump=...`. Collects each requested stage's output as
// the check runs (the dumpers live in their stages: frontend/dump.h, sema/dump.h,
// plan/dump.h) and prints them on stdout in pipeline order, before the diagnostics.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "driver/session.h"

namespace bfc {

// The --dump outputs of one `check` run. A stage whose inputs had errors is not dumped;
// one line says so instead.
class StageDumps {
 public:
  explicit StageDumps(const DriverOptions& opts);

  // After open_session: the entry files' tokens and ASTs, and the model.
  void after_sema(const Session& s);
  // After one backfill's analysis: its selection and instances. `errors`: whether that
  // analysis reported errors.
  void after_backfill(const Model& m, const Backfill& b, const InstanceGraph& g, bool errors);
  // Instead of after_backfill when no backfill is analyzed: `why` (one line).
  void skip_backfills(std::string_view why);
  // Writes everything collected to stdout and flushes it, so that it precedes the
  // diagnostics on stderr.
  void print() const;

 private:
  bool wants(DumpKind k) const;
  std::string& out(DumpKind k) { return out_[static_cast<size_t>(k)]; }

  const DriverOptions& opts_;
  std::array<std::string, 5> out_;  // per DumpKind
};

}  // namespace bfc
