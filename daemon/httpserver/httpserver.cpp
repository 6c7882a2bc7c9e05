#include "httpserver/httpserver.h"

#include "httpserver/httpconnection.h"
#include "httpserver/tcplistener.h"
#include "httpserver/tlshandshakeprobe.h"

#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

namespace {

QString endpoint(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u"["_s + address.toString() + u"]"_s
                                                                             : address.toString();
    return host + u":"_s + QString::number(port);
}

bool allowsOnlyTls12OrLater(QSsl::SslProtocol protocol)
{
    return protocol == QSsl::TlsV1_2 || protocol == QSsl::TlsV1_2OrLater || protocol == QSsl::TlsV1_3
           || protocol == QSsl::TlsV1_3OrLater;
}

} // namespace

HttpServer::HttpServer(const HttpServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_listener(std::make_unique<TcpListener>())
{
    connect(m_listener.get(), &TcpListener::socketAccepted, this, &HttpServer::onSocketAccepted);
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::route(const QByteArray &method, const QString &path, Handler handler)
{
    routeAsync(method, path, [handler = std::move(handler)](const HttpRequest &request, Responder respond) {
        respond(handler(request));
    });
}

void HttpServer::routeAsync(const QByteArray &method, const QString &path, AsyncHandler handler)
{
    m_routes[path].insert(method, std::move(handler));
}

void HttpServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    QSslConfiguration enforced = configuration;
    if (!allowsOnlyTls12OrLater(enforced.protocol()))
        enforced.setProtocol(QSsl::TlsV1_2OrLater);
    // HTTP/2 is not spoken here, and offering only http/1.1 also keeps the HTTP/2 rapid-reset class of
    // attacks off the port (the reference operator's --enable-http2=false).
    enforced.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    // A server does not ask clients for certificates.
    enforced.setPeerVerifyMode(QSslSocket::VerifyNone);
    m_sslConfiguration = enforced;
    m_tls = true;
}

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_listener->isListening())
        return Error{u"cannot listen on %1: already listening on %2"_s.arg(
            endpoint(address, port), endpoint(m_listener->serverAddress(), m_listener->serverPort()))};
    if (!m_listener->listen(address, port))
        return Error{u"cannot listen on %1: %2"_s.arg(endpoint(address, port), m_listener->errorString())};
    return m_listener->serverPort();
}

void HttpServer::close()
{
    m_listener->close();
    const QSet<HttpConnection *> connections = std::exchange(m_connections, {});
    for (HttpConnection *connection : connections) {
        connection->disconnect(this);
        connection->abort();
        connection->deleteLater(); // close() may run inside one of its handlers
    }
}

bool HttpServer::isListening() const
{
    return m_listener->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_listener->serverPort();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_listener->serverAddress();
}

void HttpServer::probeTls(qint64 timeoutMs, std::function<void(bool, const QString &)> done)
{
    QString failure;
    if (!m_tls)
        failure = u"the server does not serve TLS"_s;
    else if (!isListening())
        failure = u"the server is not listening"_s;
    if (!failure.isEmpty()) {
        QTimer::singleShot(0, this, [done = std::move(done), failure] { done(false, failure); });
        return;
    }

    QHostAddress host = serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);

    auto *probe = new TlsHandshakeProbe(this);
    connect(probe, &TlsHandshakeProbe::finished, this,
            [probe, done = std::move(done)](bool accepted, const QString &error) {
                probe->deleteLater();
                done(accepted, error);
            });
    probe->start(host.toString(), serverPort(), timeoutMs);
}

void HttpServer::dispatch(const HttpRequest &request, Responder respond) const
{
    const auto route = m_routes.constFind(request.path);
    if (route == m_routes.cend()) {
        respond(HttpResponse::error(404, u"404 page not found"_s));
        return;
    }

    const QMap<QByteArray, AsyncHandler> &handlers = route.value();
    auto handler = handlers.constFind(request.method);
    if (handler == handlers.cend() && request.method == "HEAD")
        handler = handlers.constFind("GET");
    if (handler != handlers.cend()) {
        // A copy: the handler may change the routes (or close the server) while it runs.
        const AsyncHandler handle = handler.value();
        handle(request, std::move(respond));
        return;
    }

    QList<QByteArray> allowed = handlers.keys();
    if (allowed.contains("GET") && !allowed.contains("HEAD")) {
        allowed.append("HEAD");
        std::sort(allowed.begin(), allowed.end());
    }
    HttpResponse response = HttpResponse::error(405, u"method not allowed"_s);
    response.headers.set("Allow", allowed.join(", "));
    respond(response);
}

void HttpServer::onSocketAccepted(qintptr socketDescriptor)
{
    if (m_connections.size() >= m_options.maxConnections) {
        QTcpSocket rejected;
        if (rejected.setSocketDescriptor(socketDescriptor)) {
            const QHostAddress peer = rejected.peerAddress();
            rejected.abort();
            Q_EMIT connectionRejected(peer);
        }
        return;
    }
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *sslSocket = new QSslSocket;
        sslSocket->setSslConfiguration(m_sslConfiguration); // the current one: rotation affects new connections
        socket = sslSocket;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }

    auto *connection = new HttpConnection(
        socket, m_options,
        [this](const HttpRequest &request, Responder respond) { dispatch(request, std::move(respond)); }, this);
    m_connections.insert(connection);
    connect(connection, &HttpConnection::finished, this, &HttpServer::onConnectionFinished);
    connect(connection, &HttpConnection::tlsHandshakeFailed, this,
            [this, peer = socket->peerAddress()](const QString &error) { Q_EMIT tlsHandshakeFailed(peer, error); });
    connection->start();
}

void HttpServer::onConnectionFinished(HttpConnection *connection)
{
    if (m_connections.remove(connection))
        connection->deleteLater();
}

} // namespace locust::httpserver
