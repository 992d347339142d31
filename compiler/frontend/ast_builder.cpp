// The one place where ANTLR parse trees become AST nodes (one function per rule).
//
// It walks each context's `children` directly and tells the alternatives apart by their
// shape and token types instead of calling the generated accessors: those (and
// `dynamic_cast` on labelled contexts) cost a `dynamic_cast` per child, each a chain of
// type-name string compares, and were a fifth of the front end's time.
#include <typeinfo>

#include "frontend/build_context.h"

namespace bfc::detail {

using P = gen::BfParser;
using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

namespace {

bool is_term(ParseTree* t) {
  return typeid(*t) == typeid(antlr4::tree::TerminalNodeImpl);
}

antlr4::Token* sym(ParseTree* t) {
  return static_cast<antlr4::tree::TerminalNode*>(t)->getSymbol();
}

ParserRuleContext* rule(ParseTree* t) {
  return static_cast<ParserRuleContext*>(t);
}

class Builder {
 public:
  Builder(const BuildContext& bc, std::string_view src) : bc_(bc), src_(src) {}

  ast::Decl decl(P::ItemContext* item) {
    ast::Decl d;
    d.span = bc_.span(item);
    d.keyword_span = bc_.span(item->getStart());
    const auto& ch = item->children;
    switch (sym(ch[0])->getType()) {
      case P::KW_IMPORT:
        d.kind = ast::DeclKind::Import;
        d.value = str(rule(ch[1]));
        return d;
      case P::KW_PARAM:
        d.kind = ast::DeclKind::Param;
        name(rule(ch[1]), d);
        d.value = expr(rule(ch[3]));
        return d;
      case P::KW_WORKSPACE:
        d.kind = ast::DeclKind::Workspace;
        break;
      case P::KW_TASK:
        d.kind = ast::DeclKind::Task;
        break;
      case P::KW_POLICY:
        d.kind = ast::DeclKind::Policy;
        break;
      default:
        d.kind = ast::DeclKind::Backfill;
        break;
    }
    name(rule(ch[1]), d);
    block(rule(ch[2]), d.body);
    return d;
  }

 private:
  std::string text(antlr4::Token* t) const {
    const Token& k = bc_.tok(t);
    return std::string(src_.substr(k.begin, k.end - k.begin));
  }

  void name(ParserRuleContext* n, ast::Decl& d) {
    d.name = text(n->getStart());
    d.name_span = bc_.span(n->getStart());
  }

  // block : LBRACE member* RBRACE
  void block(ParserRuleContext* b, ast::Block& out) {
    out.span = bc_.span(b);
    const auto& ch = b->children;
    out.members.reserve(ch.size() - 2);
    for (size_t i = 1; i + 1 < ch.size(); ++i) {
      ParserRuleContext* m = rule(ch[i]);
      // property: name = expr (, expr)* ;   nestedBlock: name block
      const auto& mc = m->children;
      ast::Member mem;
      mem.span = bc_.span(m);
      antlr4::Token* name_tok = rule(mc[0])->getStart();
      mem.name = text(name_tok);
      mem.name_span = bc_.span(name_tok);
      if (mc.size() > 2) {
        mem.values.reserve((mc.size() - 2) / 2);
        for (size_t k = 2; k + 1 < mc.size(); k += 2) mem.values.push_back(expr(rule(mc[k])));
      } else {
        mem.block = std::make_unique<ast::Block>();
        block(rule(mc[1]), *mem.block);
      }
      out.members.push_back(std::move(mem));
    }
  }

  ExprPtr make(ExprKind k, ParserRuleContext* c) { return std::make_unique<Expr>(k, bc_.span(c)); }

  // The expression children of a context, in order (skipping its tokens).
  void exprs_of(ParserRuleContext* c, size_t from, Expr& x) {
    for (size_t i = from; i < c->children.size(); ++i)
      if (!is_term(c->children[i])) x.items.push_back(expr(rule(c->children[i])));
  }

  // The labelled alternatives of `expr` differ in their first child: a token (literals,
  // `-`, `[`, `(`), a `name` (names and calls), a `str`, or an `expr` (binary operators,
  // ranges and indexing, told apart by their second child).
  ExprPtr expr(ParserRuleContext* c) {
    const auto& ch = c->children;
    if (!is_term(ch[0])) {
      ParserRuleContext* r = rule(ch[0]);
      switch (r->getRuleIndex()) {
        case P::RuleStr:
          return str(r);
        case P::RuleName: {
          if (ch.size() == 1) {
            auto x = make(ExprKind::Name, c);
            x->text = text(c->getStart());
            return x;
          }
          auto x = make(ExprKind::Call, c);  // name ( args )
          x->text = text(r->getStart());
          x->name_span = bc_.span(r->getStart());
          exprs_of(c, 1, *x);
          return x;
        }
        default:
          break;
      }
      antlr4::Token* op = sym(ch[1]);
      ExprKind k = op->getType() == P::LBRACK   ? ExprKind::Index
                   : op->getType() == P::DOTDOT ? ExprKind::Range
                                                : ExprKind::Binary;
      auto x = make(k, c);
      if (k == ExprKind::Binary) x->op = src_[bc_.tok(op).begin];
      x->items.push_back(expr(r));
      x->items.push_back(expr(rule(ch[2])));
      return x;
    }
    antlr4::Token* t0 = sym(ch[0]);
    ExprKind k;
    switch (t0->getType()) {
      case P::MINUS: {
        auto x = make(ExprKind::Unary, c);
        x->op = '-';
        x->items.push_back(expr(rule(ch[1])));
        return x;
      }
      case P::LBRACK: {
        auto x = make(ExprKind::List, c);
        exprs_of(c, 1, *x);
        return x;
      }
      case P::LPAREN: {
        auto inner = expr(rule(ch[1]));
        inner->span = bc_.span(c);  // keep the parentheses in the span
        return inner;
      }
      case P::DURATION:
        k = ExprKind::Duration;
        break;
      case P::DATE:
        k = ExprKind::Date;
        break;
      case P::TIME:
        k = ExprKind::Time;
        break;
      case P::DATETIME:
        k = ExprKind::DateTime;
        break;
      case P::TRUE:
      case P::FALSE:
        k = ExprKind::Bool;
        break;
      default:
        k = ExprKind::Int;
        break;
    }
    const Token& t = bc_.tok(t0);
    auto x = make(k, c);
    x->int_value = k == ExprKind::Bool ? (t.type == P::TRUE ? 1 : 0) : t.value;
    if (k == ExprKind::Duration) x->text = text(t0);
    return x;
  }

  // str : (STR_OPEN | HEREDOC_OPEN) (STR_TEXT | INTERP_OPEN expr RBRACE)* (STR_CLOSE |
  // HEREDOC_CLOSE)
  ExprPtr str(ParserRuleContext* c) {
    auto x = make(ExprKind::String, c);
    const auto& ch = c->children;
    x->heredoc = sym(ch[0])->getType() == P::HEREDOC_OPEN;
    for (size_t i = 1; i + 1 < ch.size();) {
      ast::StringPart sp;
      antlr4::Token* t = sym(ch[i]);
      if (t->getType() == P::STR_TEXT) {
        sp.span = bc_.span(t);
        sp.text = bc_.lex.texts[bc_.tok(t).text];
        i += 1;
      } else {  // ${ expr }
        sp.span = Span::cover(bc_.span(t), bc_.span(sym(ch[i + 2])));
        sp.expr = expr(rule(ch[i + 1]));
        i += 3;
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
    case DeclKind::Import:
      return "import";
    case DeclKind::Param:
      return "param";
    case DeclKind::Workspace:
      return "workspace";
    case DeclKind::Task:
      return "task";
    case DeclKind::Policy:
      return "policy";
    case DeclKind::Backfill:
      return "backfill";
  }
  return "?";
}
}  // namespace bfc::ast
