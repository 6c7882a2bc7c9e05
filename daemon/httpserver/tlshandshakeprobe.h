#pragma once

#include <QObject>
#include <QSslSocket>
#include <QTimer>

namespace locust::httpserver {

// Dials host:port, completes a TLS handshake and hangs up: "does this listener accept TLS?", the
// readiness check of the webhook server. The server's certificate is not verified (the probe asks
// whether the listener works, not whom to trust), as controller-runtime's webhook checker does.
// finished() is emitted exactly once, never from inside start().
class TlsHandshakeProbe : public QObject
{
    Q_OBJECT

public:
    explicit TlsHandshakeProbe(QObject *parent = nullptr);
    ~TlsHandshakeProbe() override;

    void start(const QString &host, quint16 port, qint64 timeoutMs);

Q_SIGNALS:
    // accepted: the handshake completed; otherwise error says why not.
    void finished(bool accepted, const QString &error);

private:
    void conclude(bool accepted, const QString &error);

    QSslSocket m_socket;
    QTimer m_timer;
    bool m_done = false;
};

} // namespace locust::httpserver
