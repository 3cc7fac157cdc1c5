#include "client/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "http/parser.h"

namespace gs::runtime::client {

namespace {

class ResponseCollector : public runtime::http::Parser::Delegate {
public:
    explicit ResponseCollector(bool head) : head_(head) { }
    bool onHead() override { return head_; }
    void onBody(std::string_view data) override { body.append(data); }
    void onMessageComplete() override { complete = true; }
    std::string body;
    bool complete = false;

private:
    bool head_;
};

}  // namespace

HttpClient::HttpClient(const std::string& host, int port)
{
    fd_ = ::socket(host.find(':') != std::string::npos ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (host.find(':') != std::string::npos) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(std::uint16_t(port));
        ::inet_pton(AF_INET6, host.c_str(), &a->sin6_addr);
        len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        a->sin_family = AF_INET;
        a->sin_port = htons(std::uint16_t(port));
        ::inet_pton(AF_INET, host.c_str(), &a->sin_addr);
        len = sizeof *a;
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        error_ = std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        return;
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

HttpClient::~HttpClient()
{
    if (fd_ >= 0)
        ::close(fd_);
}

bool HttpClient::sendRaw(const std::string& bytes)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) {
            error_ = std::strerror(errno);
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

HttpResponse HttpClient::read(bool head, std::chrono::milliseconds timeout)
{
    HttpResponse out;
    ResponseCollector collector(head);
    runtime::http::Parser parser(runtime::http::Parser::Kind::Response, collector);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string buffer = std::move(pending_);
    pending_.clear();
    for (;;) {
        const std::size_t used = parser.feed(buffer.data(), buffer.size());
        if (collector.complete) {
            pending_ = buffer.substr(used);
            break;
        }
        buffer.erase(0, used);
        if (parser.failed()) {
            out.error = "bad response: " + parser.error();
            return out;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, int(left.count())) <= 0) {
            out.error = "timed out";
            return out;
        }
        char chunk[65536];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            parser.finish();
            if (collector.complete)
                break;
            out.error = n == 0 ? "connection closed" : std::strerror(errno);
            return out;
        }
        buffer.append(chunk, std::size_t(n));
    }
    out.status = parser.response().status;
    out.headers = parser.response().headers;
    out.body = std::move(collector.body);
    out.ok = true;
    return out;
}

std::string HttpClient::readSome(std::chrono::milliseconds timeout)
{
    std::string out = std::move(pending_);
    pending_.clear();
    if (!out.empty())
        return out;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0)
        return out;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0)
        out.append(chunk, std::size_t(n));
    return out;
}

bool HttpClient::closedByPeer(std::chrono::milliseconds timeout)
{
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0)
        return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, MSG_PEEK);
    return n <= 0;
}

HttpResponse HttpClient::request(const std::string& method, const std::string& target, const std::string& host,
                                 const std::vector<runtime::http::Header>& headers, const std::string& body)
{
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
    for (const auto& h : headers)
        req += h.name + ": " + h.value + "\r\n";
    if (!body.empty())
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    if (!sendRaw(req)) {
        HttpResponse r;
        r.error = error_;
        return r;
    }
    return read(method == "HEAD");
}

HttpResponse httpGet(int port, const std::string& target, const std::string& host,
                     const std::vector<runtime::http::Header>& headers, const std::string& address)
{
    HttpClient client(address, port);
    if (!client.connected()) {
        HttpResponse r;
        r.error = client.error();
        return r;
    }
    return client.request("GET", target, host, headers);
}

// ---- a minimal reader of the echo JSON ----

namespace {

struct JsonCursor {
    const std::string& s;
    std::size_t i = 0;
    void skip()
    {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
    }
    bool take(char c)
    {
        skip();
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
    bool string(std::string& out)
    {
        skip();
        if (i >= s.size() || s[i] != '"')
            return false;
        ++i;
        out.clear();
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\' && i + 1 < s.size()) {
                ++i;
                const char e = s[i];
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                ++i;
                continue;
            }
            out += s[i++];
        }
        ++i;
        return true;
    }
};

}  // namespace

EchoBody parseEchoBody(const std::string& json)
{
    EchoBody out;
    JsonCursor c{json};
    if (!c.take('{'))
        return out;
    std::string key, value;
    while (c.string(key)) {
        if (!c.take(':'))
            return out;
        if (key == "headers") {
            if (!c.take('{'))
                return out;
            std::string name;
            while (c.string(name)) {
                c.take(':');
                c.take('[');
                while (c.string(value)) {
                    out.headers[name].push_back(value);
                    c.take(',');
                }
                c.take(']');
                c.take(',');
            }
            c.take('}');
        } else if (c.string(value)) {
            out.fields[key] = value;
        } else {
            return out;
        }
        c.take(',');
    }
    out.parsed = c.take('}');
    return out;
}

std::string EchoBody::header(const std::string& name) const
{
    std::string out;
    bool found = false;
    for (const auto& [n, values] : headers) {
        if (!runtime::http::equalsIgnoreCase(n, name))
            continue;
        for (const std::string& v : values) {
            out += (found ? "," : "") + v;
            found = true;
        }
    }
    return out;
}

}  // namespace gs::runtime::client

namespace gs::runtime::client {

HttpResponse parseResponse(const std::string& bytes)
{
    HttpResponse out;
    ResponseCollector collector(false);
    runtime::http::Parser parser(runtime::http::Parser::Kind::Response, collector);
    parser.feed(bytes.data(), bytes.size());
    if (!collector.complete)
        parser.finish();
    if (!collector.complete) {
        out.error = parser.failed() ? "bad response: " + parser.error() : "incomplete response";
        return out;
    }
    out.status = parser.response().status;
    out.headers = parser.response().headers;
    out.body = std::move(collector.body);
    out.ok = true;
    return out;
}

}  // namespace gs::runtime::client
