#pragma once
// A small streaming JSON writer for the data plane's own output (echo bodies, stats): objects,
// arrays, strings, numbers, booleans, with optional indentation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gs::runtime::http {

class JsonWriter {
public:
    explicit JsonWriter(int indent = 0) : indent_(indent) { }

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(std::int64_t(number)); }
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();

    const std::string& text() const { return out_; }

    static void appendEscaped(std::string& out, std::string_view text);

private:
    void beforeValue();
    void newline();

    int indent_;
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool afterKey_ = false;
};

}  // namespace gs::runtime::http
