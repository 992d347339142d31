// Internal to the front end: an allocation-free ANTLR token stream over a slice of the
// hand-written lexer's tokens. ANTLR's CommonTokenStream asks a TokenSource for one
// heap-allocated CommonToken at a time; this stream instead keeps one small token object
// per lexer token of the slice in a buffer that is reused for every declaration.
#pragma once

#include <string_view>
#include <vector>

#include "antlr4-runtime.h"
#include "frontend/lexer.h"

namespace bfc::detail {

// One token as ANTLR sees it: type, index in the slice and byte range in the file.
class SliceToken final : public antlr4::Token {
 public:
  size_t type = 0, index = 0, start = 0, stop = 0;
  std::string_view file_text;
  antlr4::TokenSource* source = nullptr;

  // antlr4::Token's interface. Lines and columns are left at 0: diagnostics take their
  // positions from the byte range, through the SourceManager.
  std::string getText() const override;
  size_t getType() const override { return type; }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() const override { return 0; }
  size_t getChannel() const override { return DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index; }
  size_t getStartIndex() const override { return start; }
  size_t getStopIndex() const override { return stop; }
  antlr4::TokenSource* getTokenSource() const override { return source; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }
};

// The token source ANTLR asks for a token factory when error recovery conjures a missing
// token. It never produces tokens itself: SliceTokenStream holds them all.
class NullTokenSource final : public antlr4::TokenSource {
 public:
  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream* getInputStream() override { return nullptr; }
  std::string getSourceName() override { return ""; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }
};

// The stream the ANTLR parser reads: one top-level item's tokens at a time, then EOF. The
// overrides below are antlr4::TokenStream's interface; mark/release are no-ops because
// the whole slice stays buffered.
class SliceTokenStream final : public antlr4::TokenStream {
 public:
  // A stream over tokens of `file_text` (which must outlive it); empty until reset().
  explicit SliceTokenStream(std::string_view file_text) : file_text_(file_text) {}

  // Makes the stream hold lexer tokens [begin, end) followed by EOF, positioned at 0.
  void reset(const std::vector<Token>& toks, size_t begin, size_t end);

  antlr4::Token* LT(ssize_t k) override;
  antlr4::Token* get(size_t i) const override { return const_cast<SliceToken*>(&toks_[i]); }
  antlr4::TokenSource* getTokenSource() const override {
    return const_cast<NullTokenSource*>(&source_);
  }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t i) override { p_ = i < n_ ? i : n_ - 1; }
  size_t size() override { return n_; }
  std::string getSourceName() const override { return ""; }

 private:
  std::string_view file_text_;
  NullTokenSource source_;
  std::vector<SliceToken> toks_;  // capacity reused across slices; n_ in use
  size_t n_ = 0, p_ = 0;
};

}  // namespace bfc::detail
