#pragma once

#include <QtGlobal>

namespace locust::httpserver {

// Limits and timeouts of an HttpServer. The defaults suit a listener reachable from the whole
// cluster (the webhook port): slow or idle clients are dropped instead of holding connections.
// Timeouts are absolute deadlines for a phase, not inactivity timers: a client that trickles one
// byte a second does not extend them.
struct HttpServerOptions
{
    qsizetype maxHeaderBytes = 16 * 1024;      // request line + header fields (and, separately, trailers)
    qsizetype maxBodyBytes = 8 * 1024 * 1024;  // Content-Length or de-chunked body
    // From the connection's start (after the TLS handshake), or from the first byte of a later
    // request on a kept-alive connection, to the end of its header section. Then 408 and close.
    qint64 headerReadTimeoutMs = 10'000;
    qint64 bodyReadTimeoutMs = 30'000;         // from the end of the headers to the end of the body
    qint64 idleTimeoutMs = 60'000;             // a kept-alive connection waiting for its next request
    // For a route handler to respond (it matters for asynchronous routes): from the end of the request
    // to the handler's response. Then the client gets 503 and the connection closes; a response the
    // handler gives later is dropped.
    qint64 responseTimeoutMs = 30'000;
    qint64 writeTimeoutMs = 30'000;            // for the client to take a whole response
    qint64 handshakeTimeoutMs = 10'000;        // TLS handshake
    // After an error response (the client may still be sending a body we will not read), how long to
    // keep reading and discarding before closing, so the client sees the response rather than a reset.
    qint64 lingerTimeoutMs = 500;
    int maxConnections = 256;                  // further connections are closed as soon as accepted
};

} // namespace locust::httpserver
