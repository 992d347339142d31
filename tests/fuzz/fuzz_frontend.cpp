// libFuzzer entry point for the front end: lex + parse (parse_file), the property check,
// and every renderer over the diagnostics. Any crash, sanitizer report, uncaught
// exception or hang here is a bug: the front end must give a located error for any input.
// Built as a fuzzer with BFC_FUZZ=ON (clang); fuzz_replay.cpp runs the same function over
// the seed corpus in the normal build.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontend/parser.h"
#include "sema/properties.h"
#include "support/diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bfc::SourceManager sm;
  uint32_t id =
      sm.add("fuzz.bf", "/fuzz/fuzz.bf", std::string(reinterpret_cast<const char*>(data), size));
  bfc::DiagnosticSink diags;
  bfc::ast::File file = bfc::parse_file(id, sm.file(id).text, diags);
  bfc::check_properties(file, diags);
  diags.sort_and_dedupe(sm);
  size_t total = 0;
  for (const auto& d : diags.diagnostics()) total += bfc::render_text(sm, d).size();
  total += bfc::render_diagnostics(sm, diags.diagnostics(), bfc::DiagFormat::Json).size();
  total += bfc::render_diagnostics(sm, diags.diagnostics(), bfc::DiagFormat::Github).size();
  total += bfc::render_diagnostics(sm, diags.diagnostics(), bfc::DiagFormat::Gitlab).size();
  // SARIF repeats the whole rules table each time (slow under ASan): every 8th input size.
  if (size % 8 == 0)
    total += bfc::render_diagnostics(sm, diags.diagnostics(), bfc::DiagFormat::Sarif).size();
  // Every declaration's span must lie inside the file.
  for (const auto& decl : file.decls)
    if (decl.span.end > sm.file(id).text.size() || decl.span.begin > decl.span.end)
      __builtin_trap();
  if (total == SIZE_MAX) __builtin_trap();  // keeps the rendering from being optimised out
  return 0;
}
