// The plan emitter: writes a bfc-plan/1 JSON document, streaming instance by instance
// (no DOM of the whole plan), keys in a fixed order, byte-identical for the same input.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include "frontend/loader.h"
#include "plan/instances.h"
#include "sema/expr_eval.h"

namespace bfc {

// Writes the plan to `out`. Commands are rendered with `eval`.
void emit_plan(std::FILE* out, const Program& prog, const InstanceGraph& g, Evaluator& eval);

// Writes `path` atomically: a temp file in the same directory, then rename. The writer
// returns false on failure; then nothing is left behind. Returns false with `error` set.
bool write_atomically(const std::string& path, const std::function<bool(std::FILE*)>& writer, std::string& error);

// Hex SHA-256 of a byte string.
std::string sha256_hex(std::string_view data);

}  // namespace bfc
