#include "backends/echo_server.h"
#include "backends/fault_draw.h"

#include <algorithm>
#include "backends/websocket_echo.h"

#include <cctype>
#include <map>

#include "http/json_writer.h"

namespace gs::runtime::backends {

namespace {

bool isDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `X-Echo-Set-Header: Name:value,Name2:value2` → response headers; a repeated name is comma-appended.
void addEchoSetHeaders(std::string_view spec, std::vector<http::Header>& out)
{
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = trimSpaces(spec.substr(0, comma));
        const std::size_t colon = item.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            const std::string name(trimSpaces(item.substr(0, colon)));
            const std::string value(trimSpaces(item.substr(colon + 1)));
            bool merged = false;
            for (http::Header& h : out)
                if (h.name == name) {
                    h.value += "," + value;
                    merged = true;
                }
            if (!merged)
                out.push_back({name, value});
        }
        if (comma == std::string_view::npos)
            break;
        spec.remove_prefix(comma + 1);
    }
}

bool isStatusPath(std::string_view path, int& status)
{
    if (path.size() != 11 || path.substr(0, 8) != "/status/")
        return false;
    status = 0;
    for (char c : path.substr(8)) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
        status = status * 10 + (c - '0');
    }
    return true;
}

}  // namespace

std::string canonicalHeaderName(std::string_view name)
{
    std::string out(name);
    bool upper = true;
    for (char& c : out) {
        c = upper ? char(std::toupper(static_cast<unsigned char>(c))) : char(std::tolower(static_cast<unsigned char>(c)));
        upper = c == '-';
    }
    return out;
}

std::optional<std::int64_t> parseGoDurationMs(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    double total = 0;
    while (!text.empty()) {
        std::size_t i = 0;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
            ++i;
        if (i == 0)
            return std::nullopt;
        const double number = std::stod(std::string(text.substr(0, i)));
        text.remove_prefix(i);
        static const std::pair<std::string_view, double> kUnits[] = {{"ns", 1e-6}, {"us", 1e-3}, {"µs", 1e-3},  {"ms", 1},
                                                                     {"s", 1000},  {"m", 60000}, {"h", 3600000}};
        bool found = false;
        for (const auto& [unit, ms] : kUnits)
            if (text.substr(0, unit.size()) == unit && !(unit == "m" && text.substr(0, 2) == "ms")) {
                total += number * ms;
                text.remove_prefix(unit.size());
                found = true;
                break;
            }
        if (!found)
            return std::nullopt;
    }
    return std::int64_t(total);
}

std::string_view echoQueryValue(std::string_view query, std::string_view name)
{
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

std::string_view trimSpaces(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

void writeEchoedRequest(http::JsonWriter& json, const EchoedRequest& request, const EchoIdentity& identity)
{
    json.key("path").value(request.path);
    json.key("host").value(request.host);
    json.key("method").value(request.method);
    json.key("proto").value(request.proto);
    json.key("headers").beginObject();
    for (const auto& [name, values] : request.headers) {
        json.key(name).beginArray();
        for (const std::string& v : values)
            json.value(v);
        json.endArray();
    }
    json.endObject();
    json.key("httpPort").value(std::to_string(request.port));
    json.key("namespace").value(identity.ns).key("ingress").value("");
    json.key("service").value(identity.service).key("pod").value(identity.pod);
}

EchoServer::EchoServer(net::EventLoop& loop, EchoIdentity identity)
    : loop_(loop), identity_(std::move(identity)),
      server_(loop, [this](const http::SimpleServer::Request& r, http::SimpleServer::Respond respond) {
          handle(r, std::move(respond));
      })
{
}

bool EchoServer::listen(const net::Address& address, std::string& error) { return server_.listen(address, error); }

void EchoServer::setFaults(const config::EchoFaults& faults)
{
    std::lock_guard lock(mutex_);
    faults_ = faults;
}

std::string EchoServer::echoBody(const http::SimpleServer::Request& request) const
{
    EchoHeaders headers;
    for (const http::Header& h : request.head.headers.all())
        if (!http::equalsIgnoreCase(h.name, "host"))
            headers[canonicalHeaderName(h.name)].push_back(h.value);
    http::JsonWriter json(1);
    json.beginObject();
    writeEchoedRequest(json,
                       {request.head.target, request.head.headers.get("host").value_or(""), request.head.method,
                        request.head.versionMinor == 0 ? "HTTP/1.0" : "HTTP/1.1", headers, address().port()},
                       identity_);
    if (request.tls) {
        json.key("tls").beginObject();
        json.key("version").value(request.tls->version).key("serverName").value(request.tls->serverName);
        json.key("negotiatedProtocol").value(request.tls->alpn).key("cipherSuite").value(request.tls->cipher);
        if (!request.tls->peerCertificates.empty()) {
            json.key("peerCertificates").beginArray();
            for (const std::string& pem : request.tls->peerCertificates)
                json.value(pem);
            json.endArray();
        }
        json.endObject();
    }
    json.endObject();
    return json.text();
}

// /retry/?uuid=U&succeedAfter=N[&responseCode=C][&delayRetry=D], as the conformance echo server
// answers it: the first N attempts carrying uuid U fail (with status C, else a TCP reset, after D),
// later ones are echoed. nullopt: this attempt is echoed; "" a reset; else the failure response.
std::optional<std::string> EchoServer::retryFailure(std::string_view query, std::int64_t& delayMs)
{
    const std::string uuid(echoQueryValue(query, "uuid"));
    int succeedAfter = 0;
    const std::string after(echoQueryValue(query, "succeedAfter"));
    if (uuid.empty() || after.empty() || !isDigits(after) || after.size() > 6)
        return http::simpleResponse(400, "text/plain", "retry: uuid and succeedAfter are required\n");
    succeedAfter = std::stoi(after);
    int attempt = 0;
    {
        std::lock_guard lock(mutex_);
        auto [it, fresh] = attemptsByUuid_.try_emplace(uuid, 0);
        attempt = ++it->second;
        if (fresh) {
            uuidOrder_.push_back(uuid);
            if (uuidOrder_.size() > 4096) {
                attemptsByUuid_.erase(uuidOrder_.front());
                uuidOrder_.pop_front();
            }
        }
    }
    if (attempt > succeedAfter)
        return std::nullopt;
    if (auto d = parseGoDurationMs(echoQueryValue(query, "delayRetry")))
        delayMs += *d;
    const std::string code(echoQueryValue(query, "responseCode"));
    if (code.size() == 3 && isDigits(code))
        return http::simpleResponse(std::stoi(code), "text/plain", "retry: attempt " + std::to_string(attempt) + " fails\n");
    return std::string();
}

void EchoServer::handle(const http::SimpleServer::Request& request, http::SimpleServer::Respond respond)
{
    const std::string_view path = request.head.path();
    int status = 0;
    std::string response;
    std::int64_t delay = 0;
    std::optional<std::string> retryAnswer;
    if (path.substr(0, 7) == "/retry/")
        retryAnswer = retryFailure(request.head.query(), delay);
    if (path == "/ws") {
        if (const auto accept = websocketAccept(request.head.headers)) {
            auto echo = std::make_shared<WebSocketEcho>();
            request.switchProtocols("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    "Sec-WebSocket-Accept: " +
                                        *accept + "\r\n\r\n",
                                    [echo](std::string_view in) {
                                        const WebSocketEcho::Reply r = echo->receive(in);
                                        return http::SimpleServer::TunnelReply{r.bytes, r.close};
                                    });
            return;
        }
    }
    if (retryAnswer) {
        response = *retryAnswer;
    } else if (path == "/health") {
        response = http::simpleResponse(200, "text/plain", "OK");
    } else if (path.substr(0, 8) == "/status/") {
        response = isStatusPath(path, status) ? http::simpleResponse(status, "", "")
                                              : http::simpleResponse(400, "text/plain", "invalid status path\n");
    } else {
        log_.add("Echoing back request made to " + request.head.target + " to client (" + request.peer.text() + ")");
        const FaultDraw fault = nextFault();
        if (fault.action == FaultDraw::Action::Reset) {
            request.abort("HTTP/1.1 ");  // mid-answer, so the gateway answers 502 instead of resending
            return;
        }
        if (fault.action == FaultDraw::Action::Stall) {
            // Never answered; the connection is reset after kStall so a pod does not hold it for ever.
            loop_.after(kStall, [respond]() mutable { respond(std::string()); });
            return;
        }
        delay += fault.delayMs;
        std::vector<http::Header> extra{{"X-Content-Type-Options", "nosniff"}};
        if (auto spec = request.head.headers.get("X-Echo-Set-Header"))
            addEchoSetHeaders(*spec, extra);
        response = fault.action == FaultDraw::Action::Error
            ? http::simpleResponse(fault.status, "text/plain", "injected fault (echo faults)\n")
            : http::simpleResponse(200, "application/json", echoBody(request), extra);
    }
    if (auto d = parseGoDurationMs(echoQueryValue(request.head.query(), "delay")))
        delay += *d;
    if (delay <= 0) {
        respond(std::move(response));
        return;
    }
    loop_.after(std::chrono::milliseconds(delay),
                [respond, response = std::move(response)]() mutable { respond(std::move(response)); });
}

FaultDraw EchoServer::nextFault()
{
    std::lock_guard lock(mutex_);
    return backends::drawFault(faults_, random_);
}

}  // namespace gs::runtime::backends
