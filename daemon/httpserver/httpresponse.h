#pragma once

#include "httpserver/httpheaders.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

namespace locust::httpserver {

// A complete response from a route handler. The server sets Content-Length, Connection and Date
// itself (whatever the handler put there); a handler that wants the connection closed after this
// response sets "Connection: close".
struct HttpResponse
{
    int status = 200;
    QByteArray reason;   // empty: the standard phrase for status
    HttpHeaders headers;
    QByteArray body;

    // application/json with the compact serialisation of document.
    static HttpResponse json(const QJsonDocument &document, int status = 200);
    static HttpResponse json(const QJsonObject &object, int status = 200);
    // text/plain; charset=utf-8.
    static HttpResponse text(const QString &text, int status = 200);
    // A plain-text error body: the message, or the standard phrase, and a newline.
    static HttpResponse error(int status, const QString &message = {});

    // RFC 9110's phrase for status ("Not Found"), "Unknown" for codes it does not define here.
    static QByteArray standardReason(int status);
};

} // namespace locust::httpserver
