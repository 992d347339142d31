// Entry points of the formatter library.
#include "formatter/formatter.h"

#include "formatter/printer.h"
#include "frontend/parser.h"

namespace bfc {

std::string format_file(const ast::File& file, const SourceManager& sm) {
  formatter::SourceText st(sm.file(file.file_id).text, file.comments);
  return formatter::Printer(file, st).run();
}

std::optional<std::string> format_source(const SourceManager& sm, uint32_t file_id,
                                         DiagnosticSink& diags) {
  size_t errors_before = diags.error_count();
  ast::File file = parse_file(file_id, sm.file(file_id).text, diags);
  if (diags.error_count() > errors_before) return std::nullopt;
  return format_file(file, sm);
}

}  // namespace bfc
