#pragma once

#include "httpserver/httprequest.h"
#include "httpserver/httprequestparser.h"
#include "httpserver/httpresponse.h"
#include "httpserver/httpserveroptions.h"
#include "httpserver/responder.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;
class QSslSocket;

namespace locust::httpserver {

// One client connection of an HttpServer: TLS handshake (for a QSslSocket), then requests read with
// HttpRequestParser and answered one at a time in order. Each request goes to the dispatcher with a
// Responder; until the response comes (at once or later) nothing more is read, and the next request
// is not read before that response has left either (so a client that pipelines without reading
// cannot make the server buffer responses). Every phase has a deadline (HttpServerOptions); a
// handler that has not responded by responseTimeoutMs gets its client a 503 and the connection
// closes. After a response with "Connection: close", a parse error or a timeout the connection
// closes; when the client may still be sending, it first lingers (half-closed for plain TCP) so the
// client reads the response.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    // Answers the request through the Responder, now or later.
    using Dispatcher = std::function<void(const HttpRequest &, Responder)>;

    // Takes ownership of socket, which is connected (and, for a QSslSocket, not yet encrypted).
    HttpConnection(QTcpSocket *socket, const HttpServerOptions &options, Dispatcher dispatcher,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    void start();
    // Closes at once (server shutdown); emits finished().
    void abort();

Q_SIGNALS:
    // The connection is closed; the owner deletes it (deleteLater).
    void finished(locust::httpserver::HttpConnection *connection);
    void tlsHandshakeFailed(const QString &error);

private:
    friend class Responder;

    // Responding: the request is with its handler; nothing is read meanwhile.
    enum class State { Handshaking, Reading, Responding, Writing, Flushing, Closing, Lingering, Finished };
    enum class Deadline { None, Handshake, Head, Body, Idle, Response, Write, Linger };

    // What the response to the request with its handler depends on.
    struct PendingRequest
    {
        bool head = false;
        int versionMinor = 1;
        bool keepAlive = true;
    };

    void onEncrypted();
    void onReadyRead();
    void onBytesWritten();
    void onError();
    void onTimeout();

    void startReading();
    void process();
    void updateReadDeadline();
    void respond(const HttpRequest &request);
    // The handler's response (through its Responder, which calls this at most once).
    void deliver(const HttpResponse &response);
    void respondToTimedOutHandler();
    void write(const HttpResponse &response, bool close);
    void stopWaitingForTheHandler();
    void respondToParseError();
    void respondAndClose(const HttpResponse &response);
    void onResponseDrained();
    void closeAfterResponse(bool linger);
    void startLingering();
    void finish();
    bool isDrained() const;
    void arm(Deadline deadline, qint64 ms);
    QByteArray serialize(const HttpResponse &response, bool headRequest, int versionMinor, bool close) const;

    QTcpSocket *m_socket;
    QSslSocket *m_sslSocket; // m_socket when TLS, else null
    HttpServerOptions m_options;
    Dispatcher m_dispatcher;
    HttpRequestParser m_parser;
    QTimer m_timer;
    State m_state = State::Reading;
    Deadline m_deadline = Deadline::None;
    PendingRequest m_pending;
    std::shared_ptr<Responder::Waiting> m_waiting; // while Responding
};

} // namespace locust::httpserver
