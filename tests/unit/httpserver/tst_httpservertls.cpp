#include "httpserver/certificatepair.h"
#include "httpserver/httpserver.h"
#include "httpserver/tlshandshakeprobe.h"
#include "rawhttpclient.h"
#include "testcertificates.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSslServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::httpserver;
using namespace locust::httpserver::testing;

namespace {

QT_WARNING_PUSH
QT_WARNING_DISABLE_DEPRECATED
// Deprecated in Qt 6.3 for good reason; here it is the attacker's side of the test.
constexpr QSsl::SslProtocol Tls11 = QSsl::TlsV1_1;
QT_WARNING_POP

QByteArray get(const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
}

QSslConfiguration clientConfiguration(QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater,
                                      const QList<QByteArray> &alpn = {})
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(protocol);
    configuration.setAllowedNextProtocols(alpn);
    return configuration;
}

} // namespace

class HttpServerTlsTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSslConfiguration m_first;
    QSslConfiguration m_second;
    QSslCertificate m_firstCertificate;
    QSslCertificate m_secondCertificate;

    std::unique_ptr<HttpServer> startServer(const QSslConfiguration &configuration, HttpServerOptions options = {})
    {
        auto server = std::make_unique<HttpServer>(options);
        server->route("GET", u"/hello"_s, [](const HttpRequest &) { return HttpResponse::text(u"hello\n"_s); });
        server->setSslConfiguration(configuration);
        if (const auto port = server->listen(QHostAddress::LocalHost, 0); !port)
            qWarning() << port.errorMessage();
        return server;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QSslSocket::supportsSsl());

        const auto first = makeSelfSigned(m_dir.path(), u"first"_s, u"first.test"_s);
        QVERIFY2(first, qPrintable(first.errorMessage()));
        const auto second = makeSelfSigned(m_dir.path(), u"second"_s, u"second.test"_s, KeyType::Rsa);
        QVERIFY2(second, qPrintable(second.errorMessage()));
        const auto firstPair = CertificatePair::fromFiles(first->certificatePath, first->keyPath);
        QVERIFY2(firstPair, qPrintable(firstPair.errorMessage()));
        const auto secondPair = CertificatePair::fromFiles(second->certificatePath, second->keyPath);
        QVERIFY2(secondPair, qPrintable(secondPair.errorMessage()));
        m_first = firstPair->serverConfiguration();
        m_second = secondPair->serverConfiguration();
        m_firstCertificate = firstPair->certificateChain().front();
        m_secondCertificate = secondPair->certificateChain().front();
        QVERIFY(m_firstCertificate != m_secondCertificate);
    }

    void servesTls12And13_data()
    {
        QTest::addColumn<QSsl::SslProtocol>("protocol");
        QTest::newRow("TLS 1.2") << QSsl::TlsV1_2;
        QTest::newRow("TLS 1.3") << QSsl::TlsV1_3;
    }

    void servesTls12And13()
    {
        QFETCH(QSsl::SslProtocol, protocol);
        const auto server = startServer(m_first);
        QVERIFY(server->isListening());
        QVERIFY(server->isTls());
        RawHttpClient client(RawHttpClient::Transport::Tls);
        client.setSslConfiguration(clientConfiguration(protocol, {"http/1.1"}));
        QVERIFY2(client.connectTo(server->serverPort()), qPrintable(client.error()));
        QCOMPARE(client.sslSocket()->sessionProtocol(), protocol);
        QCOMPARE(client.sslSocket()->sslConfiguration().nextNegotiatedProtocol(), "http/1.1");
        QCOMPARE(client.sslSocket()->peerCertificate(), m_firstCertificate);
        for (int i = 0; i < 2; ++i) { // keep-alive over TLS
            client.send(get("/hello"));
            const std::optional<RawResponse> response = client.readResponse();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            QCOMPARE(response->body, "hello\n");
        }
    }

    void negotiatesOnlyHttp11()
    {
        const auto server = startServer(m_first);
        RawHttpClient both(RawHttpClient::Transport::Tls);
        both.setSslConfiguration(clientConfiguration(QSsl::TlsV1_2OrLater, {"h2", "http/1.1"}));
        QVERIFY2(both.connectTo(server->serverPort()), qPrintable(both.error()));
        QCOMPARE(both.sslSocket()->sslConfiguration().nextNegotiatedProtocol(), "http/1.1");

        // A client without ALPN (curl --no-alpn, a readiness probe) is served HTTP/1.1.
        RawHttpClient noAlpn(RawHttpClient::Transport::Tls);
        noAlpn.setSslConfiguration(clientConfiguration(QSsl::TlsV1_2OrLater, {}));
        QVERIFY2(noAlpn.connectTo(server->serverPort()), qPrintable(noAlpn.error()));
        QCOMPARE(noAlpn.sslSocket()->sslConfiguration().nextNegotiatedProtocol(), QByteArray());
        noAlpn.send(get("/hello"));
        const std::optional<RawResponse> response = noAlpn.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);

        // A client that can speak only h2 fails the handshake (Qt's server answers with its own
        // protocol when there is no overlap, which the client rejects): it could not have talked to
        // this server anyway, and it does not disturb it.
        RawHttpClient h2Only(RawHttpClient::Transport::Tls);
        h2Only.setSslConfiguration(clientConfiguration(QSsl::TlsV1_2OrLater, {"h2"}));
        QSignalSpy handshakeFailed(server.get(), &HttpServer::tlsHandshakeFailed);
        QVERIFY(!h2Only.connectTo(server->serverPort()));
        QTRY_COMPARE(handshakeFailed.size(), 1);
        QTRY_COMPARE(server->connectionCount(), 2); // both's and noAlpn's
        QVERIFY(noAlpn.isConnected());
    }

    void enforcesTheTlsPolicyOnAnyConfiguration()
    {
        QSslConfiguration lax = m_first;
        lax.setProtocol(QSsl::AnyProtocol);
        lax.setAllowedNextProtocols({"h2", "http/1.1"});
        HttpServer server;
        server.setSslConfiguration(lax);
        QCOMPARE(server.sslConfiguration().protocol(), QSsl::TlsV1_2OrLater);
        QCOMPARE(server.sslConfiguration().allowedNextProtocols(), QList<QByteArray>{"http/1.1"});

        QSslConfiguration strict = m_first;
        strict.setProtocol(QSsl::TlsV1_3OrLater);
        server.setSslConfiguration(strict);
        QCOMPARE(server.sslConfiguration().protocol(), QSsl::TlsV1_3OrLater);
    }

    void refusesTls11()
    {
        // Control: a bare QSslServer that allows any protocol accepts this TLS 1.1 client, so the
        // refusal below is the HttpServer's policy and not this machine's OpenSSL.
        QSslConfiguration anyProtocol = m_first;
        anyProtocol.setProtocol(QSsl::AnyProtocol);
        QSslServer control;
        control.setSslConfiguration(anyProtocol);
        QVERIFY(control.listen(QHostAddress::LocalHost, 0));
        RawHttpClient controlClient(RawHttpClient::Transport::Tls);
        controlClient.setSslConfiguration(clientConfiguration(Tls11));
        if (!controlClient.connectTo(control.serverPort()))
            QSKIP(qPrintable(u"this OpenSSL build does not speak TLS 1.1 even at security level 0 (%1), so "
                             "a refusal could not be told apart from the library's own"_s.arg(controlClient.error())));
        QCOMPARE(controlClient.sslSocket()->sessionProtocol(), Tls11);

        // The HttpServer refuses the same client, also when handed a configuration allowing TLS 1.1.
        const auto server = startServer(anyProtocol);
        QSignalSpy handshakeFailed(server.get(), &HttpServer::tlsHandshakeFailed);
        RawHttpClient client(RawHttpClient::Transport::Tls);
        client.setSslConfiguration(clientConfiguration(Tls11));
        QVERIFY(!client.connectTo(server->serverPort()));
        QVERIFY(!client.sslSocket()->isEncrypted());
        QTRY_COMPARE(handshakeFailed.size(), 1);
        const QString error = handshakeFailed.at(0).at(1).toString();
        QVERIFY2(error.contains(u"unsupported protocol"_s), qPrintable(error));
        QTRY_COMPARE(server->connectionCount(), 0);

        // And still serves TLS 1.2.
        RawHttpClient modern(RawHttpClient::Transport::Tls);
        modern.setSslConfiguration(clientConfiguration(QSsl::TlsV1_2));
        QVERIFY2(modern.connectTo(server->serverPort()), qPrintable(modern.error()));
    }

    void plainHttpOnTheTlsPortFailsCleanly()
    {
        const auto server = startServer(m_first);
        QSignalSpy handshakeFailed(server.get(), &HttpServer::tlsHandshakeFailed);
        RawHttpClient plain;
        QVERIFY(plain.connectTo(server->serverPort()));
        QElapsedTimer clock;
        clock.start();
        plain.send(get("/hello"));
        QVERIFY(plain.waitForDisconnected(3000)); // at once, not at the 10 s handshake deadline
        QVERIFY(!plain.buffered().startsWith("HTTP/"));
        QTRY_COMPARE(handshakeFailed.size(), 1);
        QCOMPARE(handshakeFailed.at(0).at(0).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
        QTRY_COMPARE(server->connectionCount(), 0);

        RawHttpClient tls(RawHttpClient::Transport::Tls);
        QVERIFY2(tls.connectTo(server->serverPort()), qPrintable(tls.error()));
        tls.send(get("/hello"));
        QVERIFY(tls.readResponse());
    }

    void handshakeTimeoutDropsASilentClient()
    {
        HttpServerOptions options;
        options.handshakeTimeoutMs = 300;
        const auto server = startServer(m_first, options);
        QSignalSpy handshakeFailed(server.get(), &HttpServer::tlsHandshakeFailed);
        RawHttpClient silent;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(silent.connectTo(server->serverPort()));
        QVERIFY(silent.waitForDisconnected(4000));
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(handshakeFailed.size(), 1);
        QCOMPARE(handshakeFailed.at(0).at(1).toString(), u"TLS handshake not complete after 300 ms"_s);
    }

    void rotationAffectsNewConnectionsOnly()
    {
        const auto server = startServer(m_first);
        RawHttpClient before(RawHttpClient::Transport::Tls);
        QVERIFY2(before.connectTo(server->serverPort()), qPrintable(before.error()));
        QCOMPARE(before.sslSocket()->peerCertificate(), m_firstCertificate);
        before.send(get("/hello"));
        QVERIFY(before.readResponse());

        const quint16 port = server->serverPort();
        server->setSslConfiguration(m_second);
        QVERIFY(server->isListening());
        QCOMPARE(server->serverPort(), port);

        RawHttpClient after(RawHttpClient::Transport::Tls);
        QVERIFY2(after.connectTo(server->serverPort()), qPrintable(after.error()));
        QCOMPARE(after.sslSocket()->peerCertificate(), m_secondCertificate);
        after.send(get("/hello"));
        std::optional<RawResponse> response = after.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);

        // The connection opened before the rotation goes on with its session.
        QVERIFY(before.isConnected());
        before.send(get("/hello"));
        response = before.readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, "hello\n");
        QCOMPARE(before.sslSocket()->peerCertificate(), m_firstCertificate);
    }

    void probeReportsWhetherTheListenerAcceptsTls()
    {
        const auto server = startServer(m_first);
        std::optional<std::pair<bool, QString>> result;
        server->probeTls(3000, [&result](bool accepted, const QString &error) { result = {accepted, error}; });
        QVERIFY(!result); // never from inside probeTls()
        QTRY_VERIFY(result);
        QCOMPARE(result->first, true);
        QCOMPARE(result->second, QString());
        QTRY_COMPARE(server->connectionCount(), 0);

        result.reset();
        server->close();
        server->probeTls(3000, [&result](bool accepted, const QString &error) { result = {accepted, error}; });
        QTRY_VERIFY(result);
        QCOMPARE(*result, std::make_pair(false, u"the server is not listening"_s));

        HttpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0).ok());
        result.reset();
        plain.probeTls(3000, [&result](bool accepted, const QString &error) { result = {accepted, error}; });
        QTRY_VERIFY(result);
        QCOMPARE(*result, std::make_pair(false, u"the server does not serve TLS"_s));
    }

    void probeFailsAgainstAPlainListener()
    {
        HttpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0).ok());
        TlsHandshakeProbe probe;
        QSignalSpy finished(&probe, &TlsHandshakeProbe::finished);
        probe.start(u"127.0.0.1"_s, plain.serverPort(), 3000);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!finished.at(0).at(1).toString().isEmpty());
    }

    void probeTimesOut()
    {
        QTcpServer silent; // accepts connections, never answers the ClientHello
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        TlsHandshakeProbe probe;
        QSignalSpy finished(&probe, &TlsHandshakeProbe::finished);
        probe.start(u"127.0.0.1"_s, silent.serverPort(), 200);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(finished.at(0).at(1).toString(), u"TLS handshake not complete after 200 ms"_s);
    }
};

// OpenSSL 3 refuses TLS 1.0/1.1 at its default security level whatever the protocol settings (their
// handshake signatures use SHA-1). Lowering the level for this process makes the server's own TLS 1.2
// minimum the only thing that can refuse a TLS 1.1 client, which is what refusesTls11 is about. It
// must happen before anything in the process touches Qt's TLS backend, which loads OpenSSL and its
// configuration once (a default-constructed QSslConfiguration member of the test object already does).
int main(int argc, char **argv)
{
    QTemporaryDir configurationDir;
    const QString opensslConf = configurationDir.filePath(u"openssl.cnf"_s);
    if (!configurationDir.isValid()
        || !writeFile(opensslConf, "openssl_conf = openssl_init\n"
                                   "[openssl_init]\nssl_conf = ssl_configuration\n"
                                   "[ssl_configuration]\nsystem_default = tls_defaults\n"
                                   "[tls_defaults]\nCipherString = DEFAULT:@SECLEVEL=0\nMinProtocol = TLSv1\n")) {
        qCritical("cannot write the OpenSSL configuration");
        return 1;
    }
    qputenv("OPENSSL_CONF", QFile::encodeName(opensslConf));
    QCoreApplication app(argc, argv);
    HttpServerTlsTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_httpservertls.moc"
