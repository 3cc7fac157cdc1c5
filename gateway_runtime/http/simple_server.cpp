#include "http/simple_server.h"

#include <sys/socket.h>

#include <cerrno>

#include "http/parser.h"
#include "net/buffer.h"
#include "tls/tls_session.h"

#include <openssl/ssl.h>
#include <unistd.h>

namespace gs::runtime::http {

class SimpleServer::Connection : public net::IoHandler, public Parser::Delegate {
public:
    Connection(SimpleServer& server, int fd) : server_(server), fd_(fd), parser_(Parser::Kind::Request, *this)
    {
        request_.peer = net::peerAddress(fd);
        // Per connection, not per request: it captures nothing a request changes.
        request_.abort = [this, alive = std::weak_ptr<bool>(alive_)](std::string partial) {
            if (alive.expired())
                return;
            if (tls_) {
                tls_->writePlain(partial);
                tls_->takeCipher(output_);
            } else {
                output_.append(partial);
            }
            output_.writeTo(fd_);
            reset();
        };
        if (server_.tls_) {
            SSL* ssl = SSL_new(server_.tls_->native());
            SSL_set_accept_state(ssl);
            tls_ = std::make_unique<tls::Session>(ssl);
        }
        server_.loop_.watch(fd_, this, true, false);
    }
    ~Connection() override { net::closeFd(fd_); }

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

    void shutdown() { close(); }

private:
    // Ciphertext in, handshake, plaintext into input_ (returns like Buffer::readFrom).
    long readTls()
    {
        char cipher[16 * 1024];
        const ssize_t n = ::read(fd_, cipher, sizeof cipher);
        if (n <= 0)
            return n == 0 ? 0 : (errno == EAGAIN || errno == EINTR ? -1 : -2);
        tls_->receiveCipher({cipher, std::size_t(n)});
        if (!tls_->established()) {
            const auto status = tls_->handshake();
            tls_->takeCipher(output_);
            flush();
            if (status != tls::Session::Status::Done)
                return status == tls::Session::Status::Failed ? -2 : -1;
            request_.tls = TlsInfo{tls_->version(), tls_->serverName(), tls_->alpn(), tls_->cipher(), tls_->peerCertificates()};
        }
        return tls_->readPlain(input_);
    }

    void readInput()
    {
        const long n = tls_ ? readTls() : input_.readFrom(fd_);
        if (n == -1)
            return;
        if (n == 0 || n == -2) {
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
        if (tunnel_) {
            const TunnelReply reply = tunnel_(input_.view());
            input_.clear();
            send(reply.bytes, reply.close);
            return;
        }
        if (processing_)
            return;
        processing_ = true;
        while (!busy_ && !closed_) {
            if (parser_.paused())
                parser_.resume();
            input_.consume(parser_.feed(input_.data(), input_.size()));
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
        if (tls_) {
            tls_->writePlain(response);
            tls_->takeCipher(output_);
        } else {
            output_.append(response);
        }
        busy_ = false;
        closeAfter_ = closeAfter || peerClosed_;
        flush();
        if (!closed_ && !closeAfter_ && (!tunnel_ || !input_.empty()))
            process();
    }

    void flush()
    {
        if (!output_.writeTo(fd_)) {
            close();
            return;
        }
        if (output_.empty() && closeAfter_) {
            close();
            return;
        }
        server_.loop_.watch(fd_, this, true, !output_.empty());
    }

    // Closes with a TCP RST instead of a FIN: SO_LINGER with a zero timeout.
    void reset()
    {
        const linger abort{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        close();
    }

    void close()
    {
        if (closed_)
            return;
        closed_ = true;
        alive_.reset();
        server_.loop_.unwatch(fd_, this);
        server_.closed(this);
    }

    SimpleServer& server_;
    int fd_;
    Parser parser_;
    Request request_;
    std::unique_ptr<tls::Session> tls_;
    Tunnel tunnel_;
    net::Buffer input_, output_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool pending_ = false, busy_ = false, keepAlive_ = true, closeAfter_ = false, closed_ = false;
    bool peerClosed_ = false, tooLarge_ = false, processing_ = false;
};

SimpleServer::SimpleServer(net::EventLoop& loop, Handler handler, std::size_t maxBody)
    : loop_(loop), handler_(std::move(handler)), maxBody_(maxBody),
      listener_(loop, [this](int fd) { connections_.insert(new Connection(*this, fd)); })
{
}

SimpleServer::~SimpleServer() { close(); }

bool SimpleServer::listen(const net::Address& address, std::string& error) { return listener_.listen(address, error); }

void SimpleServer::close()
{
    listener_.close();
    for (Connection* c : std::unordered_set<Connection*>(connections_))
        c->shutdown();
    connections_.clear();
}

void SimpleServer::closed(Connection* c)
{
    connections_.erase(c);
    loop_.deleteLater(c);
}

}  // namespace gs::runtime::http
