#include "httpserver/tcplistener.h"

namespace locust::httpserver {

void TcpListener::incomingConnection(qintptr socketDescriptor)
{
    Q_EMIT socketAccepted(socketDescriptor);
}

} // namespace locust::httpserver
