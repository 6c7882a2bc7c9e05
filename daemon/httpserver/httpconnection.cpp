#include "httpserver/httpconnection.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTcpSocket>

#include <sys/socket.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace locust::httpserver {

namespace {

// Bounds what Qt reads from the kernel ahead of the parser; beyond it TCP flow control pushes back.
constexpr qint64 ReadBufferBytes = 64 * 1024;
constexpr qint64 ReadChunkBytes = 64 * 1024;

bool isHeaderNameByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != ':';
}

bool isSafeHeaderValue(QByteArrayView value)
{
    return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// Headers the server owns: whatever a handler put there is replaced.
bool isServerOwnedHeader(QByteArrayView name)
{
    for (const char *owned : {"content-length", "transfer-encoding", "connection", "date"}) {
        const QByteArrayView ownedName(owned);
        if (name.size() == ownedName.size() && name.compare(ownedName, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
        .toLatin1();
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpServerOptions &options, Dispatcher dispatcher,
                               QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_sslSocket(qobject_cast<QSslSocket *>(socket))
    , m_options(options)
    , m_dispatcher(std::move(dispatcher))
    , m_parser(options.maxHeaderBytes, options.maxBodyBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferBytes);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QAbstractSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpConnection::onError);
    if (m_sslSocket) {
        connect(m_sslSocket, &QSslSocket::encrypted, this, &HttpConnection::onEncrypted);
        connect(m_sslSocket, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onBytesWritten);
    }
}

HttpConnection::~HttpConnection()
{
    stopWaitingForTheHandler();
}

void HttpConnection::start()
{
    if (!m_sslSocket) {
        startReading();
        return;
    }
    m_state = State::Handshaking;
    arm(Deadline::Handshake, m_options.handshakeTimeoutMs);
    m_sslSocket->startServerEncryption();
}

void HttpConnection::abort()
{
    finish();
}

void HttpConnection::onEncrypted()
{
    if (m_state == State::Handshaking)
        startReading();
}

void HttpConnection::startReading()
{
    m_state = State::Reading;
    // A fresh connection gets the header deadline at once: one that never sends is as bad as one that
    // sends slowly.
    arm(Deadline::Head, m_options.headerReadTimeoutMs);
    process();
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Lingering) {
        m_socket->readAll(); // discarded: we only wait for the client to stop sending
        return;
    }
    if (m_state == State::Reading)
        process();
}

void HttpConnection::process()
{
    while (m_state == State::Reading) {
        switch (m_parser.next()) {
        case HttpRequestParser::Event::NeedMoreData: {
            const QByteArray data = m_socket->read(ReadChunkBytes);
            if (data.isEmpty()) {
                updateReadDeadline();
                return;
            }
            m_parser.feed(data);
            updateReadDeadline();
            break;
        }
        case HttpRequestParser::Event::ContinueExpected:
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            break;
        case HttpRequestParser::Event::RequestReady:
            respond(m_parser.takeRequest());
            break;
        case HttpRequestParser::Event::Failed:
            respondToParseError();
            return;
        }
    }
}

// Moves to the deadline of the parser's phase when the phase changes: the first byte of a request
// on an idle connection starts the header clock, complete headers start the body clock.
void HttpConnection::updateReadDeadline()
{
    switch (m_parser.phase()) {
    case HttpRequestParser::Phase::Idle:
        break;
    case HttpRequestParser::Phase::Head:
        if (m_deadline == Deadline::Idle)
            arm(Deadline::Head, m_options.headerReadTimeoutMs);
        break;
    case HttpRequestParser::Phase::Body:
        if (m_deadline != Deadline::Body)
            arm(Deadline::Body, m_options.bodyReadTimeoutMs);
        break;
    }
}

void HttpConnection::respond(const HttpRequest &request)
{
    m_state = State::Responding;
    m_pending = PendingRequest{request.method == "HEAD", request.versionMinor, request.keepAlive};
    arm(Deadline::Response, m_options.responseTimeoutMs);
    m_waiting = std::make_shared<Responder::Waiting>(Responder::Waiting{this});
    // The handler may respond before this returns (synchronous routes do), later, or never (then the
    // response deadline answers for it). It may also close the server, which finishes this connection.
    m_dispatcher(request, Responder(m_waiting));
}

void HttpConnection::deliver(const HttpResponse &response)
{
    if (m_state != State::Responding)
        return; // cannot happen: the Responder is released whenever the state moves on
    stopWaitingForTheHandler();
    const bool close = !m_pending.keepAlive || response.headers.tokens("connection").contains("close");
    write(response, close);
}

void HttpConnection::respondToTimedOutHandler()
{
    // Its Responder is released first, so a response that comes later is dropped. The connection is
    // closed rather than kept: the client has waited long enough, and a handler that is stuck is
    // likely to be stuck for the next request too.
    stopWaitingForTheHandler();
    write(HttpResponse::error(503, u"no response within %1 ms"_s.arg(m_options.responseTimeoutMs)), true);
}

void HttpConnection::write(const HttpResponse &response, bool close)
{
    m_socket->write(serialize(response, m_pending.head, m_pending.versionMinor, close));
    if (close) {
        // Whatever the client pipelined after this request will not be read.
        closeAfterResponse(m_parser.bufferedBytes() > 0 || m_socket->bytesAvailable() > 0);
        return;
    }
    m_state = State::Writing;
    arm(Deadline::Write, m_options.writeTimeoutMs);
    // bytesWritten() moves on; this covers a socket that had nothing left to write by then.
    QMetaObject::invokeMethod(this, &HttpConnection::onBytesWritten, Qt::QueuedConnection);
}

void HttpConnection::stopWaitingForTheHandler()
{
    if (m_waiting) {
        m_waiting->connection = nullptr; // every copy of the Responder now does nothing
        m_waiting.reset();
    }
}

void HttpConnection::respondToParseError()
{
    respondAndClose(HttpResponse::error(m_parser.errorStatus(), m_parser.errorMessage()));
}

void HttpConnection::respondAndClose(const HttpResponse &response)
{
    m_socket->write(serialize(response, false, 1, true));
    closeAfterResponse(true);
}

void HttpConnection::onBytesWritten()
{
    if (!isDrained())
        return;
    if (m_state == State::Writing)
        onResponseDrained();
    else if (m_state == State::Flushing)
        startLingering();
}

void HttpConnection::onResponseDrained()
{
    m_state = State::Reading;
    if (m_parser.phase() == HttpRequestParser::Phase::Idle && m_socket->bytesAvailable() == 0)
        arm(Deadline::Idle, m_options.idleTimeoutMs);
    else
        arm(Deadline::Head, m_options.headerReadTimeoutMs); // a pipelined request is already arriving
    process();
}

void HttpConnection::closeAfterResponse(bool linger)
{
    arm(Deadline::Write, m_options.writeTimeoutMs);
    if (!linger) {
        m_state = State::Closing;
        m_socket->disconnectFromHost(); // after the response has been written; then disconnected()
        return;
    }
    m_state = State::Flushing;
    if (isDrained())
        startLingering();
}

void HttpConnection::startLingering()
{
    m_state = State::Lingering;
    arm(Deadline::Linger, m_options.lingerTimeoutMs);
    // The FIN tells the client the response is complete while we keep discarding what it still sends.
    // (Not for TLS: a TCP FIN without close_notify would look like a truncation attack.)
    if (!m_sslSocket && m_socket->socketDescriptor() >= 0)
        ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
    m_socket->readAll();
}

void HttpConnection::onError()
{
    if (m_state == State::Handshaking)
        Q_EMIT tlsHandshakeFailed(m_socket->errorString());
    finish();
}

void HttpConnection::onTimeout()
{
    switch (m_deadline) {
    case Deadline::Handshake:
        Q_EMIT tlsHandshakeFailed(u"TLS handshake not complete after %1 ms"_s.arg(m_options.handshakeTimeoutMs));
        finish();
        return;
    case Deadline::Head:
    case Deadline::Body:
        if (m_parser.phase() != HttpRequestParser::Phase::Idle || m_socket->bytesAvailable() > 0) {
            respondAndClose(HttpResponse::error(
                408, m_deadline == Deadline::Head ? u"request headers not received in time"_s
                                                  : u"request body not received in time"_s));
            return;
        }
        m_state = State::Closing;
        arm(Deadline::Write, m_options.writeTimeoutMs);
        m_socket->disconnectFromHost();
        return;
    case Deadline::Idle:
        m_state = State::Closing;
        arm(Deadline::Write, m_options.writeTimeoutMs);
        m_socket->disconnectFromHost();
        return;
    case Deadline::Response:
        respondToTimedOutHandler();
        return;
    case Deadline::Write:
    case Deadline::Linger:
    case Deadline::None:
        finish();
        return;
    }
}

void HttpConnection::finish()
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_deadline = Deadline::None;
    m_timer.stop();
    stopWaitingForTheHandler();
    m_socket->disconnect(this);
    m_socket->abort();
    Q_EMIT finished(this);
}

bool HttpConnection::isDrained() const
{
    return m_socket->bytesToWrite() == 0 && (!m_sslSocket || m_sslSocket->encryptedBytesToWrite() == 0);
}

void HttpConnection::arm(Deadline deadline, qint64 ms)
{
    m_deadline = deadline;
    m_timer.start(std::chrono::milliseconds(ms));
}

QByteArray HttpConnection::serialize(const HttpResponse &response, bool headRequest, int versionMinor,
                                     bool close) const
{
    int status = response.status;
    QByteArray reason = response.reason;
    if (status < 200 || status > 599) {
        status = 500; // informational or nonsense codes cannot be a final response
        reason.clear();
    }
    if (reason.isEmpty() || !isSafeHeaderValue(reason))
        reason = HttpResponse::standardReason(status);

    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &[name, value] : response.headers.fields()) {
        const bool validName = !name.isEmpty() && std::all_of(name.begin(), name.end(), isHeaderNameByte);
        if (!validName || !isSafeHeaderValue(value) || isServerOwnedHeader(name))
            continue;
        out += name + ": " + value + "\r\n";
    }
    out += "Date: " + httpDate() + "\r\n";
    const bool bodyless = status == 204 || status == 304;
    if (!bodyless)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (versionMinor == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!bodyless && !headRequest)
        out += response.body;
    return out;
}

} // namespace locust::httpserver
