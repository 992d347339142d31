// The allocation-free ANTLR token stream (see token_stream.h).
#include "frontend/token_stream.h"

namespace bfc::detail {

std::string SliceToken::getText() const {
  if (type == EOF) return "<EOF>";
  return std::string(file_text.substr(start, stop + 1 - start));
}

std::unique_ptr<antlr4::Token> NullTokenSource::nextToken() {
  return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
}

void SliceTokenStream::reset(const std::vector<Token>& toks, size_t begin, size_t end) {
  n_ = end - begin + 1;
  if (toks_.size() < n_) {  // the index, text and source of a slot never change
    size_t old = toks_.size();
    toks_.resize(n_);
    for (size_t i = old; i < n_; ++i) {
      toks_[i].index = i;
      toks_[i].file_text = file_text_;
      toks_[i].source = &source_;
    }
  }
  for (size_t i = 0; i < n_; ++i) {
    SliceToken& s = toks_[i];
    if (begin + i < end) {
      const Token& t = toks[begin + i];
      s.type = t.type == static_cast<uint32_t>(antlr4::Token::EOF) ? antlr4::Token::EOF : t.type;
      s.start = t.begin;
      s.stop = t.end ? t.end - 1 : 0;
    } else {  // EOF at the end of the slice's last token
      s.type = antlr4::Token::EOF;
      s.start = end > begin ? toks[end - 1].end : (begin < toks.size() ? toks[begin].begin : 0);
      s.stop = s.start ? s.start - 1 : 0;
    }
  }
  p_ = 0;
}

antlr4::Token* SliceTokenStream::LT(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    if (static_cast<ssize_t>(p_) + k < 0) return nullptr;
    return &toks_[p_ + k];
  }
  size_t i = p_ + static_cast<size_t>(k) - 1;
  return &toks_[i < n_ ? i : n_ - 1];
}

size_t SliceTokenStream::LA(ssize_t i) {
  antlr4::Token* t = LT(i);
  return t ? t->getType() : antlr4::Token::INVALID_TYPE;
}

void SliceTokenStream::consume() {
  if (toks_[p_].type == antlr4::Token::EOF)
    throw antlr4::IllegalStateException("cannot consume EOF");
  ++p_;
}

std::string SliceTokenStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < 0 || n_ == 0) return "";
  size_t a = static_cast<size_t>(interval.a), b = static_cast<size_t>(interval.b);
  if (b >= n_) b = n_ - 1;
  std::string out;
  for (size_t i = a; i <= b; ++i) {
    if (toks_[i].type == antlr4::Token::EOF) break;
    out += toks_[i].getText();
  }
  return out;
}

std::string SliceTokenStream::getText() {
  return getText(antlr4::misc::Interval(0L, static_cast<ssize_t>(n_) - 1));
}

std::string SliceTokenStream::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string SliceTokenStream::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop) return "";
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

}  // namespace bfc::detail
