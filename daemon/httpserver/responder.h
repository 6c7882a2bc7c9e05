#pragma once

#include "httpserver/httpresponse.h"

#include <memory>

namespace locust::httpserver {

class HttpConnection;

// How an asynchronous route handler answers its request, at once or later (HttpServer::routeAsync).
// A small copyable callable; every copy answers the same request:
//  - the first call sends the response; later calls do nothing;
//  - a call after the connection has gone (the client disconnected, the server closed) or has
//    stopped waiting (HttpServerOptions::responseTimeoutMs passed, the client got 503) does nothing.
// So a handler may keep a Responder in a callback that runs after the connection is gone. Call it on
// the server's thread.
class Responder
{
public:
    // A responder that answers nothing (a placeholder, e.g. in a container).
    Responder() = default;

    void operator()(HttpResponse response) const;
    // Whether a call would still send a response.
    bool isWaiting() const;

private:
    friend class HttpConnection;

    // Shared by every copy and by the connection, which clears it when it stops waiting.
    struct Waiting
    {
        HttpConnection *connection = nullptr;
    };

    explicit Responder(std::shared_ptr<Waiting> waiting);

    std::shared_ptr<Waiting> m_waiting;
};

} // namespace locust::httpserver
