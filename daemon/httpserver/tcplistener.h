#pragma once

#include <QTcpServer>

namespace locust::httpserver {

// A QTcpServer that hands each accepted socket descriptor to its owner instead of queueing a
// QTcpSocket, so the owner decides between QTcpSocket and QSslSocket and counts connections that are
// still in their TLS handshake (QSslServer would hide those until they are encrypted).
class TcpListener : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    void socketAccepted(qintptr socketDescriptor);

protected:
    void incomingConnection(qintptr socketDescriptor) override;
};

} // namespace locust::httpserver
