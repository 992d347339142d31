// Parsing a large JSON document without a DOM of all of it: the elements of one top-level
// array are located in a first pass and parsed one at a time later (rapidjson). See
// json_split.cpp.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bfc::runtime {

// Where one JSON value is in the text.
struct JsonSpan {
  std::size_t begin = 0;
  std::size_t size = 0;
};

// Parses `text` (strict JSON, UTF-8 validated unless `validate_utf8` is false because the
// caller checks all of `text` itself; nesting depth does not matter) into `rest`,
// except the elements of the array that is the value of the top-level member `key`: that
// array is left empty in `rest`, and the elements, which must be objects, are only checked
// and their places appended to `elements`, in order. False (and `rest` may be incomplete) on
// a syntax error or an element that is not an object. A `key` member elsewhere is parsed as
// usual.
bool parse_split(const std::string& text, const char* key, rapidjson::Document& rest,
                 std::vector<JsonSpan>& elements, bool validate_utf8 = true);

// Parses each span of `text` (valid JSON, as parse_split() found) on its own, into one small
// document that is reused, and passes it to `element` (the value lives until `element`
// returns). False if `element` returns false (which stops at once) or a span is no JSON.
bool for_each_span(const std::string& text, const std::vector<JsonSpan>& spans,
                   const std::function<bool(const rapidjson::Value&)>& element);

// The same on up to `threads` threads, each over a contiguous part of `spans`; `element` gets
// the span's index too and must only touch what belongs to that index. False if any call
// returned false (the others stop soon after) or a span is no JSON.
bool for_each_span_parallel(
    const std::string& text, const std::vector<JsonSpan>& spans, unsigned threads,
    const std::function<bool(std::size_t, const rapidjson::Value&)>& element);

}  // namespace bfc::runtime
