#pragma once

#include "httpserver/httpheaders.h"

#include <QByteArray>
#include <QString>

namespace locust::httpserver {

// One HTTP/1.x request as the server hands it to a route handler.
struct HttpRequest
{
    QByteArray method;       // as sent, e.g. "POST" (methods are case-sensitive)
    QByteArray target;       // the request target as sent, e.g. "/convert?timeout=10s"
    QString path;            // the target's path, percent-decoded (UTF-8), without the query
    QByteArray query;        // the raw query after '?', still percent-encoded; empty when none
    int versionMinor = 1;    // 0 for HTTP/1.0, 1 for HTTP/1.1 (and for later 1.x minors)
    HttpHeaders headers;
    QByteArray body;         // Content-Length or de-chunked body
    HttpHeaders trailers;    // trailer fields of a chunked body
    bool keepAlive = true;   // whether the connection stays open after the response

    // The Content-Type's media type without parameters, lower-cased ("application/json").
    QByteArray mediaType() const;
};

} // namespace locust::httpserver
