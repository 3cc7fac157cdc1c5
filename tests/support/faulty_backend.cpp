#include "faulty_backend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace gs::test {

namespace {

bool sendAll(int fd, const std::string& bytes)
{
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += std::size_t(n);
    }
    return true;
}

// Reads until the end of a request head; "" when the connection ended first. `rest` keeps what
// followed the head.
std::string readHead(int fd, std::string& buffer)
{
    for (;;) {
        if (const std::size_t end = buffer.find("\r\n\r\n"); end != std::string::npos) {
            std::string head = buffer.substr(0, end + 4);
            buffer.erase(0, end + 4);
            return head;
        }
        char bytes[4096];
        const ssize_t n = ::recv(fd, bytes, sizeof bytes, 0);
        if (n <= 0)
            return {};
        buffer.append(bytes, std::size_t(n));
    }
}

std::string pathOf(const std::string& head)
{
    const std::size_t start = head.find(' ') + 1;
    return head.substr(start, head.find_first_of(" ?", start) - start);
}

std::size_t contentLength(const std::string& head)
{
    for (const char* name : {"Content-Length: ", "content-length: "})
        if (const std::size_t at = head.find(name); at != std::string::npos)
            return std::strtoull(head.c_str() + at + std::strlen(name), nullptr, 10);
    return 0;
}

// Blocks until the peer or stop() ends the connection.
void waitForEnd(int fd)
{
    char bytes[4096];
    while (::recv(fd, bytes, sizeof bytes, 0) > 0) { }
}

}  // namespace

FaultyBackend::FaultyBackend(int port) : server_({[this](std::size_t, int fd) { serve(fd); }, {}}, port) { }

void FaultyBackend::serve(int fd)
{
    std::string buffer;
    for (;;) {
        const std::string head = readHead(fd, buffer);
        if (head.empty())
            return;
        const std::string path = pathOf(head);
        if (path == "/reset") {
            const linger abortive{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
            ::shutdown(fd, SHUT_RDWR);
            return;
        }
        if (path == "/close") {
            ::shutdown(fd, SHUT_RDWR);
            return;
        }
        if (path == "/half-close") {
            ::shutdown(fd, SHUT_WR);
            waitForEnd(fd);
            return;
        }
        if (path == "/sink") {
            while (!stopping())
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            return;
        }
        if (path == "/silent") {
            waitForEnd(fd);
            return;
        }
        if (path == "/reset-mid-body") {
            sendAll(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + std::string(10, 'x'));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the gateway has passed the head on
            sockaddr unspecified{};
            unspecified.sa_family = AF_UNSPEC;
            ::connect(fd, &unspecified, sizeof unspecified);  // Linux drops the connection with a RST, fd kept
            return;
        }
        if (path == "/partial" || path == "/stall") {
            sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(10, 'x'));
            if (path == "/partial")
                ::shutdown(fd, SHUT_RDWR);
            else
                waitForEnd(fd);
            return;
        }
        if (path == "/endless") {
            if (!sendAll(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"))
                return;
            while (!stopping() && sendAll(fd, "400\r\n" + std::string(1024, 'e') + "\r\n"))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return;
        }
        if (path == "/big-head") {
            std::string bytes = "HTTP/1.1 200 OK\r\n";
            for (int i = 0; i < 2000; ++i)
                bytes += "X-Filler-" + std::to_string(i) + ": " + std::string(90, 'f') + "\r\n";
            sendAll(fd, bytes + "Content-Length: 0\r\n\r\n");
            waitForEnd(fd);
            return;
        }
        if (path == "/garbage") {
            sendAll(fd, "THIS IS NOT HTTP\r\n\r\n");
            waitForEnd(fd);
            return;
        }
        if (path == "/upgrade-sink" || path == "/upgrade-flood") {
            sendAll(fd, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            const std::string block(64 * 1024, 'f');
            while (path == "/upgrade-flood" && !stopping() && sendAll(fd, block))
                floodBytes_ += block.size();
            if (path == "/upgrade-sink")
                while (!stopping())
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            return;
        }
        if (path == "/upgrade") {
            sendAll(fd, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nhello");
            if (!buffer.empty())
                sendAll(fd, buffer);
            char bytes[4096];
            for (ssize_t n; (n = ::recv(fd, bytes, sizeof bytes, 0)) > 0;)
                sendAll(fd, std::string(bytes, std::size_t(n)));
            return;
        }
        if (path != "/early") {  // read the body the head announced
            const std::size_t length = contentLength(head);
            while (buffer.size() < length) {
                char bytes[4096];
                const ssize_t n = ::recv(fd, bytes, sizeof bytes, 0);
                if (n <= 0)
                    return;
                buffer.append(bytes, std::size_t(n));
            }
            buffer.erase(0, length);
        }
        if (!sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            return;
        if (path == "/early") {
            waitForEnd(fd);
            return;
        }
    }
}

}  // namespace gs::test
