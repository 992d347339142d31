// The three outputs of `bfc diff` (docs/diff.md): text for terminals, JSON for tools,
// Markdown for a pull-request comment.
#pragma once

#include <string>

#include "diff/plan_diff.h"

namespace bfc::diff {

// How the two sides were named on the command line.
struct Labels {
  std::string old_name, new_name;
};

// The report for a terminal: summary, per-task table, settings, then the details.
std::string render_text(const PlanDiff& d, const Labels& l);
// The documented JSON document (docs/diff.md), one line per list item.
std::string render_json(const PlanDiff& d, const Labels& l);
// A pull-request comment of at most `limit` characters (GitHub's limit is 65,536).
std::string render_markdown(const PlanDiff& d, const Labels& l, std::size_t limit = 65536);

}  // namespace bfc::diff
