// `bfc render`: draws a plan's task graph, or one backfill's instances, as SVG, PNG or DOT.
#pragma once

#include <cstddef>

#include "driver/driver.h"

namespace bfc {

// Options of `bfc render` that only drawing needs.
struct RenderSettings {
  size_t node_budget = 2000;  // instance view: above this many nodes it collapses (W0007)
};

// Loads and analyzes `opts.files[0]`, builds the task view (or, with opts.instances, the
// instance view of the chosen backfill) and writes `opts.output` atomically, the format
// taken from its extension. Plans with errors are still drawn when a model was resolved:
// the file is written and the exit code is 1. Exit 2 on usage or I/O problems.
int render_command(const DriverOptions& opts, const RenderSettings& settings = {});

}  // namespace bfc
