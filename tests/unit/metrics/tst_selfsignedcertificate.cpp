// The metrics listener's self-signed certificate: what is in it, that its key belongs to it (checked
// by the openssl tool, independently of our code), and a real TLS handshake with it as the client's
// only trust anchor.

#include "httpserver/httpserver.h"
#include "metrics/selfsignedcertificate.h"
#include "rawhttpclient.h"
#include "testcertificates.h"

#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::httpserver;
using locust::metrics::SelfSignedCertificate;

class SelfSignedCertificateTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const QDateTime m_now = QDateTime(QDate(2024, 2, 29), QTime(12, 30, 15), Qt::UTC);

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QSslSocket::supportsSsl());
    }

    void describesLocalhostForAYear()
    {
        const Result<CertificatePair> pair = SelfSignedCertificate::generate(m_now);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        QCOMPARE(pair->certificateChain().size(), 1);
        const QSslCertificate certificate = pair->certificateChain().front();
        QVERIFY(!certificate.isNull());
        QVERIFY(certificate.isSelfSigned());
        QCOMPARE(certificate.version(), "3");
        const QString commonName = u"localhost@%1"_s.arg(m_now.toSecsSinceEpoch());
        QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList{commonName});
        QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), QStringList{commonName});
        QCOMPARE(certificate.effectiveDate(), m_now.addSecs(-3600));
        QCOMPARE(certificate.expiryDate(), m_now.addDays(365));

        const auto names = certificate.subjectAlternativeNames();
        QCOMPARE(names.values(QSsl::DnsEntry), QStringList{u"localhost"_s});
        QCOMPARE(names.values(QSsl::IpAddressEntry), QStringList{u"127.0.0.1"_s});
        QCOMPARE(names.size(), 2);

        QCOMPARE(pair->privateKey().algorithm(), QSsl::Ec);
        QCOMPARE(pair->privateKey().type(), QSsl::PrivateKey);
        QCOMPARE(pair->privateKey().length(), 256);
        QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);
        QVERIFY(!certificate.serialNumber().isEmpty());
    }

    // The extensions as openssl prints them: a serving certificate, not a CA.
    void hasTheExtensionsOfAServingCertificate()
    {
        const Result<CertificatePair> pair = SelfSignedCertificate::generate(m_now);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        const QString path = m_dir.filePath(u"extensions.crt"_s);
        QVERIFY(testing::writeFile(path, pair->certificateChain().front().toPem()));
        const Result<QByteArray> text = testing::runOpenssl(
            {u"x509"_s, u"-in"_s, path, u"-noout"_s, u"-ext"_s, u"basicConstraints,extendedKeyUsage,subjectAltName"_s});
        QVERIFY2(text, qPrintable(text.errorMessage()));
        QVERIFY2(text->contains("X509v3 Basic Constraints: critical\n    CA:FALSE"), text->constData());
        QVERIFY2(text->contains("X509v3 Extended Key Usage: \n    TLS Web Server Authentication"), text->constData());
        QVERIFY2(text->contains("DNS:localhost, IP Address:127.0.0.1"), text->constData());
        const Result<QByteArray> signature =
            testing::runOpenssl({u"x509"_s, u"-in"_s, path, u"-noout"_s, u"-text"_s});
        QVERIFY2(signature && signature->contains("Signature Algorithm: ecdsa-with-SHA256"), signature->constData());
    }

    // The private key's public half is the certificate's public key, as openssl derives it; and the
    // certificate verifies against itself for a TLS server.
    void keyBelongsToTheCertificate()
    {
        const Result<CertificatePair> pair = SelfSignedCertificate::generate();
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        const QString keyPath = m_dir.filePath(u"match.key"_s);
        const QString certificatePath = m_dir.filePath(u"match.crt"_s);
        QVERIFY(testing::writeFile(keyPath, pair->privateKey().toPem()));
        QVERIFY(testing::writeFile(certificatePath, pair->certificateChain().front().toPem()));
        const Result<QByteArray> fromKey = testing::runOpenssl({u"pkey"_s, u"-in"_s, keyPath, u"-pubout"_s});
        QVERIFY2(fromKey, qPrintable(fromKey.errorMessage()));
        const Result<QByteArray> fromCertificate =
            testing::runOpenssl({u"x509"_s, u"-in"_s, certificatePath, u"-noout"_s, u"-pubkey"_s});
        QVERIFY2(fromCertificate, qPrintable(fromCertificate.errorMessage()));
        QVERIFY(fromKey->startsWith("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(*fromKey, *fromCertificate);

        const Result<QByteArray> verified = testing::runOpenssl(
            {u"verify"_s, u"-CAfile"_s, certificatePath, u"-purpose"_s, u"sslserver"_s, certificatePath});
        QVERIFY2(verified, qPrintable(verified.errorMessage()));
        QCOMPARE(*verified, certificatePath.toUtf8() + ": OK\n");
    }

    void everyCertificateIsNew()
    {
        const Result<CertificatePair> first = SelfSignedCertificate::generate(m_now);
        const Result<CertificatePair> second = SelfSignedCertificate::generate(m_now);
        QVERIFY(first && second);
        QVERIFY(first->privateKey() != second->privateKey());
        QVERIFY(first->certificateChain().front().serialNumber() != second->certificateChain().front().serialNumber());
    }

    // A client that trusts only this certificate completes the handshake for the names in it, and
    // fails for any other name or without trusting it.
    void servesTlsToAClientThatTrustsIt_data()
    {
        QTest::addColumn<QString>("verifyName");
        QTest::addColumn<bool>("trusted");
        QTest::addColumn<QList<QSslError::SslError>>("errors");
        QTest::newRow("IP 127.0.0.1") << u"127.0.0.1"_s << true << QList<QSslError::SslError>{};
        QTest::newRow("DNS localhost") << u"localhost"_s << true << QList<QSslError::SslError>{};
        QTest::newRow("another name") << u"metrics.example.com"_s << true
                                      << QList<QSslError::SslError>{QSslError::HostNameMismatch};
        QTest::newRow("not trusted") << u"127.0.0.1"_s << false
                                     << QList<QSslError::SslError>{QSslError::SelfSignedCertificate};
    }

    void servesTlsToAClientThatTrustsIt()
    {
        QFETCH(QString, verifyName);
        QFETCH(bool, trusted);
        QFETCH(QList<QSslError::SslError>, errors);
        const Result<CertificatePair> pair = SelfSignedCertificate::generate();
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        HttpServer server;
        server.route("GET", u"/metrics"_s, [](const HttpRequest &) { return HttpResponse::text(u"ok"_s); });
        server.setSslConfiguration(pair->serverConfiguration());
        QVERIFY(server.listen(QHostAddress::LocalHost, 0).ok());

        QSslSocket client;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        configuration.setCaCertificates(trusted ? pair->certificateChain() : QList<QSslCertificate>{});
        client.setSslConfiguration(configuration);
        client.setPeerVerifyName(verifyName);
        QList<QSslError::SslError> seen;
        connect(&client, &QSslSocket::sslErrors, &client, [&seen](const QList<QSslError> &sslErrors) {
            for (const QSslError &error : sslErrors)
                seen.append(error.error());
        });
        bool failed = false;
        connect(&client, &QAbstractSocket::errorOccurred, &client, [&failed] { failed = true; });
        client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort());
        QVERIFY(QTest::qWaitFor([&] { return client.isEncrypted() || failed; }, 5000));
        QCOMPARE(seen, errors);
        QCOMPARE(client.isEncrypted(), errors.isEmpty());
        if (!client.isEncrypted())
            return;
        QCOMPARE(client.peerCertificate(), pair->certificateChain().front());
        client.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QByteArray answer;
        QVERIFY(QTest::qWaitFor(
            [&] {
                answer += client.readAll();
                return answer.endsWith("\r\n\r\nok");
            },
            5000));
        QVERIFY(answer.startsWith("HTTP/1.1 200 OK\r\n"));
    }
};

QTEST_GUILESS_MAIN(SelfSignedCertificateTest)
#include "tst_selfsignedcertificate.moc"
