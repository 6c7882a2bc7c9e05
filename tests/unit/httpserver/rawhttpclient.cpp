#include "rawhttpclient.h"

#include <QHostAddress>
#include <QTest>

using namespace Qt::StringLiterals;

namespace locust::httpserver::testing {

RawHttpClient::RawHttpClient(Transport transport)
    : m_socket(transport == Transport::Tls ? new QSslSocket : new QTcpSocket)
{
    if (QSslSocket *ssl = sslSocket()) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        ssl->setSslConfiguration(configuration);
    }
    QObject::connect(m_socket.get(), &QAbstractSocket::disconnected, m_socket.get(), [this] { m_disconnected = true; });
}

RawHttpClient::~RawHttpClient()
{
    m_socket->abort();
}

void RawHttpClient::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (QSslSocket *ssl = sslSocket())
        ssl->setSslConfiguration(configuration);
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    bool failed = false;
    const auto connection = QObject::connect(m_socket.get(), &QAbstractSocket::errorOccurred, m_socket.get(),
                                             [this, &failed] {
                                                 failed = true;
                                                 m_error = m_socket->errorString();
                                             });
    if (QSslSocket *ssl = sslSocket())
        ssl->connectToHostEncrypted(u"127.0.0.1"_s, port);
    else
        m_socket->connectToHost(QHostAddress::LocalHost, port);
    const bool done = QTest::qWaitFor(
        [&] {
            if (failed)
                return true;
            if (QSslSocket *ssl = sslSocket())
                return ssl->isEncrypted();
            return m_socket->state() == QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    QObject::disconnect(connection);
    if (!done)
        m_error = u"not connected after %1 ms"_s.arg(timeoutMs);
    return done && !failed;
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

void RawHttpClient::pull()
{
    m_buffer += m_socket->readAll();
}

std::optional<RawResponse> RawHttpClient::tryParse(bool headRequest, bool atEnd)
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    RawResponse response;
    response.statusLine = lines.front().trimmed();
    const QList<QByteArray> statusParts = response.statusLine.split(' ');
    response.status = statusParts.size() >= 2 ? statusParts[1].toInt() : 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        response.headers.append(line.left(colon), line.mid(colon + 1).trimmed());
    }
    const qsizetype bodyStart = headEnd + 4;
    qsizetype bodyLength = 0;
    const bool bodyless = headRequest || response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodyless) {
        if (response.headers.contains("content-length")) {
            bodyLength = response.headers.value("content-length").toLongLong();
        } else {
            if (!atEnd)
                return std::nullopt; // body runs to the end of the connection
            bodyLength = m_buffer.size() - bodyStart;
        }
    }
    if (m_buffer.size() - bodyStart < bodyLength)
        return std::nullopt;
    response.body = m_buffer.mid(bodyStart, bodyLength);
    m_buffer.remove(0, bodyStart + bodyLength);
    return response;
}

std::optional<RawResponse> RawHttpClient::readResponse(int timeoutMs, bool headRequest)
{
    std::optional<RawResponse> response;
    // The outcome is in `response`; the wait's own result adds nothing.
    (void)QTest::qWaitFor(
        [&] {
            pull();
            response = tryParse(headRequest, m_disconnected);
            return response.has_value() || (m_disconnected && m_socket->bytesAvailable() == 0);
        },
        timeoutMs);
    if (!response) {
        pull();
        response = tryParse(headRequest, m_disconnected);
    }
    return response;
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    const bool closed = QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
    pull();
    return closed;
}

bool RawHttpClient::isConnected() const
{
    return !m_disconnected && m_socket->state() == QAbstractSocket::ConnectedState;
}

QByteArray RawHttpClient::buffered()
{
    pull();
    return m_buffer;
}

} // namespace locust::httpserver::testing
