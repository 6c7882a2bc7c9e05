#include "httpserver/httpserver.h"
#include "rawhttpclient.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

using namespace Qt::StringLiterals;
using locust::httpserver::HttpRequest;
using locust::httpserver::HttpResponse;
using locust::httpserver::HttpServer;
using locust::httpserver::HttpServerOptions;
using locust::httpserver::testing::RawHttpClient;
using locust::httpserver::testing::RawResponse;

namespace {

// Short limits so that timeout tests take a fraction of a second; each test that depends on one
// sets it explicitly.
HttpServerOptions testOptions()
{
    HttpServerOptions options;
    options.headerReadTimeoutMs = 5'000;
    options.bodyReadTimeoutMs = 5'000;
    options.idleTimeoutMs = 5'000;
    options.writeTimeoutMs = 5'000;
    options.lingerTimeoutMs = 200;
    options.maxBodyBytes = 64 * 1024;
    return options;
}

QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n"
           + extraHeaders + "\r\n" + body;
}

// A blocking-connect, non-blocking-I/O POSIX client for what QTcpSocket hides: it does not close
// when the server ends its stream, and shows whether writes still go through.
class PosixClient
{
public:
    ~PosixClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connectTo(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return false;
        return ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK) == 0;
    }

    // Sends what the socket takes now; the number of bytes, or -1 on an error (reset, broken pipe).
    qsizetype sendSome(const QByteArray &bytes)
    {
        const ssize_t sent = ::send(m_fd, bytes.constData(), bytes.size(), MSG_NOSIGNAL);
        return sent < 0 && errno != EAGAIN ? -1 : std::max<qsizetype>(sent, 0);
    }

    // Reads what has arrived; true once the server has ended its stream.
    bool receive()
    {
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                m_received.append(buffer, n);
                continue;
            }
            return n == 0;
        }
    }

    const QByteArray &received() const { return m_received; }

private:
    int m_fd = -1;
    QByteArray m_received;
};

} // namespace

class HttpServerTest : public QObject
{
    Q_OBJECT

private:
    int m_handled = 0;

    // A server on 127.0.0.1 with a fixed set of routes; null (and a failed QVERIFY in the caller via
    // isListening()) if it could not listen.
    std::unique_ptr<HttpServer> startServer(const HttpServerOptions &options = testOptions())
    {
        auto server = std::make_unique<HttpServer>(options);
        server->route("GET", u"/hello"_s, [this](const HttpRequest &) {
            ++m_handled;
            return HttpResponse::text(u"hello\n"_s);
        });
        server->route("POST", u"/echo"_s, [this](const HttpRequest &request) {
            ++m_handled;
            HttpResponse response;
            response.headers.set("Content-Type", request.headers.value("content-type", "application/octet-stream"));
            response.body = request.body;
            return response;
        });
        server->route("GET", u"/both"_s, [](const HttpRequest &) { return HttpResponse::text(u"get"_s); });
        server->route("POST", u"/both"_s, [](const HttpRequest &) { return HttpResponse::text(u"post"_s); });
        server->route("PUT", u"/put-only"_s, [](const HttpRequest &) { return HttpResponse::text(u"put"_s); });
        server->route("GET", u"/request"_s, [](const HttpRequest &request) {
            return HttpResponse::json(QJsonObject{
                {u"method"_s, QString::fromLatin1(request.method)},
                {u"path"_s, request.path},
                {u"query"_s, QString::fromLatin1(request.query)},
                {u"version"_s, request.versionMinor},
                {u"test"_s, QString::fromLatin1(request.headers.value("x-TEST"))},
            });
        });
        server->route("GET", u"/close"_s, [](const HttpRequest &) {
            HttpResponse response = HttpResponse::text(u"bye"_s);
            response.headers.set("Connection", "close");
            return response;
        });
        server->route("GET", u"/framing"_s, [](const HttpRequest &) {
            HttpResponse response = HttpResponse::text(u"12345"_s);
            response.headers.set("Content-Length", "999");
            response.headers.set("Transfer-Encoding", "chunked");
            response.headers.set("X-Evil", "a\r\nSet-Cookie: injected=1");
            response.headers.set("Bad Name", "x");
            response.headers.set("X-Fine", "yes");
            return response;
        });
        server->route("GET", u"/nocontent"_s, [](const HttpRequest &) {
            HttpResponse response;
            response.status = 204;
            response.body = "ignored";
            return response;
        });
        server->route("GET", u"/huge"_s, [](const HttpRequest &) {
            HttpResponse response;
            response.body = QByteArray(16 * 1024 * 1024, 'h');
            return response;
        });
        const auto port = server->listen(QHostAddress::LocalHost, 0);
        if (!port)
            qWarning() << port.errorMessage();
        return server;
    }

private Q_SLOTS:
    void init() { m_handled = 0; }

    void servesARoute()
    {
        const auto server = startServer();
        QVERIFY(server->isListening());
        QVERIFY(server->serverPort() != 0);
        QCOMPARE(server->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        RawHttpClient client;
        QVERIFY2(client.connectTo(server->serverPort()), qPrintable(client.error()));
        client.send(get("/hello"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK");
        QCOMPARE(response->headers.value("content-type"), "text/plain; charset=utf-8");
        QCOMPARE(response->headers.value("content-length"), "6");
        QVERIFY(response->headers.value("date").endsWith(" GMT"));
        QVERIFY(!response->headers.contains("connection"));
        QCOMPARE(response->body, "hello\n");
    }

    void handsTheRequestToTheHandler()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/request?a=1&b=%20", "X-Test: yes\r\n"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.value("content-type"), "application/json");
        QCOMPARE(response->body,
                 R"({"method":"GET","path":"/request","query":"a=1&b=%20","test":"yes","version":1})");
    }

    void echoesABody()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(post("/echo", R"({"kind":"AdmissionReview"})", "Content-Type: application/json\r\n"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->headers.value("content-type"), "application/json");
        QCOMPARE(response->body, R"({"kind":"AdmissionReview"})");
    }

    void echoesAChunkedBody()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n");
        QTest::qWait(20);
        client.send("2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n");
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, "abcde");
    }

    void unknownPathIs404()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/nowhere"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 404 Not Found");
        QCOMPARE(response->body, "404 page not found\n");
        // Routes are exact: no prefix or trailing-slash matching.
        client.send(get("/hello/"));
        QCOMPARE(client.readResponse()->status, 404);
        QVERIFY(client.isConnected());
    }

    void otherMethodIs405WithAllow()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("DELETE /both HTTP/1.1\r\nHost: t\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 405 Method Not Allowed");
        QCOMPARE(response->headers.value("allow"), "GET, HEAD, POST");
        QCOMPARE(response->body, "method not allowed\n");

        client.send(get("/put-only"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 405);
        QCOMPARE(response->headers.value("allow"), "PUT");

        // Methods are case-sensitive (RFC 9110 §9.1).
        client.send("get /hello HTTP/1.1\r\nHost: t\r\n\r\n");
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 405);
        QCOMPARE(response->headers.value("allow"), "GET, HEAD");
    }

    void headIsGetWithoutTheBody()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse(5000, true);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->headers.value("content-length"), "6");
        // Had the body been sent, it would be taken for the start of the next response.
        client.send(get("/both"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK");
        QCOMPARE(response->body, "get");
    }

    void keepsTheConnectionForSeveralRequests()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        for (int i = 0; i < 3; ++i) {
            client.send(get("/hello"));
            const std::optional<RawResponse> response = client.readResponse();
            QVERIFY(response);
            QCOMPARE(response->body, "hello\n");
        }
        QVERIFY(client.isConnected());
        QCOMPARE(server->connectionCount(), 1);
        QCOMPARE(m_handled, 3);
    }

    void closesAfterConnectionClose()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hello", "Connection: close\r\n"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "hello\n");
        QCOMPARE(response->headers.value("connection"), "close");
        QVERIFY(client.waitForDisconnected(2000));
        QTRY_COMPARE(server->connectionCount(), 0);
    }

    void ignoresRequestsPipelinedAfterConnectionClose()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hello", "Connection: close\r\n") + get("/hello"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.value("connection"), "close");
        QVERIFY(client.waitForDisconnected(3000));
        QCOMPARE(client.buffered(), QByteArray());
        QCOMPARE(m_handled, 1);
    }

    void handlerCanCloseTheConnection()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/close"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "bye");
        QCOMPARE(response->headers.values("connection"), QList<QByteArray>{"close"});
        QVERIFY(client.waitForDisconnected(2000));
    }

    void http10ClosesUnlessKeepAlive()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("GET /hello HTTP/1.0\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK");
        QCOMPARE(response->headers.value("connection"), "close");
        QVERIFY(client.waitForDisconnected(2000));

        RawHttpClient keepAlive;
        QVERIFY(keepAlive.connectTo(server->serverPort()));
        keepAlive.send("GET /request HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        response = keepAlive.readResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.value("connection"), "keep-alive");
        QVERIFY(response->body.contains(R"("version":0)"));
        keepAlive.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        response = keepAlive.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "hello\n");
        QVERIFY(keepAlive.isConnected());
    }

    void answersPipelinedRequestsInOrder()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/both") + post("/echo", "second") + get("/nowhere") + post("/both", {}) + get("/hello"));
        QList<QByteArray> bodies;
        for (int i = 0; i < 5; ++i) {
            const std::optional<RawResponse> response = client.readResponse();
            QVERIFY2(response, qPrintable(u"response %1 missing"_s.arg(i)));
            bodies.append(response->body);
        }
        QCOMPARE(bodies, (QList<QByteArray>{"get", "second", "404 page not found\n", "post", "hello\n"}));
        QVERIFY(client.isConnected());
    }

    void sendsContinueBeforeTheBody()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 100 Continue");
        QCOMPARE(m_handled, 0);
        client.send("data");
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, "data");
    }

    void refusesATooLargeBodyBeforeItIsSent()
    {
        HttpServerOptions options = testOptions();
        options.maxBodyBytes = 1024;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10485760\r\nExpect: 100-continue\r\n\r\n");
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 413 Content Too Large");
        QCOMPARE(response->headers.value("connection"), "close");
        QCOMPARE(response->body, "request body exceeds the limit of 1024 bytes\n");
        QVERIFY(client.waitForDisconnected(3000));
        QCOMPARE(m_handled, 0);
    }

    void refusesATooLargeBodyWhileItIsBeingSent()
    {
        HttpServerOptions options = testOptions();
        options.maxBodyBytes = 1024;
        options.lingerTimeoutMs = 1000;
        const auto server = startServer(options);
        // A bare socket: unlike QTcpSocket it stays open after the server's end of stream, as a
        // client busy uploading would.
        PosixClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        // 100 MiB declared; the client sends what the socket buffers take without reading anything.
        client.sendSome("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n"
                        + QByteArray(1024 * 1024, 'x'));
        // The 413 comes without the rest of the body, then the end of the stream.
        QVERIFY(QTest::qWaitFor([&] { return client.receive(); }, 3000));
        QVERIFY2(client.received().startsWith("HTTP/1.1 413 Content Too Large\r\n"), client.received().constData());
        QVERIFY(client.received().endsWith("\r\n\r\nrequest body exceeds the limit of 1024 bytes\n"));
        // Closing with unread input would reset the connection, which can destroy the response
        // before the client reads it; so the server half-closes and keeps draining what the client
        // still sends, until the linger deadline.
        QCOMPARE(server->connectionCount(), 1);
        QVERIFY(client.sendSome(QByteArray(16 * 1024, 'y')) > 0);
        QTest::qWait(100);
        QCOMPARE(server->connectionCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, 3000);
        QCOMPARE(m_handled, 0);
    }

    void answersMalformedRequestsWith400AndCloses()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n");
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 400 Bad Request");
        QCOMPARE(response->headers.value("connection"), "close");
        QCOMPARE(response->body, "malformed header field name \"Bad Header\"\n");
        QVERIFY(client.waitForDisconnected(3000));
    }

    void answersHttp2With505()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 505 HTTP Version Not Supported");
        QVERIFY(client.waitForDisconnected(3000));
    }

    void setsFramingHeadersItself()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/framing"));
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->headers.values("content-length"), QList<QByteArray>{"5"});
        QVERIFY(!response->headers.contains("transfer-encoding"));
        QVERIFY(!response->headers.contains("x-evil"));
        QVERIFY(!response->headers.contains("set-cookie"));
        QVERIFY(!response->headers.contains("bad name"));
        QCOMPARE(response->headers.value("x-fine"), "yes");
        QCOMPARE(response->body, "12345");

        client.send(get("/nocontent"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 204 No Content");
        QVERIFY(!response->headers.contains("content-length"));
        client.send(get("/both"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK"); // nothing of "ignored" was sent
        QCOMPARE(response->body, "get");
    }

    // A slowloris: clients that trickle header bytes forever. Each is cut off at the header deadline
    // although it never stops sending, and meanwhile other clients are served at once.
    void headerTimeoutCutsOffSlowClientsWhileOthersAreServed()
    {
        HttpServerOptions options = testOptions();
        options.headerReadTimeoutMs = 600;
        const auto server = startServer(options);
        constexpr int SlowClients = 8;
        std::vector<std::unique_ptr<RawHttpClient>> slow;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < SlowClients; ++i) {
            slow.push_back(std::make_unique<RawHttpClient>());
            QVERIFY(slow.back()->connectTo(server->serverPort()));
            slow.back()->send("GET /hello HTTP/1.1\r\nHost: t\r\n");
        }
        QTimer trickle;
        int line = 0;
        QObject::connect(&trickle, &QTimer::timeout, [&] {
            for (const auto &client : slow) {
                if (client->isConnected())
                    client->send("X-Slow-" + QByteArray::number(line) + ": 1\r\n");
            }
            ++line;
        });
        trickle.start(50);

        QTest::qWait(150);
        RawHttpClient fast;
        QVERIFY(fast.connectTo(server->serverPort()));
        fast.send(get("/hello"));
        const std::optional<RawResponse> response = fast.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "hello\n");
        // Served while every slow client still held its connection.
        QCOMPARE(server->connectionCount(), SlowClients + 1);
        for (const auto &client : slow)
            QVERIFY(client->isConnected());

        for (const auto &client : slow) {
            QVERIFY(client->waitForDisconnected(5000));
            const std::optional<RawResponse> timedOut = client->readResponse(1000);
            QVERIFY(timedOut);
            QCOMPARE(timedOut->statusLine, "HTTP/1.1 408 Request Timeout");
            QCOMPARE(timedOut->body, "request headers not received in time\n");
        }
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(elapsed >= 550, qPrintable(QString::number(elapsed)));
        QVERIFY2(line >= 8, "the clients kept sending until they were cut off");
        QCOMPARE(m_handled, 1);
        // The fast client's connection is untouched.
        QVERIFY(fast.isConnected());
        fast.send(get("/hello"));
        QVERIFY(fast.readResponse());
    }

    void silentConnectionIsClosedAtTheHeaderDeadline()
    {
        HttpServerOptions options = testOptions();
        options.headerReadTimeoutMs = 300;
        const auto server = startServer(options);
        RawHttpClient client;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(client.connectTo(server->serverPort()));
        QVERIFY(client.waitForDisconnected(5000));
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(client.buffered(), QByteArray()); // nothing to answer, so no 408
    }

    void bodyTimeoutClosesASlowUpload()
    {
        HttpServerOptions options = testOptions();
        options.bodyReadTimeoutMs = 300;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        QElapsedTimer clock;
        clock.start();
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
        const std::optional<RawResponse> response = client.readResponse(4000);
        QVERIFY(response);
        QCOMPARE(response->status, 408);
        QCOMPARE(response->body, "request body not received in time\n");
        // The body deadline, not the 5 s header one.
        QVERIFY2(clock.elapsed() >= 250 && clock.elapsed() < 4000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(client.waitForDisconnected(3000));
        QCOMPARE(m_handled, 0);
    }

    void idleTimeoutClosesAKeptAliveConnection()
    {
        HttpServerOptions options = testOptions();
        options.idleTimeoutMs = 300;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hello"));
        QVERIFY(client.readResponse());
        QElapsedTimer clock;
        clock.start();
        QVERIFY(client.waitForDisconnected(4000)); // well before the 5 s header deadline
        QVERIFY2(clock.elapsed() >= 200, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(client.buffered(), QByteArray());
    }

    void aRequestStartedOnAnIdleConnectionGetsTheHeaderDeadline()
    {
        HttpServerOptions options = testOptions();
        options.idleTimeoutMs = 300;
        options.headerReadTimeoutMs = 2000;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hello"));
        QVERIFY(client.readResponse());
        QTest::qWait(100);
        client.send("GET /hello HTT");
        QTest::qWait(500); // past the idle deadline
        QVERIFY(client.isConnected());
        client.send("P/1.1\r\nHost: t\r\n\r\n");
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "hello\n");
    }

    void writeTimeoutDropsAClientThatDoesNotRead()
    {
        HttpServerOptions options = testOptions();
        options.writeTimeoutMs = 300;
        const auto server = startServer(options);
        RawHttpClient client;
        client.socket()->setReadBufferSize(1024); // takes 1 KiB of the 16 MiB answer, then stops reading
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/huge"));
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, 5000);
    }

    void refusesConnectionsBeyondTheLimit()
    {
        HttpServerOptions options = testOptions();
        options.maxConnections = 2;
        const auto server = startServer(options);
        QSignalSpy rejected(server.get(), &HttpServer::connectionRejected);
        RawHttpClient first;
        RawHttpClient second;
        QVERIFY(first.connectTo(server->serverPort()));
        QVERIFY(second.connectTo(server->serverPort()));
        QTRY_COMPARE(server->connectionCount(), 2);

        RawHttpClient third;
        QVERIFY(third.connectTo(server->serverPort())); // the kernel accepts; the server closes it at once
        QVERIFY(third.waitForDisconnected(2000));
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.at(0).at(0).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));

        first.send(get("/hello"));
        QVERIFY(first.readResponse());
        second.send(get("/hello"));
        QVERIFY(second.readResponse());

        first.socket()->abort();
        QTRY_COMPARE(server->connectionCount(), 1);
        RawHttpClient fourth;
        QVERIFY(fourth.connectTo(server->serverPort()));
        fourth.send(get("/hello"));
        const std::optional<RawResponse> response = fourth.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(rejected.size(), 1);
    }

    void reportsListenErrors()
    {
        QTcpServer occupier;
        QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
        HttpServer server;
        const auto result = server.listen(QHostAddress::LocalHost, occupier.serverPort());
        QVERIFY(!result);
        QCOMPARE(result.errorMessage(), u"cannot listen on 127.0.0.1:%1: The bound address is already in use"_s.arg(
                                            occupier.serverPort()));
        QVERIFY(!server.isListening());

        const auto listening = server.listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening, qPrintable(listening.errorMessage()));
        QCOMPARE(*listening, server.serverPort());
        const auto again = server.listen(QHostAddress::LocalHost, 0);
        QVERIFY(!again);
        QCOMPARE(again.errorMessage(), u"cannot listen on 127.0.0.1:0: already listening on 127.0.0.1:%1"_s.arg(
                                           server.serverPort()));

        HttpServer elsewhere;
        const auto unavailable = elsewhere.listen(QHostAddress(u"203.0.113.7"_s), 0);
        QVERIFY(!unavailable);
        QVERIFY2(unavailable.errorMessage().startsWith(u"cannot listen on 203.0.113.7:0: "_s),
                 qPrintable(unavailable.errorMessage()));
    }

    void aHandlerMayCloseTheServer()
    {
        HttpServer server(testOptions());
        server.route("POST", u"/shutdown"_s, [&server](const HttpRequest &) {
            server.close();
            return HttpResponse::text(u"closing"_s);
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());
        RawHttpClient client;
        QVERIFY(client.connectTo(server.serverPort()));
        client.send(post("/shutdown", {}));
        QVERIFY(client.waitForDisconnected(3000));
        QVERIFY(!server.isListening());
        QCOMPARE(server.connectionCount(), 0);
    }

    void closeStopsListeningAndDropsConnections()
    {
        const auto server = startServer();
        const quint16 port = server->serverPort();
        RawHttpClient client;
        QVERIFY(client.connectTo(port));
        QTRY_COMPARE(server->connectionCount(), 1);
        server->close();
        QVERIFY(!server->isListening());
        QCOMPARE(server->connectionCount(), 0);
        QVERIFY(client.waitForDisconnected(2000));
        RawHttpClient late;
        QVERIFY(!late.connectTo(port, 2000));
    }
};

QTEST_GUILESS_MAIN(HttpServerTest)
#include "tst_httpserver.moc"
