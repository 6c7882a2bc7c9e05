#include "httpserver/certificatepair.h"
#include "testcertificates.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::httpserver::CertificatePair;
using namespace locust::httpserver::testing;

class CertificatePairTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    CertificateFiles m_ec;
    CertificateFiles m_otherEc;
    CertificateFiles m_rsa;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Writes key material converted by `openssl <arguments> -in <key> -out <name>`.
    QString convertedKey(const QString &name, const QString &inputKey, QStringList arguments)
    {
        arguments << u"-in"_s << inputKey << u"-out"_s << path(name);
        const auto converted = runOpenssl(arguments);
        if (!converted)
            qWarning() << converted.errorMessage();
        return path(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto ec = makeSelfSigned(m_dir.path(), u"ec"_s, u"ec.test"_s);
        QVERIFY2(ec, qPrintable(ec.errorMessage()));
        m_ec = *ec;
        const auto otherEc = makeSelfSigned(m_dir.path(), u"other-ec"_s, u"other.test"_s);
        QVERIFY2(otherEc, qPrintable(otherEc.errorMessage()));
        m_otherEc = *otherEc;
        const auto rsa = makeSelfSigned(m_dir.path(), u"rsa"_s, u"rsa.test"_s, KeyType::Rsa);
        QVERIFY2(rsa, qPrintable(rsa.errorMessage()));
        m_rsa = *rsa;
    }

    void loadsEveryKeyForm_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("pemLabel");
        QTest::addColumn<QSsl::KeyAlgorithm>("algorithm");

        QTest::newRow("EC PKCS#8") << m_ec.certificatePath << m_ec.keyPath << "PRIVATE KEY"_ba << QSsl::Ec;
        QTest::newRow("EC SEC1") << m_ec.certificatePath << convertedKey(u"ec-sec1.key"_s, m_ec.keyPath, {u"ec"_s})
                                 << "EC PRIVATE KEY"_ba << QSsl::Ec;
        QTest::newRow("RSA PKCS#8") << m_rsa.certificatePath << m_rsa.keyPath << "PRIVATE KEY"_ba << QSsl::Rsa;
        QTest::newRow("RSA PKCS#1") << m_rsa.certificatePath
                                    << convertedKey(u"rsa-pkcs1.key"_s, m_rsa.keyPath, {u"rsa"_s, u"-traditional"_s})
                                    << "RSA PRIVATE KEY"_ba << QSsl::Rsa;
    }

    void loadsEveryKeyForm()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QByteArray, pemLabel);
        QFETCH(QSsl::KeyAlgorithm, algorithm);
        QVERIFY(readAll(key).startsWith("-----BEGIN " + pemLabel + "-----"));
        const auto pair = CertificatePair::fromFiles(certificate, key);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        QCOMPARE(pair->privateKey().algorithm(), algorithm);
        QCOMPARE(pair->privateKey().type(), QSsl::PrivateKey);
        QCOMPARE(pair->certificateChain().size(), 1);
        QCOMPARE(pair->certificateChain().front(), QSslCertificate(readAll(certificate)));
    }

    void loadsAChainLeafFirst()
    {
        const auto leaf = makeSignedBy(m_ec, m_dir.path(), u"leaf"_s, u"leaf.test"_s);
        QVERIFY2(leaf, qPrintable(leaf.errorMessage()));
        const auto pair = CertificatePair::fromFiles(leaf->certificatePath, leaf->keyPath);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        QCOMPARE(pair->certificateChain().size(), 2);
        QCOMPARE(pair->certificateChain().at(0).subjectInfo(QSslCertificate::CommonName), QStringList{u"leaf.test"_s});
        QCOMPARE(pair->certificateChain().at(1).subjectInfo(QSslCertificate::CommonName), QStringList{u"ec.test"_s});
        // The key is checked against the leaf, not the CA.
        const auto wrong = CertificatePair::fromFiles(leaf->certificatePath, m_ec.keyPath);
        QVERIFY(!wrong);
    }

    void rejectsAKeyOfAnotherCertificate_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::newRow("EC and EC") << m_ec.certificatePath << m_otherEc.keyPath
                                   << u"private key %1 does not match the certificate %2 (their public keys differ)"_s
                                          .arg(m_otherEc.keyPath, m_ec.certificatePath);
        QTest::newRow("EC SEC1 and EC")
            << m_ec.certificatePath << convertedKey(u"other-sec1.key"_s, m_otherEc.keyPath, {u"ec"_s})
            << u"private key %1 does not match the certificate %2 (their public keys differ)"_s.arg(
                   path(u"other-sec1.key"_s), m_ec.certificatePath);
        QTest::newRow("RSA key, EC certificate")
            << m_ec.certificatePath << m_rsa.keyPath
            << u"private key %1 does not match the certificate %2: an RSA key for a certificate with an EC public key"_s
                   .arg(m_rsa.keyPath, m_ec.certificatePath);
        QTest::newRow("EC key, RSA certificate")
            << m_rsa.certificatePath << m_ec.keyPath
            << u"private key %1 does not match the certificate %2: an EC key for a certificate with an RSA public key"_s
                   .arg(m_ec.keyPath, m_rsa.certificatePath);
    }

    void rejectsAKeyOfAnotherCertificate()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, message);
        const auto pair = CertificatePair::fromFiles(certificate, key);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), message);
    }

    void rejectsAnotherRsaKey()
    {
        const auto otherRsa = makeSelfSigned(m_dir.path(), u"other-rsa"_s, u"other-rsa.test"_s, KeyType::Rsa);
        QVERIFY2(otherRsa, qPrintable(otherRsa.errorMessage()));
        const QString pkcs1 = convertedKey(u"other-rsa-pkcs1.key"_s, otherRsa->keyPath, {u"rsa"_s, u"-traditional"_s});
        for (const QString &key : {otherRsa->keyPath, pkcs1}) {
            const auto pair = CertificatePair::fromFiles(m_rsa.certificatePath, key);
            QVERIFY(!pair);
            QCOMPARE(pair.errorMessage(),
                     u"private key %1 does not match the certificate %2 (their public keys differ)"_s.arg(
                         key, m_rsa.certificatePath));
        }
    }

    void acceptsAnEcKeyWithoutItsPublicPoint()
    {
        // `openssl ec -no_public` drops the public point the mismatch check compares. Such a key is
        // accepted unchecked (documented), since rejecting a valid key would be worse.
        const QString key = convertedKey(u"ec-nopub.key"_s, m_ec.keyPath, {u"ec"_s, u"-no_public"_s});
        const auto pair = CertificatePair::fromFiles(m_ec.certificatePath, key);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        QCOMPARE(pair->privateKey().algorithm(), QSsl::Ec);
    }

    void reportsUnreadableInput()
    {
        const QString missing = path(u"missing.crt"_s);
        auto pair = CertificatePair::fromFiles(missing, m_ec.keyPath);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), u"cannot read certificate file %1: No such file or directory"_s.arg(missing));

        pair = CertificatePair::fromFiles(m_ec.certificatePath, path(u"missing.key"_s));
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(),
                 u"cannot read private key file %1: No such file or directory"_s.arg(path(u"missing.key"_s)));

        QVERIFY(writeFile(path(u"garbage"_s), "this is not PEM\n"));
        pair = CertificatePair::fromFiles(path(u"garbage"_s), m_ec.keyPath);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), u"certificate file %1 holds no PEM certificate"_s.arg(path(u"garbage"_s)));

        const QString keyMessage = u"private key file %1 holds no unencrypted RSA or EC private key in PEM form "
                                   "(PKCS#1, PKCS#8 or SEC1)"_s;
        pair = CertificatePair::fromFiles(m_ec.certificatePath, path(u"garbage"_s));
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), keyMessage.arg(path(u"garbage"_s)));

        // A certificate where the key belongs.
        pair = CertificatePair::fromFiles(m_ec.certificatePath, m_ec.certificatePath);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), keyMessage.arg(m_ec.certificatePath));

        const QString encrypted = convertedKey(u"encrypted.key"_s, m_ec.keyPath,
                                               {u"pkcs8"_s, u"-topk8"_s, u"-passout"_s, u"pass:secret"_s});
        QVERIFY(readAll(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        pair = CertificatePair::fromFiles(m_ec.certificatePath, encrypted);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), keyMessage.arg(encrypted));

        // Half a PEM block (a file caught while being written).
        QVERIFY(writeFile(path(u"half.crt"_s), m_ec.certificatePem.left(m_ec.certificatePem.size() / 2)));
        pair = CertificatePair::fromFiles(path(u"half.crt"_s), m_ec.keyPath);
        QVERIFY(!pair);
        QCOMPARE(pair.errorMessage(), u"certificate file %1 holds no PEM certificate"_s.arg(path(u"half.crt"_s)));
    }

    void buildsAServerConfiguration()
    {
        const auto pair = CertificatePair::fromFiles(m_ec.certificatePath, m_ec.keyPath);
        QVERIFY2(pair, qPrintable(pair.errorMessage()));
        const QSslConfiguration configuration = pair->serverConfiguration();
        QCOMPARE(configuration.protocol(), QSsl::TlsV1_2OrLater);
        QCOMPARE(configuration.allowedNextProtocols(), QList<QByteArray>{"http/1.1"});
        QCOMPARE(configuration.peerVerifyMode(), QSslSocket::VerifyNone);
        QCOMPARE(configuration.localCertificate(), pair->certificateChain().front());
        QCOMPARE(configuration.localCertificateChain(), pair->certificateChain());
        QCOMPARE(configuration.privateKey(), pair->privateKey());
    }

    void comparesByContent()
    {
        const auto a = CertificatePair::fromPem(m_ec.certificatePem, m_ec.keyPem, u"a"_s, u"a"_s);
        const auto b = CertificatePair::fromPem(m_ec.certificatePem, m_ec.keyPem, u"b"_s, u"b"_s);
        const auto c = CertificatePair::fromPem(m_otherEc.certificatePem, m_otherEc.keyPem, u"c"_s, u"c"_s);
        QVERIFY(a && b && c);
        QVERIFY(*a == *b);
        QVERIFY(!(*a == *c));
    }
};

QTEST_GUILESS_MAIN(CertificatePairTest)
#include "tst_certificatepair.moc"
