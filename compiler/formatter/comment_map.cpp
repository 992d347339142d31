// Comment ownership: parents claim first, children overwrite, so the innermost wins.
#include "formatter/comment_map.h"

#include <algorithm>

namespace bfc::formatter {

namespace {
const char kVerbatim = 0;  // address used as the owner of comments inside strings
const std::vector<size_t> kNone;
}  // namespace

CommentMap::CommentMap(const ast::File& file, const SourceText& st) : st_(st) {
  owner_.assign(st.comments().size(), nullptr);
  for (const auto& d : file.decls) {
    if (d.value) visit(*d.value);
    if (d.kind != ast::DeclKind::Import && d.kind != ast::DeclKind::Param) visit(d.body);
  }
  for (size_t i = 0; i < owner_.size(); ++i)
    if (owner_[i] != &kVerbatim) owned_[owner_[i]].push_back(i);
}

const std::vector<size_t>& CommentMap::owned(const void* container) const {
  auto it = owned_.find(container);
  return it == owned_.end() ? kNone : it->second;
}

void CommentMap::claim(const void* owner, uint32_t begin, uint32_t end) {
  const auto& cs = st_.comments();
  auto it = std::lower_bound(cs.begin(), cs.end(), begin,
                             [](const ast::Comment& c, uint32_t o) { return c.span.begin < o; });
  for (; it != cs.end() && it->span.begin < end; ++it) owner_[it - cs.begin()] = owner;
}

void CommentMap::visit(const ast::Block& b) {
  claim(&b, b.span.begin + 1, b.span.end);  // inside the braces
  for (const auto& m : b.members) {
    for (const auto& v : m.values) visit(*v);
    if (m.block) visit(*m.block);
  }
}

void CommentMap::visit(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::String) {
    Span s = st_.strip_parens(e.span);
    claim(&kVerbatim, s.begin, s.end);
    return;
  }
  if (e.kind == ast::ExprKind::List) {
    Span s = st_.strip_parens(e.span);
    claim(&e, s.begin + 1, s.end);  // inside the brackets
  }
  for (const auto& i : e.items) visit(*i);
}

}  // namespace bfc::formatter
