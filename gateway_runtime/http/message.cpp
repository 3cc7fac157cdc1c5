#include "http/message.h"

#include <cstdio>

#include <algorithm>
#include <cstring>

namespace gs::runtime::http {

namespace {

// ASCII only, as field names are (RFC 9110 §5.1); no locale lookup per character.
char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
        std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return asciiLower(x) == asciiLower(y); });
}

void Headers::add(std::string name, std::string value)
{
    if (items_.capacity() == 0)
        items_.reserve(kTypicalCount);
    items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const
{
    for (const Header& h : items_)
        if (equalsIgnoreCase(h.name, name))
            return std::string_view(h.value);
    return std::nullopt;
}

std::optional<std::string> Headers::joined(std::string_view name) const
{
    std::optional<std::string> out;
    for (const Header& h : items_)
        if (equalsIgnoreCase(h.name, name))
            out = out ? *out + "," + h.value : h.value;
    return out;
}

void Headers::set(std::string_view name, std::string value)
{
    auto first = std::find_if(items_.begin(), items_.end(), [&](const Header& h) { return equalsIgnoreCase(h.name, name); });
    if (first == items_.end()) {
        items_.push_back({std::string(name), std::move(value)});
        return;
    }
    first->value = std::move(value);
    first->name = std::string(name);
    items_.erase(std::remove_if(first + 1, items_.end(), [&](const Header& h) { return equalsIgnoreCase(h.name, name); }),
                 items_.end());
}

void Headers::remove(std::string_view name)
{
    items_.erase(std::remove_if(items_.begin(), items_.end(), [&](const Header& h) { return equalsIgnoreCase(h.name, name); }),
                 items_.end());
}

bool Headers::listsToken(std::string_view name, std::string_view token) const
{
    for (const Header& h : items_) {
        if (!equalsIgnoreCase(h.name, name))
            continue;
        std::string_view v = h.value;
        while (!v.empty()) {
            const std::size_t comma = v.find(',');
            std::string_view item = v.substr(0, comma);
            while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
                item.remove_prefix(1);
            while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
                item.remove_suffix(1);
            if (equalsIgnoreCase(item, token))
                return true;
            if (comma == std::string_view::npos)
                break;
            v.remove_prefix(comma + 1);
        }
    }
    return false;
}

std::string_view RequestHead::path() const
{
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::string_view RequestHead::query() const
{
    const std::string_view t = target;
    const std::size_t q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 421: return "Misdirected Request";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default:
        return status < 200 ? "Informational"
            : status < 300  ? "OK"
            : status < 400  ? "Redirect"
            : status < 500  ? "Client Error"
                            : "Server Error";
    }
}

bool isHopByHop(std::string_view name)
{
    static constexpr std::string_view kHopByHop[] = {
        "connection", "keep-alive",         "proxy-connection",   "te", "trailer", "transfer-encoding",
        "upgrade",    "proxy-authenticate", "proxy-authorization"};
    switch (name.empty() ? '\0' : asciiLower(name.front())) {
    case 'c':
    case 'k':
    case 'p':
    case 't':
    case 'u': break;  // the names' first letters
    default: return false;
    }
    for (std::string_view h : kHopByHop)
        if (equalsIgnoreCase(name, h))
            return true;
    return false;
}

void removeHopByHop(Headers& headers)
{
    std::vector<std::string> named;
    for (const Header& h : headers.all()) {
        if (!equalsIgnoreCase(h.name, "connection"))
            continue;
        std::string_view v = h.value;
        while (!v.empty()) {
            const std::size_t comma = v.find(',');
            std::string_view item = v.substr(0, comma);
            while (!item.empty() && item.front() == ' ')
                item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ')
                item.remove_suffix(1);
            if (!item.empty())
                named.emplace_back(item);
            if (comma == std::string_view::npos)
                break;
            v.remove_prefix(comma + 1);
        }
    }
    auto& items = headers.all();
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Header& h) {
                                   if (isHopByHop(h.name))
                                       return true;
                                   for (const std::string& n : named)
                                       if (equalsIgnoreCase(h.name, n))
                                           return true;
                                   return false;
                               }),
                items.end());
}

namespace {

// Sized once and filled with plain copies: one growth check for the whole head, not four per field.
void appendHeaders(std::string& out, const Headers& headers)
{
    std::size_t size = 2;
    for (const Header& h : headers.all())
        size += h.name.size() + h.value.size() + 4;
    std::size_t at = out.size();
    out.resize(at + size);
    char* p = out.data();
    auto put = [&](std::string_view s) {
        std::memcpy(p + at, s.data(), s.size());
        at += s.size();
    };
    for (const Header& h : headers.all()) {
        put(h.name);
        put(": ");
        put(h.value);
        put("\r\n");
    }
    put("\r\n");
}

}  // namespace

void appendResponseHead(std::string& out, const ResponseHead& head)
{
    out += head.versionMinor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(head.status);
    out += ' ';
    out += head.reason.empty() ? reasonPhrase(head.status) : head.reason;
    out += "\r\n";
    appendHeaders(out, head.headers);
}

void appendRequestHead(std::string& out, const RequestHead& head)
{
    out += head.method;
    out += ' ';
    out += head.target;
    out += " HTTP/1.1\r\n";
    appendHeaders(out, head.headers);
}

std::string simpleResponse(int status, std::string_view contentType, std::string_view body, const std::vector<Header>& extra,
                           bool close)
{
    ResponseHead head;
    head.status = status;
    if (!contentType.empty())
        head.headers.add("Content-Type", std::string(contentType));
    for (const Header& h : extra)
        head.headers.add(h.name, h.value);
    addDateUnlessPresent(head.headers);
    head.headers.add("Content-Length", std::to_string(body.size()));
    if (close)
        head.headers.add("Connection", "close");
    std::string out;
    appendResponseHead(out, head);
    out += body;
    return out;
}

std::string httpDate(std::time_t seconds)
{
    // Names, not strftime's %a and %b: those follow the locale, the HTTP-date is always English.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm t{};
    ::gmtime_r(&seconds, &t);
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[t.tm_wday], t.tm_mday,
                                kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return std::string(text, std::size_t(n));
}

std::string_view httpDateNow()
{
    thread_local std::time_t second = -1;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != second) {
        second = now;
        text = httpDate(now);
    }
    return text;
}

void addDateUnlessPresent(Headers& headers)
{
    if (!headers.has("date"))
        headers.add("Date", std::string(httpDateNow()));
}

void appendChunk(std::string& out, std::string_view data)
{
    if (data.empty())
        return;
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    out.append(size, std::size_t(n)).append(data).append("\r\n");
}

std::string lowercase(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

}  // namespace gs::runtime::http
