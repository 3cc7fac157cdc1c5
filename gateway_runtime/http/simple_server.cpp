#include "http/simple_server.h"

#include <sys/socket.h>

#include <cerrno>

#include "http/parser.h"
#include "net/transport.h"
#include "tls/tls_session.h"

#include <openssl/ssl.h>
#include <unistd.h>

namespace gs::runtime::http {

class SimpleServer::Connection : public net::IoHandler, public Parser::Delegate {
public:
    Connection(SimpleServer& server, int fd)
        : server_(server), transport_(server.loop_, *this, fd), parser_(Parser::Kind::Request, *this)
    {
        request_.peer = net::peerAddress(fd);
        // Per connection, not per request: it captures nothing a request changes.
        request_.abort = [this, alive = std::weak_ptr<bool>(alive_)](std::string partial) {
            if (alive.expired())
                return;
            transport_.send(partial);
            transport_.flush();
            reset();
        };
        if (server_.tls_) {
            SSL* ssl = SSL_new(server_.tls_->native());
            SSL_set_accept_state(ssl);
            tls_ = transport_.secure(std::make_unique<tls::Session>(ssl));
        }
        transport_.watch(true);
    }

    void onIo(std::uint32_t events) override
    {
        if (closed_)
            return;
        if (events & (net::kReadable | net::kHangUp | net::kError | net::kPeerClosed))
            readInput();
        if (!closed_ && (events & net::kWritable))
            flush();
    }

    bool onHead() override
    {
        request_.head = parser_.request();
        request_.body.clear();
        return false;
    }

    void onBody(std::string_view data) override
    {
        if (request_.body.size() + data.size() > server_.maxBody_)
            tooLarge_ = true;
        else
            request_.body.append(data);
    }

    void onMessageComplete() override { pending_ = true; }

    friend class net::ConnectionSet<Connection>;  // closes it (SimpleServer::close)

private:
    void readInput()
    {
        const net::Transport::Read got = transport_.read(16 * 1024);
        if (got.established)
            request_.tls = TlsInfo{tls_->version(), tls_->serverName(), tls_->alpn(), tls_->cipher(), tls_->peerCertificates()};
        if (got.status == net::Transport::Status::Again) {
            if (!transport_.out().empty())
                flush();  // the rest of a handshake flight the socket did not take: wait until writable
            return;
        }
        if (got.status != net::Transport::Status::Data) {
            peerClosed_ = true;
            if (!busy_)
                close();
            return;
        }
        process();
    }

    // Parses and dispatches requests one at a time; re-entered from send() when a handler answers
    // at once, which the `processing_` guard turns into the next turn of the loop.
    void process()
    {
        net::Buffer& input = transport_.in();
        if (tunnel_) {
            const TunnelReply reply = tunnel_(input.view());
            input.clear();
            send(reply.bytes, reply.close);
            return;
        }
        if (processing_)
            return;
        processing_ = true;
        while (!busy_ && !closed_) {
            if (parser_.paused())
                parser_.resume();
            input.consume(parser_.feed(input.data(), input.size()));
            if (parser_.failed()) {
                processing_ = false;
                send(simpleResponse(parser_.errorStatus(), "text/plain", parser_.error() + "\n", {}, true), true);
                return;
            }
            if (!pending_)
                break;
            pending_ = false;
            dispatch();
        }
        processing_ = false;
    }

    void dispatch()
    {
        if (tooLarge_) {
            tooLarge_ = false;
            send(simpleResponse(413, "text/plain", "request body too large\n", {}, true), true);
            return;
        }
        busy_ = true;
        keepAlive_ = request_.head.keepAlive;
        std::weak_ptr<bool> alive = alive_;
        request_.switchProtocols = [this, alive](std::string response, Tunnel tunnel) {
            if (alive.expired())
                return;
            tunnel_ = std::move(tunnel);
            send(std::move(response), false);  // the bytes after the request head go to the tunnel
        };
        server_.handler_(request_, [this, alive](std::string response) {
            if (alive.expired())
                return;
            if (response.empty()) {  // no answer: the connection is reset (SimpleServer::Respond)
                reset();
                return;
            }
            send(std::move(response), !keepAlive_ || request_.head.upgrade);  // an upgrade not taken: nothing can follow
        });
    }

    void send(std::string response, bool closeAfter)
    {
        const bool sent = transport_.send(response);
        busy_ = false;
        closeAfter_ = closeAfter || peerClosed_ || !sent;
        flush();
        if (!closed_ && !closeAfter_ && (!tunnel_ || !transport_.in().empty()))
            process();
    }

    void flush()
    {
        if (!transport_.flush()) {
            close();
            return;
        }
        if (transport_.out().empty() && closeAfter_) {
            close();
            return;
        }
        transport_.watch(true);
    }

    // Closes with a TCP RST instead of a FIN: SO_LINGER with a zero timeout.
    void reset()
    {
        transport_.resetOnClose();
        close();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        alive_.reset();
        transport_.close();
        server_.connections_.closed(this);
    }

    SimpleServer& server_;
    net::Transport transport_;
    Parser parser_;
    Request request_;
    tls::Session* tls_ = nullptr;  // owned by transport_
    Tunnel tunnel_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool pending_ = false, busy_ = false, keepAlive_ = true, closeAfter_ = false, closed_ = false;
    bool peerClosed_ = false, tooLarge_ = false, processing_ = false;
};

SimpleServer::SimpleServer(net::EventLoop& loop, Handler handler, std::size_t maxBody)
    : loop_(loop), handler_(std::move(handler)), maxBody_(maxBody),
      connections_(loop, [this](int fd) { return new Connection(*this, fd); })
{
}

SimpleServer::~SimpleServer() { close(); }

bool SimpleServer::listen(const net::Address& address, std::string& error) { return connections_.listen(address, error); }

void SimpleServer::close() { connections_.close(); }

}  // namespace gs::runtime::http
