#pragma once

#include "httpserver/httpheaders.h"

#include <QByteArray>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <memory>
#include <optional>

namespace locust::httpserver::testing {

struct RawResponse
{
    QByteArray statusLine;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
};

// A test client that writes raw bytes and parses the server's responses by hand, so tests control
// exactly what goes over the wire (split writes, pipelining, garbage). It lives on the test's thread,
// like the server, so every wait spins the event loop (QTest::qWaitFor), never blocks it.
class RawHttpClient
{
public:
    enum class Transport { Plain, Tls };

    explicit RawHttpClient(Transport transport = Transport::Plain);
    ~RawHttpClient();

    // For TLS: the client's configuration (default: no verification, TLS 1.2 or later).
    void setSslConfiguration(const QSslConfiguration &configuration);

    // Connects (and for TLS completes the handshake); false with error() on failure or timeout.
    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &bytes);
    // The next complete response; std::nullopt if none arrived in time. headRequest: a HEAD's response
    // has no body whatever Content-Length says.
    std::optional<RawResponse> readResponse(int timeoutMs = 5000, bool headRequest = false);
    // Waits until the server closed the connection (data already received stays readable).
    bool waitForDisconnected(int timeoutMs = 5000);
    bool isConnected() const;
    // Bytes received and not yet returned as a response.
    QByteArray buffered();

    QTcpSocket *socket() const { return m_socket.get(); }
    QSslSocket *sslSocket() const { return qobject_cast<QSslSocket *>(m_socket.get()); }
    QString error() const { return m_error; }

private:
    void pull();
    std::optional<RawResponse> tryParse(bool headRequest, bool atEnd);

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    QString m_error;
    bool m_disconnected = false;
};

} // namespace locust::httpserver::testing
