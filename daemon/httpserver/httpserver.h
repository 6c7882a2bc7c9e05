#pragma once

#include "httpserver/httprequest.h"
#include "httpserver/httpresponse.h"
#include "httpserver/httpserveroptions.h"
#include "httpserver/responder.h"
#include "support/result.h"

#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QSslConfiguration>

#include <functional>
#include <memory>

namespace locust::httpserver {

class HttpConnection;
class TcpListener;

// A small HTTP/1.1 server, plain or TLS, for the daemon's listeners (webhooks, health probes,
// metrics). Routes are exact path + method; an unknown path is 404, a known path with another method
// 405 with an Allow header; HEAD is answered by the GET handler without the body. Handlers run on the
// event loop and must return promptly. A synchronous handler returns its response; an asynchronous
// one (routeAsync) returns at once and answers later through its Responder, e.g. after awaiting an
// API call. Each connection has one request at a time with its handler, and a handler that does not
// respond within responseTimeoutMs gets its client a 503. Limits and timeouts: HttpServerOptions
// (docs/http-listeners.md).
//
// TLS: setSslConfiguration() before listen() makes it a TLS listener. The server enforces TLS 1.2 or
// later and ALPN "http/1.1" whatever the configuration says. Calling it again later replaces the
// certificate for new connections only (rotation); open connections and the listener are untouched.
class HttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // Must return promptly; answers through the Responder, now or later (see Responder).
    using AsyncHandler = std::function<void(const HttpRequest &, Responder)>;

    explicit HttpServer(const HttpServerOptions &options = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // method is case-sensitive ("GET", "POST"); path is the decoded path ("/validate-..."). A later
    // route for the same method and path replaces the earlier one.
    void route(const QByteArray &method, const QString &path, Handler handler);
    void routeAsync(const QByteArray &method, const QString &path, AsyncHandler handler);

    void setSslConfiguration(const QSslConfiguration &configuration);
    QSslConfiguration sslConfiguration() const { return m_sslConfiguration; }
    bool isTls() const { return m_tls; }

    // Listens on address:port (port 0: any free port). Returns the bound port, or why it could not
    // bind ("cannot listen on 127.0.0.1:9443: The bound address is already in use").
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Stops listening and closes every connection at once.
    void close();
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    int connectionCount() const { return static_cast<int>(m_connections.size()); }

    // Dials this server's own port (loopback when it listens on every address) and reports whether a
    // TLS handshake completes within timeoutMs: the readiness check of the webhook listener. done is
    // called once, later, on this server's thread; never if the server is destroyed first.
    void probeTls(qint64 timeoutMs, std::function<void(bool accepted, const QString &error)> done);

    const HttpServerOptions &options() const { return m_options; }

    // Answers request from the routing table (404/405 included, at once); what a connection calls.
    void dispatch(const HttpRequest &request, Responder respond) const;

Q_SIGNALS:
    // For logging; peer is the client's address.
    void tlsHandshakeFailed(const QHostAddress &peer, const QString &error);
    void connectionRejected(const QHostAddress &peer); // maxConnections reached

private:
    void onSocketAccepted(qintptr socketDescriptor);
    void onConnectionFinished(HttpConnection *connection);

    HttpServerOptions m_options;
    std::unique_ptr<TcpListener> m_listener;
    QHash<QString, QMap<QByteArray, AsyncHandler>> m_routes;
    QSet<HttpConnection *> m_connections;
    QSslConfiguration m_sslConfiguration;
    bool m_tls = false;
};

} // namespace locust::httpserver
