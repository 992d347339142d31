// Expressions printed on one line: canonical spacing, minimal parentheses, literals and
// strings copied from their source slices.
#pragma once

#include <string>
#include <string_view>

#include "formatter/source_text.h"
#include "frontend/ast.h"

namespace bfc::formatter {

// Binding strength of an expression's outermost operator; higher binds tighter.
// Range 1 < + - 2 < & 3 < * / % 4 < unary minus 5 < index 6 < primary 7.
int precedence(const ast::Expr& e);

// Whether operand `index` of a Binary/Range/Unary/Index expression needs parentheses.
// Binary operators are left-associative, so an equal-precedence right operand needs them.
bool needs_parens(const ast::Expr& parent, size_t index);

// The operator text between a Binary/Range expression's operands: " + ", "..".
std::string operator_text(const ast::Expr& e);

// The expression on one line (heredocs and multi-line strings keep their newlines).
std::string flat_text(const ast::Expr& e, const SourceText& st);

// The width in columns (UTF-8 code points) of the first line of `s`.
size_t first_line_width(std::string_view s);

// True when the expression contains a list anywhere outside strings (only lists break).
bool contains_list(const ast::Expr& e);

}  // namespace bfc::formatter
