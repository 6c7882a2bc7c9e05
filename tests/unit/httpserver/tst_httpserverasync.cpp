// Asynchronous routes (HttpServer::routeAsync, Responder) over real loopback sockets: responses that
// come later, never, twice, or after the connection or the server has gone.

#include "httpserver/httpserver.h"
#include "rawhttpclient.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using locust::httpserver::HttpRequest;
using locust::httpserver::HttpResponse;
using locust::httpserver::HttpServer;
using locust::httpserver::HttpServerOptions;
using locust::httpserver::Responder;
using locust::httpserver::testing::RawHttpClient;
using locust::httpserver::testing::RawResponse;

namespace {

HttpServerOptions testOptions()
{
    HttpServerOptions options;
    options.headerReadTimeoutMs = 5'000;
    options.bodyReadTimeoutMs = 5'000;
    options.idleTimeoutMs = 5'000;
    options.writeTimeoutMs = 5'000;
    options.responseTimeoutMs = 5'000;
    options.lingerTimeoutMs = 200;
    return options;
}

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n";
}

} // namespace

class HttpServerAsyncTest : public QObject
{
    Q_OBJECT

private:
    // Responders the /hold route keeps without answering; the test answers (or not) by hand.
    QList<Responder> m_held;
    // The query of each request as its handler started, and of each response as it was given.
    QList<QByteArray> m_started;
    QList<QByteArray> m_answered;

    // Routes: /later?<ms> answers with the query after that many ms (-1: inside the handler, 0: on
    // the next turn of the event loop); /hold keeps its Responder in m_held; /twice answers twice.
    std::unique_ptr<HttpServer> startServer(const HttpServerOptions &options = testOptions())
    {
        auto server = std::make_unique<HttpServer>(options);
        server->routeAsync("GET", u"/later"_s, [this](const HttpRequest &request, Responder respond) {
            m_started.append(request.query);
            const int delayMs = request.query.toInt();
            const QByteArray query = request.query;
            auto answer = [this, respond, query] {
                m_answered.append(query);
                respond(HttpResponse::text(u"answer "_s + QString::fromLatin1(query)));
            };
            if (delayMs < 0)
                answer();
            else
                QTimer::singleShot(delayMs, this, answer);
        });
        server->routeAsync("GET", u"/hold"_s, [this](const HttpRequest &request, Responder respond) {
            m_started.append(request.query);
            m_held.append(respond);
        });
        server->routeAsync("GET", u"/twice"_s, [](const HttpRequest &, Responder respond) {
            respond(HttpResponse::text(u"first"_s));
            respond(HttpResponse::text(u"second"_s));
            QTimer::singleShot(0, [respond] { respond(HttpResponse::text(u"third"_s)); });
        });
        server->route("GET", u"/sync"_s, [](const HttpRequest &) { return HttpResponse::text(u"sync"_s); });
        const auto port = server->listen(QHostAddress::LocalHost, 0);
        if (!port)
            qWarning() << port.errorMessage();
        return server;
    }

private Q_SLOTS:
    void init()
    {
        m_held.clear();
        m_started.clear();
        m_answered.clear();
    }

    void respondsWhenTheHandlerAnswers_data()
    {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("minimumMs");
        QTest::newRow("inside the handler") << -1 << 0;
        QTest::newRow("next turn of the event loop") << 0 << 0;
        QTest::newRow("after 300 ms") << 300 << 250;
    }

    void respondsWhenTheHandlerAnswers()
    {
        QFETCH(int, delayMs);
        QFETCH(int, minimumMs);
        const auto server = startServer();
        QVERIFY(server->isListening());
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        QElapsedTimer clock;
        clock.start();
        const QByteArray query = QByteArray::number(delayMs);
        client.send(get("/later?" + query));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QVERIFY2(clock.elapsed() >= minimumMs, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK");
        QCOMPARE(response->headers.value("content-type"), "text/plain; charset=utf-8");
        QCOMPARE(response->body, "answer " + query);
        QVERIFY(!response->headers.contains("connection"));
        // The connection stays usable for the next request.
        client.send(get("/sync"));
        const std::optional<RawResponse> next = client.readResponse();
        QVERIFY(next);
        QCOMPARE(next->body, "sync");
        QVERIFY(client.isConnected());
    }

    // HEAD goes to the asynchronous GET handler and still gets no body.
    void headOnAnAsynchronousRouteHasNoBody()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send("HEAD /later?50 HTTP/1.1\r\nHost: t\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse(5000, true);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->headers.value("content-length"), "9");
        client.send(get("/sync"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->statusLine, "HTTP/1.1 200 OK"); // no stray body before it
        QCOMPARE(response->body, "sync");
    }

    // The next pipelined request is not even handed to its handler before the previous response has
    // gone out, so responses cannot overtake each other.
    void pipelinedRequestsKeepTheirOrder()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/later?300") + get("/later?-1") + get("/later?100") + get("/sync") + get("/later?0"));
        QList<QByteArray> bodies;
        for (int i = 0; i < 5; ++i) {
            const std::optional<RawResponse> response = client.readResponse();
            QVERIFY2(response, qPrintable(u"response %1 missing"_s.arg(i)));
            bodies.append(response->body);
        }
        QCOMPARE(bodies, (QList<QByteArray>{"answer 300", "answer -1", "answer 100", "sync", "answer 0"}));
        QCOMPARE(m_started, (QList<QByteArray>{"300", "-1", "100", "0"}));
        QCOMPARE(m_answered, (QList<QByteArray>{"300", "-1", "100", "0"}));
        QVERIFY(client.isConnected());
    }

    void nothingIsReadWhileAResponseIsPending()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hold?1") + get("/hold?2"));
        QTRY_COMPARE(m_held.size(), 1);
        QTest::qWait(200);
        QCOMPARE(m_started, QList<QByteArray>{"1"});
        m_held.front()(HttpResponse::text(u"one"_s));
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "one");
        QTRY_COMPARE(m_held.size(), 2);
        QCOMPARE(m_started, (QList<QByteArray>{"1", "2"}));
        m_held.back()(HttpResponse::text(u"two"_s));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "two");
    }

    void onlyTheFirstAnswerCounts()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/twice"));
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "first");
        QTest::qWait(100); // the "third" answer's turn of the event loop has come and gone
        client.send(get("/sync"));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "sync");
        QCOMPARE(client.buffered(), QByteArray());
    }

    void aResponderKnowsWhetherItIsStillWaited()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hold"));
        QTRY_COMPARE(m_held.size(), 1);
        const Responder copy = m_held.front();
        QVERIFY(copy.isWaiting());
        m_held.front()(HttpResponse::text(u"done"_s));
        QVERIFY(!copy.isWaiting());
        QVERIFY(!m_held.front().isWaiting());
        copy(HttpResponse::text(u"again"_s)); // a copy answers the same request: ignored
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "done");
        QCOMPARE(client.buffered(), QByteArray());

        const Responder nobody;
        QVERIFY(!nobody.isWaiting());
        nobody(HttpResponse::text(u"to nobody"_s));
    }

    // A handler that never answers: the client gets 503 at the response deadline, and the connection
    // closes; an answer that comes later is dropped.
    void aHandlerThatNeverAnswersGets503_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<bool>("head");
        QTest::newRow("GET") << get("/hold") << false;
        QTest::newRow("HEAD") << QByteArray("HEAD /hold HTTP/1.1\r\nHost: t\r\n\r\n") << true;
        QTest::newRow("pipelined after it") << get("/hold") + get("/sync") << false;
    }

    void aHandlerThatNeverAnswersGets503()
    {
        QFETCH(QByteArray, request);
        QFETCH(bool, head);
        HttpServerOptions options = testOptions();
        options.responseTimeoutMs = 300;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        QElapsedTimer clock;
        clock.start();
        client.send(request);
        const std::optional<RawResponse> response = client.readResponse(4000, head);
        QVERIFY(response);
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(response->statusLine, "HTTP/1.1 503 Service Unavailable");
        QCOMPARE(response->headers.value("connection"), "close");
        QCOMPARE(response->headers.value("content-length"), "26");
        QCOMPARE(response->body, head ? QByteArray() : QByteArray("no response within 300 ms\n"));
        QVERIFY(client.waitForDisconnected(3000));
        QCOMPARE(client.buffered(), QByteArray()); // nothing for the pipelined request
        QTRY_COMPARE(server->connectionCount(), 0);
        QCOMPARE(m_held.size(), 1);
        QVERIFY(!m_held.front().isWaiting());
        m_held.front()(HttpResponse::text(u"too late"_s));
        QCOMPARE(m_started.size(), 1);
    }

    // While a response is pending, the idle and header deadlines do not apply: only the response
    // deadline does.
    void aSlowHandlerIsNotCutOffByTheReadDeadlines()
    {
        HttpServerOptions options = testOptions();
        options.idleTimeoutMs = 100;
        options.headerReadTimeoutMs = 100;
        const auto server = startServer(options);
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/later?400"));
        const std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "answer 400");
    }

    void answeringAfterTheClientLeftDoesNothing()
    {
        const auto server = startServer();
        {
            RawHttpClient client;
            QVERIFY(client.connectTo(server->serverPort()));
            client.send(get("/hold"));
            QTRY_COMPARE(m_held.size(), 1);
            QVERIFY(m_held.front().isWaiting());
            client.socket()->abort();
        }
        QTRY_COMPARE(server->connectionCount(), 0);
        QVERIFY(!m_held.front().isWaiting());
        m_held.front()(HttpResponse::text(u"nobody listens"_s));
        QTest::qWait(50); // whatever the late answer set off has run

        RawHttpClient next;
        QVERIFY(next.connectTo(server->serverPort()));
        next.send(get("/sync"));
        const std::optional<RawResponse> response = next.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "sync");
    }

    // close() with responses pending drops the connections; the Responders outlive them (and the
    // server itself) harmlessly. AddressSanitizer would report a dangling connection here.
    void closingTheServerWithPendingResponses()
    {
        auto server = startServer();
        RawHttpClient first;
        RawHttpClient second;
        QVERIFY(first.connectTo(server->serverPort()));
        QVERIFY(second.connectTo(server->serverPort()));
        first.send(get("/hold?first"));
        second.send(get("/hold?second"));
        QTRY_COMPARE(m_held.size(), 2);
        server->close();
        QCOMPARE(server->connectionCount(), 0);
        // At once, while the closed connections still exist (they are deleted later).
        QVERIFY(!m_held.at(0).isWaiting());
        QVERIFY(!m_held.at(1).isWaiting());
        m_held.at(0)(HttpResponse::text(u"after close"_s));
        QVERIFY(first.waitForDisconnected(2000));
        QVERIFY(second.waitForDisconnected(2000));
        QCOMPARE(first.buffered(), QByteArray());

        server.reset(); // the connections are destroyed now at the latest
        QVERIFY(!m_held.at(1).isWaiting());
        m_held.at(1)(HttpResponse::text(u"after the server"_s));
    }

    void destroyingTheServerWithAPendingResponse()
    {
        auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/hold"));
        QTRY_COMPARE(m_held.size(), 1);
        server.reset();
        QVERIFY(!m_held.front().isWaiting());
        m_held.front()(HttpResponse::text(u"after the server"_s));
        QVERIFY(client.waitForDisconnected(2000));
        QCOMPARE(client.buffered(), QByteArray());
    }

    // An asynchronous handler may close the server before it answers (as a synchronous one may).
    void aHandlerMayCloseTheServerThenAnswer()
    {
        HttpServer server(testOptions());
        server.routeAsync("POST", u"/shutdown"_s, [&server](const HttpRequest &, Responder respond) {
            server.close();
            respond(HttpResponse::text(u"closing"_s));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());
        RawHttpClient client;
        QVERIFY(client.connectTo(server.serverPort()));
        client.send("POST /shutdown HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        QVERIFY(client.waitForDisconnected(3000));
        QCOMPARE(client.buffered(), QByteArray());
        QVERIFY(!server.isListening());
        QCOMPARE(server.connectionCount(), 0);
    }

    void unknownPathsAndMethodsStillGet404And405()
    {
        const auto server = startServer();
        RawHttpClient client;
        QVERIFY(client.connectTo(server->serverPort()));
        client.send(get("/nowhere") + "POST /later HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        std::optional<RawResponse> response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 404);
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 405);
        QCOMPARE(response->headers.value("allow"), "GET, HEAD");
        QVERIFY(m_started.isEmpty());
    }
};

QTEST_GUILESS_MAIN(HttpServerAsyncTest)
#include "tst_httpserverasync.moc"
