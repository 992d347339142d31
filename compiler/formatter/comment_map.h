// Which container owns each comment: the innermost block or list whose brackets enclose
// it, or the file. Comments inside string literals (interpolations) are part of the
// verbatim string and owned by nobody.
#pragma once

#include <unordered_map>
#include <vector>

#include "formatter/source_text.h"
#include "frontend/ast.h"

namespace bfc::formatter {

// Comment ownership for one file, computed once before printing.
class CommentMap {
 public:
  // Assigns every comment of `file` (whose text `st` holds) to its owner.
  CommentMap(const ast::File& file, const SourceText& st);

  // Indices into the file's comments owned by `container` (a Block*, a List Expr*, or
  // nullptr for the file itself), in source order.
  const std::vector<size_t>& owned(const void* container) const;
  // Whether `container` owns at least one comment.
  bool owns_any(const void* container) const { return !owned(container).empty(); }

 private:
  void claim(const void* owner, uint32_t begin, uint32_t end);
  void visit(const ast::Block& b);
  void visit(const ast::Expr& e);

  const SourceText& st_;
  std::vector<const void*> owner_;  // per comment
  std::unordered_map<const void*, std::vector<size_t>> owned_;
};

}  // namespace bfc::formatter
