#include "backends/tcp_echo_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "http/json_writer.h"
#include "net/buffer.h"
#include "net/transport.h"
#include <openssl/ssl.h>

#include "tls/tls_session.h"

namespace gs::runtime::backends {

namespace {

constexpr std::string_view kWelcome = "Gateway API Test TCP Server\n";
constexpr std::size_t kMaxLine = 64 * 1024;  // a longer line without newline ends the connection

}  // namespace

class TcpEchoServer::Connection : public net::IoHandler {
public:
    Connection(TcpEchoServer& server, int fd) : server_(server), transport_(server.loop_, *this, fd)
    {
        if (server_.tls_) {
            SSL* ssl = SSL_new(server_.tls_->native());
            SSL_set_accept_state(ssl);
            tls_ = transport_.secure(std::make_unique<tls::Session>(ssl));
        } else {
            send(kWelcome);
        }
        transport_.watch(true);
    }

    void onIo(std::uint32_t events) override
    {
        if (closed_)
            return;
        if (events & net::kWritable)
            flush();
        if (!closed_ && (events & net::kReadEvents))
            read();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        transport_.close();
        server_.connections_.closed(this);
    }

private:
    void read()
    {
        const net::Transport::Read got = transport_.read(16 * 1024);
        if (got.established)
            send(kWelcome);
        if (got.status == net::Transport::Status::Again) {
            if (!transport_.out().empty())
                flush();  // the rest of a handshake flight the socket did not take: wait until writable
            return;
        }
        if (got.status != net::Transport::Status::Data) {
            close();
            return;
        }
        answerLines();
    }

    void answerLines()
    {
        net::Buffer& in = transport_.in();
        for (;;) {
            const std::string_view pending = in.view();
            const std::size_t end = pending.find('\n');
            if (end == std::string_view::npos) {
                if (pending.size() > kMaxLine)
                    close();
                return;
            }
            std::string line(pending.substr(0, end));
            in.consume(end + 1);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            send(answer(line) + "\n");
            if (closed_)
                return;
        }
    }

    std::string answer(const std::string& line) const
    {
        if (line == "PING")
            return "PONG";
        if (line == "IS_TLS")
            return tls_ ? "true" : "false";
        if (line != "TEST")
            return line;
        const EchoIdentity& id = server_.identity_;
        const std::string port = std::to_string(server_.address().port());
        http::JsonWriter json;
        json.beginObject();
        json.key("namespace").value(id.ns).key("ingress").value("").key("service").value(id.service).key("pod").value(id.pod);
        json.key("tcpport").value(tls_ ? "" : port).key("tlsport").value(tls_ ? port : "").key("isTLS").value(tls_ != nullptr);
        if (tls_) {
            json.key("tls").beginObject();
            json.key("version").value(tls_->version()).key("serverName").value(tls_->serverName());
            json.key("negotiatedProtocol").value(tls_->alpn()).key("curves").value(tls_->group());
            json.key("cipherSuite").value(tls_->cipher());
            json.endObject();
        }
        json.endObject();
        return json.text();
    }

    void send(std::string_view plain)
    {
        if (!transport_.send(plain)) {
            close();
            return;
        }
        flush();
    }

    void flush()
    {
        if (!transport_.flush()) {
            close();
            return;
        }
        transport_.watch(true);
    }

    TcpEchoServer& server_;
    net::Transport transport_;
    tls::Session* tls_ = nullptr;  // owned by transport_
    bool closed_ = false;
};

TcpEchoServer::TcpEchoServer(net::EventLoop& loop, EchoIdentity identity, std::shared_ptr<const tls::ServerContext> tls)
    : loop_(loop), identity_(std::move(identity)), tls_(std::move(tls)),
      connections_(loop, [this](int fd) { return new Connection(*this, fd); })
{
}

TcpEchoServer::~TcpEchoServer() { close(); }

bool TcpEchoServer::listen(const net::Address& address, std::string& error) { return connections_.listen(address, error); }

void TcpEchoServer::close() { connections_.close(); }

UdpEchoServer::UdpEchoServer(net::EventLoop& loop, EchoIdentity identity) : loop_(loop), identity_(std::move(identity)) { }

UdpEchoServer::~UdpEchoServer()
{
    if (fd_ >= 0) {
        loop_.unwatch(fd_, this);
        net::closeFd(fd_);
    }
}

bool UdpEchoServer::listen(const net::Address& address, std::string& error)
{
    fd_ = net::listenOn(address, net::Protocol::Udp, false, error);
    if (fd_ < 0)
        return false;
    address_ = net::localAddress(fd_);
    loop_.watch(fd_, this, true, false);
    return true;
}

void UdpEchoServer::onIo(std::uint32_t)
{
    for (int i = 0; i < 64; ++i) {
        char payload[64 * 1024];
        sockaddr_storage from{};
        socklen_t fromLength = sizeof from;
        const ssize_t n = ::recvfrom(fd_, payload, sizeof payload, 0, reinterpret_cast<sockaddr*>(&from), &fromLength);
        if (n < 0)
            return;
        http::JsonWriter json;
        json.beginObject();
        json.key("request").value(std::string_view(payload, std::size_t(n)));
        json.key("namespace").value(identity_.ns).key("ingress").value("").key("service").value(identity_.service);
        json.key("pod").value(identity_.pod);
        json.endObject();
        ::sendto(fd_, json.text().data(), json.text().size(), 0, reinterpret_cast<sockaddr*>(&from), fromLength);
    }
}

}  // namespace gs::runtime::backends
