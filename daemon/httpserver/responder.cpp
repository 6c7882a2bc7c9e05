#include "httpserver/responder.h"

#include "httpserver/httpconnection.h"

#include <utility>

namespace locust::httpserver {

Responder::Responder(std::shared_ptr<Waiting> waiting)
    : m_waiting(std::move(waiting))
{
}

void Responder::operator()(HttpResponse response) const
{
    if (!m_waiting || !m_waiting->connection)
        return;
    // Cleared before delivering, so a second call made from inside the delivery is ignored too.
    HttpConnection *connection = std::exchange(m_waiting->connection, nullptr);
    connection->deliver(response);
}

bool Responder::isWaiting() const
{
    return m_waiting && m_waiting->connection;
}

} // namespace locust::httpserver
