// parse_split() and for_each_span(): the elements of one top-level array one at a time, the
// rest as a document.
#include <gtest/gtest.h>

#include <atomic>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

#include "runtime/plan/json_split.h"

namespace bfc::runtime::testing {
namespace {

std::string dump(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return b.GetString();
}

struct Split {
  bool ok = false;
  std::string rest;
  std::vector<std::string> elements;
};

Split split(const std::string& text, const char* key = "instances") {
  Split s;
  rapidjson::Document rest;
  std::vector<JsonSpan> spans;
  s.ok = parse_split(text, key, rest, spans);
  if (!s.ok) return s;
  s.rest = dump(rest);
  EXPECT_TRUE(for_each_span(text, spans, [&](const rapidjson::Value& v) {
    s.elements.push_back(dump(v));
    return true;
  }));
  for (const auto& e : spans) EXPECT_EQ(text[e.begin], '{');
  for (const auto& e : spans) EXPECT_EQ(text[e.begin + e.size - 1], '}');
  return s;
}

TEST(JsonSplit, HandsOverTheElementsOfTheTopLevelArray) {
  auto s =
      split(R"({"a":1,"instances":[{"x":1},{"y":[1,{"z":"}"}],"w":{}}],"b":[true,null,-2.5]})");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rest, R"({"a":1,"instances":[],"b":[true,null,-2.5]})");
  EXPECT_EQ(s.elements, (std::vector<std::string>{R"({"x":1})", R"({"y":[1,{"z":"}"}],"w":{}})"}));
}

TEST(JsonSplit, FindsTheElementsBytesWhateverTheSpacing) {
  auto s =
      split(" {\n \"instances\" :\n [ {} ,{ \"a\" : { } }\t,\r\n{\"b\":[ ]}\n ] , \"c\" : 2 }\n ");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rest, R"({"instances":[],"c":2})");
  EXPECT_EQ(s.elements, (std::vector<std::string>{"{}", R"({"a":{}})", R"({"b":[]})"}));
  s = split(R"({"instances":[]})");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rest, R"({"instances":[]})");
  EXPECT_TRUE(s.elements.empty());
}

TEST(JsonSplit, OnlyTheTopLevelMemberIsSplit) {
  for (std::string text :
       {R"({"b":{"instances":[{"a":1}]},"instances":3})", R"([{"instances":[{"a":1}]}])",
        R"({"instances":{"instances":[{"a":1}]}})", R"({"x":"instances","y":[{"a":1}]})",
        R"({"instances":null,"y":[{"a":1}]})", R"({"instance":[{"a":1}],"instancesx":[{}]})",
        R"("instances")", R"({"c":[{"a":"instances"}]})"}) {
    auto s = split(text);
    ASSERT_TRUE(s.ok) << text;
    EXPECT_EQ(s.rest, text);
    EXPECT_TRUE(s.elements.empty()) << text;
  }
  auto s = split(R"({"b":{"instances":[{"a":1}]},"instances":[{"c":{"instances":[{"d":1}]}}]})");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rest, R"({"b":{"instances":[{"a":1}]},"instances":[]})");
  EXPECT_EQ(s.elements, (std::vector<std::string>{R"({"c":{"instances":[{"d":1}]}})"}));
  s = split(R"({"x":[{"a":1}],"y":[{"b":1}]})", "y");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.rest, R"({"x":[{"a":1}],"y":[]})");
  EXPECT_EQ(s.elements, (std::vector<std::string>{R"({"b":1})"}));
}

TEST(JsonSplit, FailsOnElementsThatAreNoObjects) {
  for (std::string text : {R"({"instances":[1]})", R"({"instances":[{},"x"]})",
                           R"({"instances":[[{}]]})", R"({"instances":[{},null]})"})
    EXPECT_FALSE(split(text).ok) << text;
}

TEST(JsonSplit, FailsOnInvalidJson) {
  const std::string good = R"({"a":[1,2],"instances":[{"x":"y"},{"z":[1,{"q":2}]}],"b":3})";
  ASSERT_TRUE(split(good).ok);
  for (std::size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(split(good.substr(0, n)).ok) << good.substr(0, n);
  for (std::string text :
       {"{\"instances\":[{\"x\":\"\xff\"}]}", R"({"instances":[{"x":1,}]})",
        R"({"instances":[{"x":1}],})", R"({"instances":[{"x":1}]} x)",
        R"({"instances":[{"x":01}]})", R"({"instances":[{"x":1}}])", R"({"instances":[{"x":1}]]})",
        R"({"instances":[{"x" 1}]})", R"({"instances":[{"x":1}{"y":2}]})", "{\"a\":\"\xc3\"}"})
    EXPECT_FALSE(split(text).ok) << text;
}

TEST(JsonSplit, StopsWhenTheCallbackSaysSo) {
  const std::string text = R"({"instances":[{"a":1},{"a":2},{"a":3}]})";
  rapidjson::Document rest;
  std::vector<JsonSpan> spans;
  ASSERT_TRUE(parse_split(text, "instances", rest, spans));
  ASSERT_EQ(spans.size(), 3u);
  int calls = 0;
  EXPECT_FALSE(for_each_span(
      text, spans, [&](const rapidjson::Value& v) { return ++calls, v["a"].GetInt() != 2; }));
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(
      for_each_span(text, {{1, 5}}, [](const rapidjson::Value&) { return true; }));  // no JSON
  EXPECT_FALSE(for_each_span(text, {{30, 100}},
                             [](const rapidjson::Value&) { return true; }));  // past the end
}

TEST(JsonSplit, InParallelEveryElementIsSeenOnceAndAFailureStopsAll) {
  std::string text = R"({"instances":[)";
  const int n = 20000;  // enough for several threads
  for (int i = 0; i < n; ++i)
    text += (i ? "," : "") + std::string(R"({"a":)") + std::to_string(i) + "}";
  text += "]}";
  rapidjson::Document rest;
  std::vector<JsonSpan> spans;
  ASSERT_TRUE(parse_split(text, "instances", rest, spans));
  std::vector<int> seen(n, -1);
  ASSERT_TRUE(for_each_span_parallel(text, spans, 4, [&](std::size_t i, const rapidjson::Value& v) {
    seen[i] = v["a"].GetInt();
    return true;
  }));
  for (int i = 0; i < n; ++i) ASSERT_EQ(seen[i], i);
  std::atomic<int> calls{0};
  EXPECT_FALSE(for_each_span_parallel(text, spans, 4, [&](std::size_t, const rapidjson::Value& v) {
    ++calls;
    return v["a"].GetInt() != 7;
  }));
  EXPECT_LT(calls.load(), n);  // the others stop soon after
}

TEST(JsonSplit, WithoutUtf8ValidationInvalidBytesInStringsPass) {
  // The plan reader checks the whole text with is_valid_utf8() on another core instead.
  const std::string text = "{\"a\":\"\xc3\",\"instances\":[]}";
  rapidjson::Document rest;
  std::vector<JsonSpan> spans;
  EXPECT_FALSE(parse_split(text, "instances", rest, spans));
  EXPECT_TRUE(parse_split(text, "instances", rest, spans, false));
}

TEST(JsonSplit, DeepNestingDoesNotCrash) {
  const int n = 200000;
  std::string deep = std::string(n, '[') + std::string(n, ']');
  const std::string text = R"({"b":)" + deep + R"(,"instances":[{"a":)" + deep + "}]}";
  rapidjson::Document rest;
  std::vector<JsonSpan> spans;
  ASSERT_TRUE(parse_split(text, "instances", rest, spans));
  int depth = 0;
  ASSERT_TRUE(for_each_span(text, spans, [&](const rapidjson::Value& v) {
    for (const rapidjson::Value* a = &v["a"]; a->IsArray() && !a->Empty(); a = &(*a)[0]) ++depth;
    return true;
  }));
  EXPECT_EQ(depth, n - 1);
  EXPECT_TRUE(rest["instances"].Empty());
}

}  // namespace
}  // namespace bfc::runtime::testing
