// Text dumps of sema's output for `bfc check --dump=model|selection`: stable,
// deterministic, in declaration order.
#pragma once

#include <string>

#include "sema/model.h"
#include "sema/select.h"
#include "support/source.h"

namespace bfc {

// The resolved model: workspaces, params, tasks with every resolved property (defaults
// included), policies and backfills with the settings that are set.
std::string dump_model(const SourceManager& sm, const Model& model);

// One backfill's selection: the initiator, each task's role, the roots.
std::string dump_selection(const Model& model, const Backfill& b, const Selection& sel);

// A duration in seconds in the largest whole unit: "90s", "2h", "-1d".
std::string duration_text(int64_t seconds);

}  // namespace bfc
