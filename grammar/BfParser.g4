// Parser grammar for the .bf backfill-plan language.
//
// Tokens come from the hand-written lexer in compiler/frontend/lexer.cpp (it is ~20x
// faster than a generated ANTLR lexer and handles heredoc indentation stripping and
// string interpolation modes). The token names below are the contract between the two:
// the lexer uses the constants ANTLR generates from this `tokens` block.
//
// Only compiler/frontend/parser.cpp and ast_builder.cpp include the generated code.
parser grammar BfParser;

tokens {
  IDENT, INT, DURATION, DATE, TIME, DATETIME, TRUE, FALSE,
  KW_IMPORT, KW_WORKSPACE, KW_PARAM, KW_TASK, KW_POLICY, KW_BACKFILL,
  STR_OPEN, STR_CLOSE, STR_TEXT, INTERP_OPEN, HEREDOC_OPEN, HEREDOC_CLOSE,
  LBRACE, RBRACE, LPAREN, RPAREN, LBRACK, RBRACK,
  SEMI, COMMA, ASSIGN, DOTDOT, PLUS, MINUS, STAR, SLASH, PERCENT, AMP,
  BAD
}

// A whole file. The driver parses one top-level item at a time (see parser.cpp) so
// that no parse tree outlives its conversion to the AST; `file` exists for tools.
file : item* EOF ;

// One top-level declaration followed by end of input (the driver's unit of parsing).
singleItem : item EOF ;

item
  : KW_IMPORT str SEMI                      # importDecl
  | KW_PARAM name ASSIGN expr SEMI          # paramDecl
  | KW_WORKSPACE name block                 # workspaceDecl
  | KW_TASK name block                      # taskDecl
  | KW_POLICY name block                    # policyDecl
  | KW_BACKFILL name block                  # backfillDecl
  ;

block : LBRACE member* RBRACE ;

member
  : name ASSIGN expr (COMMA expr)* SEMI     # property
  | name block                              # nestedBlock
  ;

// Keywords are reserved at the top level only; they remain usable as property names
// (`workspace = etl;`) and function names (`workspace(etl)`).
name
  : IDENT | KW_IMPORT | KW_WORKSPACE | KW_PARAM | KW_TASK | KW_POLICY | KW_BACKFILL
  ;

// Literals, names, calls, lists and parentheses are alternatives of `expr` itself rather
// than of a separate `primary` rule, and string parts are inlined into `str`: every rule
// level costs a context object per node, and the front end's speed is mostly allocation.
expr
  : expr LBRACK expr RBRACK                 # indexExpr
  | op=MINUS expr                           # negExpr
  | expr op=(STAR | SLASH | PERCENT) expr   # mulExpr
  | expr op=AMP expr                        # andExpr
  | expr op=(PLUS | MINUS) expr             # addExpr
  | expr DOTDOT expr                        # rangeExpr
  | name LPAREN (expr (COMMA expr)*)? COMMA? RPAREN   # callExpr
  | name                                    # nameExpr
  | INT                                     # intLit
  | DURATION                                # durationLit
  | DATE                                    # dateLit
  | TIME                                    # timeLit
  | DATETIME                                # dateTimeLit
  | (TRUE | FALSE)                          # boolLit
  | str                                     # strLit
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK   # listExpr
  | LPAREN expr RPAREN                      # parenExpr
  ;

// A string: text pieces and `${expr}` interpolations between the quotes.
str
  : STR_OPEN (STR_TEXT | INTERP_OPEN expr RBRACE)* STR_CLOSE
  | HEREDOC_OPEN (STR_TEXT | INTERP_OPEN expr RBRACE)* HEREDOC_CLOSE
  ;
