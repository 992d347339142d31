// The one place where ANTLR parse trees become AST nodes (one function per rule).
#include "frontend/build_context.h"

namespace bfc::detail {

using P = gen::BfParser;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

namespace {

class Builder {
 public:
  Builder(const BuildContext& bc, std::string_view src) : bc_(bc), src_(src) {}

  ast::Decl decl(P::ItemContext* item) {
    ast::Decl d;
    d.span = bc_.span(item);
    d.keyword_span = bc_.span(item->getStart());
    if (auto* c = dynamic_cast<P::ImportDeclContext*>(item)) {
      d.kind = ast::DeclKind::Import;
      d.value = str(c->str());
    } else if (auto* c = dynamic_cast<P::ParamDeclContext*>(item)) {
      d.kind = ast::DeclKind::Param;
      name(c->name(), d);
      d.value = expr(c->expr());
    } else if (auto* c = dynamic_cast<P::WorkspaceDeclContext*>(item)) {
      d.kind = ast::DeclKind::Workspace;
      name(c->name(), d);
      block(c->block(), d.body);
    } else if (auto* c = dynamic_cast<P::TaskDeclContext*>(item)) {
      d.kind = ast::DeclKind::Task;
      name(c->name(), d);
      block(c->block(), d.body);
    } else if (auto* c = dynamic_cast<P::PolicyDeclContext*>(item)) {
      d.kind = ast::DeclKind::Policy;
      name(c->name(), d);
      block(c->block(), d.body);
    } else if (auto* c = dynamic_cast<P::BackfillDeclContext*>(item)) {
      d.kind = ast::DeclKind::Backfill;
      name(c->name(), d);
      block(c->block(), d.body);
    }
    return d;
  }

 private:
  std::string text(antlr4::Token* t) const {
    const Token& k = bc_.tok(t);
    return std::string(src_.substr(k.begin, k.end - k.begin));
  }

  void name(P::NameContext* n, ast::Decl& d) {
    d.name = text(n->getStart());
    d.name_span = bc_.span(n->getStart());
  }

  void block(P::BlockContext* b, ast::Block& out) {
    out.span = bc_.span(b);
    for (auto* m : b->member()) {
      ast::Member mem;
      mem.span = bc_.span(m);
      if (auto* p = dynamic_cast<P::PropertyContext*>(m)) {
        mem.name = text(p->name()->getStart());
        mem.name_span = bc_.span(p->name()->getStart());
        for (auto* e : p->valueList()->expr()) mem.values.push_back(expr(e));
      } else if (auto* nb = dynamic_cast<P::NestedBlockContext*>(m)) {
        mem.name = text(nb->name()->getStart());
        mem.name_span = bc_.span(nb->name()->getStart());
        mem.block = std::make_unique<ast::Block>();
        block(nb->block(), *mem.block);
      }
      out.members.push_back(std::move(mem));
    }
  }

  ExprPtr make(ExprKind k, antlr4::ParserRuleContext* c) { return std::make_unique<Expr>(k, bc_.span(c)); }

  ExprPtr expr(P::ExprContext* c) {
    if (auto* e = dynamic_cast<P::PrimaryExprContext*>(c)) return primary(e->primary());
    if (auto* e = dynamic_cast<P::IndexExprContext*>(c)) {
      auto x = make(ExprKind::Index, c);
      x->items.push_back(expr(e->expr(0)));
      x->items.push_back(expr(e->expr(1)));
      return x;
    }
    if (auto* e = dynamic_cast<P::NegExprContext*>(c)) {
      auto x = make(ExprKind::Unary, c);
      x->op = '-';
      x->items.push_back(expr(e->expr()));
      return x;
    }
    if (auto* e = dynamic_cast<P::RangeExprContext*>(c)) {
      auto x = make(ExprKind::Range, c);
      x->items.push_back(expr(e->expr(0)));
      x->items.push_back(expr(e->expr(1)));
      return x;
    }
    P::ExprContext *l = nullptr, *r = nullptr;
    antlr4::Token* op = nullptr;
    if (auto* e = dynamic_cast<P::MulExprContext*>(c)) { l = e->expr(0); r = e->expr(1); op = e->op; }
    else if (auto* e = dynamic_cast<P::AndExprContext*>(c)) { l = e->expr(0); r = e->expr(1); op = e->op; }
    else if (auto* e = dynamic_cast<P::AddExprContext*>(c)) { l = e->expr(0); r = e->expr(1); op = e->op; }
    auto x = make(ExprKind::Binary, c);
    if (op) {
      x->op = src_[bc_.tok(op).begin];
      x->items.push_back(expr(l));
      x->items.push_back(expr(r));
    }
    return x;
  }

  ExprPtr primary(P::PrimaryContext* c) {
    if (auto* e = dynamic_cast<P::CallExprContext*>(c)) {
      auto x = make(ExprKind::Call, c);
      x->text = text(e->name()->getStart());
      x->name_span = bc_.span(e->name()->getStart());
      for (auto* a : e->expr()) x->items.push_back(expr(a));
      return x;
    }
    if (auto* e = dynamic_cast<P::NameExprContext*>(c)) {
      auto x = make(ExprKind::Name, c);
      x->text = text(e->getStart());
      return x;
    }
    if (auto* e = dynamic_cast<P::StrLitContext*>(c)) return str(e->str());
    if (auto* e = dynamic_cast<P::ListExprContext*>(c)) {
      auto x = make(ExprKind::List, c);
      for (auto* a : e->expr()) x->items.push_back(expr(a));
      return x;
    }
    if (auto* e = dynamic_cast<P::ParenExprContext*>(c)) {
      auto inner = expr(e->expr());
      inner->span = bc_.span(c);  // keep the parentheses in the span
      return inner;
    }
    const Token& t = bc_.tok(c->getStart());
    ExprKind k = ExprKind::Int;
    if (dynamic_cast<P::DurationLitContext*>(c)) k = ExprKind::Duration;
    else if (dynamic_cast<P::DateLitContext*>(c)) k = ExprKind::Date;
    else if (dynamic_cast<P::TimeLitContext*>(c)) k = ExprKind::Time;
    else if (dynamic_cast<P::DateTimeLitContext*>(c)) k = ExprKind::DateTime;
    else if (dynamic_cast<P::BoolLitContext*>(c)) k = ExprKind::Bool;
    auto x = make(k, c);
    x->int_value = k == ExprKind::Bool ? (t.type == P::TRUE ? 1 : 0) : t.value;
    if (k == ExprKind::Duration) x->text = text(c->getStart());
    return x;
  }

  ExprPtr str(P::StrContext* c) {
    auto x = make(ExprKind::String, c);
    x->heredoc = c->HEREDOC_OPEN() != nullptr;
    for (auto* part : c->strPart()) {
      ast::StringPart sp;
      sp.span = bc_.span(part);
      if (part->STR_TEXT()) {
        const Token& t = bc_.tok(part->STR_TEXT()->getSymbol());
        sp.text = bc_.lex.texts[t.text];
      } else {
        sp.expr = expr(part->expr());
      }
      x->parts.push_back(std::move(sp));
    }
    return x;
  }

  const BuildContext& bc_;
  std::string_view src_;
};

}  // namespace

ast::Decl build_decl(const BuildContext& bc, P::ItemContext* item, std::string_view src) {
  return Builder(bc, src).decl(item);
}

}  // namespace bfc::detail

namespace bfc::ast {
const char* decl_keyword(DeclKind k) {
  switch (k) {
    case DeclKind::Import: return "import";
    case DeclKind::Param: return "param";
    case DeclKind::Workspace: return "workspace";
    case DeclKind::Task: return "task";
    case DeclKind::Policy: return "policy";
    case DeclKind::Backfill: return "backfill";
  }
  return "?";
}
}  // namespace bfc::ast
