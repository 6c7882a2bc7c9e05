#pragma once

#include "httpserver/httprequest.h"
#include "httpserver/httprequestparser.h"
#include "httpserver/httpresponse.h"
#include "httpserver/httpserveroptions.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;
class QSslSocket;

namespace locust::httpserver {

// One client connection of an HttpServer: TLS handshake (for a QSslSocket), then requests read with
// HttpRequestParser and answered one at a time in order. The next request is not read before the
// previous response has left (so a client that pipelines without reading cannot make the server
// buffer responses). Every phase has a deadline (HttpServerOptions). After a response with
// "Connection: close", a parse error or a timeout the connection closes; when the client may still
// be sending, it first lingers (half-closed for plain TCP) so the client reads the response.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using Dispatcher = std::function<HttpResponse(const HttpRequest &)>;

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
    enum class State { Handshaking, Reading, Writing, Flushing, Closing, Lingering, Finished };
    enum class Deadline { None, Handshake, Head, Body, Idle, Write, Linger };

    void onEncrypted();
    void onReadyRead();
    void onBytesWritten();
    void onError();
    void onTimeout();

    void startReading();
    void process();
    void updateReadDeadline();
    void respond(const HttpRequest &request);
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
};

} // namespace locust::httpserver
