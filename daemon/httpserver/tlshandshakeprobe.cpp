#include "httpserver/tlshandshakeprobe.h"

#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

TlsHandshakeProbe::TlsHandshakeProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        conclude(false, u"TLS handshake not complete after %1 ms"_s.arg(m_timer.interval()));
    });
    connect(&m_socket, &QSslSocket::encrypted, this, [this] { conclude(true, {}); });
    connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this] { conclude(false, m_socket.errorString()); });
}

TlsHandshakeProbe::~TlsHandshakeProbe() = default;

void TlsHandshakeProbe::start(const QString &host, quint16 port, qint64 timeoutMs)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    m_socket.setSslConfiguration(configuration);
    m_timer.start(std::chrono::milliseconds(timeoutMs));
    // Queued, so that a synchronous failure still reports after start() has returned.
    QMetaObject::invokeMethod(
        this,
        [this, host, port] {
            if (!m_done)
                m_socket.connectToHostEncrypted(host, port);
        },
        Qt::QueuedConnection);
}

void TlsHandshakeProbe::conclude(bool accepted, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_socket.disconnect(this);
    m_socket.abort();
    Q_EMIT finished(accepted, error);
}

} // namespace locust::httpserver
