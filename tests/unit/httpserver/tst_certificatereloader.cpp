#include "httpserver/certificatereloader.h"
#include "testcertificates.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using locust::httpserver::CertificateReloader;
using namespace locust::httpserver::testing;

namespace {

// A Secret volume as the kubelet writes it (atomic_writer.go): the data in a timestamped directory,
// `..data` a symlink to it, the user-visible files symlinks through `..data`. An update writes a new
// timestamped directory, points `..data_tmp` at it, renames `..data_tmp` over `..data` (the one
// atomic step) and removes the old directory.
class SecretVolume
{
public:
    explicit SecretVolume(const QString &directory)
        : m_directory(directory)
    {
    }

    bool publish(const QByteArray &certificate, const QByteArray &key)
    {
        const QString timestamped = u"..2026_11_24_10_00_%1.%2"_s.arg(m_generation, 2, 10, QLatin1Char('0'))
                                        .arg(100000 + m_generation);
        ++m_generation;
        QDir dir(m_directory);
        if (!dir.mkdir(timestamped) || !writeFile(dir.filePath(timestamped + u"/tls.crt"_s), certificate)
            || !writeFile(dir.filePath(timestamped + u"/tls.key"_s), key))
            return false;
        if (m_current.isEmpty()) {
            m_current = timestamped;
            return link(timestamped, u"..data"_s) && link(u"..data/tls.crt"_s, u"tls.crt"_s)
                   && link(u"..data/tls.key"_s, u"tls.key"_s);
        }
        if (!link(timestamped, u"..data_tmp"_s))
            return false;
        if (std::rename(QFile::encodeName(dir.filePath(u"..data_tmp"_s)).constData(),
                        QFile::encodeName(dir.filePath(u"..data"_s)).constData())
            != 0)
            return false;
        const QString old = std::exchange(m_current, timestamped);
        return QDir(dir.filePath(old)).removeRecursively();
    }

private:
    bool link(const QString &target, const QString &name) const
    {
        return ::symlink(QFile::encodeName(target).constData(),
                         QFile::encodeName(QDir(m_directory).filePath(name)).constData())
               == 0;
    }

    QString m_directory;
    QString m_current;
    int m_generation = 0;
};

QSslCertificate leafOf(const QSslConfiguration &configuration)
{
    return configuration.localCertificate();
}

} // namespace

class CertificateReloaderTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_certificates;
    CertificateFiles m_a;
    CertificateFiles m_b;
    QSslCertificate m_aCertificate;
    QSslCertificate m_bCertificate;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_certificates.isValid());
        const auto a = makeSelfSigned(m_certificates.path(), u"a"_s, u"a.test"_s);
        QVERIFY2(a, qPrintable(a.errorMessage()));
        m_a = *a;
        const auto b = makeSelfSigned(m_certificates.path(), u"b"_s, u"b.test"_s);
        QVERIFY2(b, qPrintable(b.errorMessage()));
        m_b = *b;
        m_aCertificate = QSslCertificate(m_a.certificatePem);
        m_bCertificate = QSslCertificate(m_b.certificatePem);
    }

    void loadsAtStart()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        QCOMPARE(reloader.certificatePath(), dir.filePath(u"tls.crt"_s));
        QCOMPARE(reloader.keyPath(), dir.filePath(u"tls.key"_s));
        const auto configuration = reloader.start();
        QVERIFY2(configuration, qPrintable(configuration.errorMessage()));
        QCOMPARE(leafOf(*configuration), m_aCertificate);
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);
        QCOMPARE(configuration->protocol(), QSsl::TlsV1_2OrLater);
        QCOMPARE(configuration->allowedNextProtocols(), QList<QByteArray>{"http/1.1"});
    }

    void usesTheGivenFileNames()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(u"serving.pem"_s), m_b.certificatePem));
        QVERIFY(writeFile(dir.filePath(u"serving-key.pem"_s), m_b.keyPem));
        CertificateReloader reloader(dir.path(), u"serving.pem"_s, u"serving-key.pem"_s);
        const auto configuration = reloader.start();
        QVERIFY2(configuration, qPrintable(configuration.errorMessage()));
        QCOMPARE(leafOf(*configuration), m_bCertificate);
    }

    void failsToStartWithoutAGoodPair()
    {
        QTemporaryDir dir;
        CertificateReloader reloader(dir.path());
        auto configuration = reloader.start();
        QVERIFY(!configuration);
        QCOMPARE(configuration.errorMessage(),
                 u"cannot read certificate file %1: No such file or directory"_s.arg(dir.filePath(u"tls.crt"_s)));
        QVERIFY(reloader.configuration().isNull());

        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_b.keyPem));
        configuration = reloader.start();
        QVERIFY(!configuration);
        QCOMPARE(configuration.errorMessage(),
                 u"private key %1 does not match the certificate %2 (their public keys differ)"_s.arg(
                     dir.filePath(u"tls.key"_s), dir.filePath(u"tls.crt"_s)));
    }

    void followsKubeletUpdates()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0); // only the watches
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        // Several swaps in a row: each one must have renewed the watches for the next.
        const QList<const CertificateFiles *> sequence{&m_b, &m_a, &m_b};
        for (qsizetype i = 0; i < sequence.size(); ++i) {
            QVERIFY(volume.publish(sequence[i]->certificatePem, sequence[i]->keyPem));
            QTRY_COMPARE(reloaded.size(), i + 1);
            const QSslCertificate expected(sequence[i]->certificatePem);
            QCOMPARE(leafOf(reloaded.last().at(0).value<QSslConfiguration>()), expected);
            QCOMPARE(leafOf(reloader.configuration()), expected);
        }
        QCOMPARE(failed.size(), 0);
    }

    void renewsTheFileWatchesAfterASwap()
    {
        // After a swap the files' watches must follow the symlinks to the new timestamped directory:
        // an in-place write there is visible only to a file watch (a directory watch does not report
        // content changes, and this one is a level up).
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QVERIFY(reloader.start());
        QVERIFY(volume.publish(m_b.certificatePem, m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);

        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_a.certificatePem)); // through ..data
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_a.keyPem));
        QTRY_COMPARE(reloaded.size(), 2);
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);
    }

    void keepsTheLastGoodPairWhenAnUpdateIsBad()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());
        const QString certificatePath = dir.filePath(u"tls.crt"_s);
        const QString keyPath = dir.filePath(u"tls.key"_s);

        QVERIFY(volume.publish(m_b.certificatePem, m_a.keyPem)); // B's certificate, A's key
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.last().at(0).toString(),
                 u"cannot reload the certificate: private key %1 does not match the certificate %2 (their public "
                 "keys differ); still serving the previous certificate"_s.arg(keyPath, certificatePath));
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);

        QVERIFY(volume.publish("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n", m_b.keyPem));
        QTRY_COMPARE(failed.size(), 2);
        QCOMPARE(failed.last().at(0).toString(),
                 u"cannot reload the certificate: certificate file %1 holds no PEM certificate; still serving the "
                 "previous certificate"_s.arg(certificatePath));
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);

        QVERIFY(volume.publish(m_b.certificatePem, m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);
        QCOMPARE(leafOf(reloader.configuration()), m_bCertificate);
        QCOMPARE(failed.size(), 2);
    }

    void reportsAMissingFileAndRecovers()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_a.certificatePem));
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        QVERIFY(QFile::remove(dir.filePath(u"tls.key"_s)));
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.last().at(0).toString(),
                 u"cannot reload the certificate: cannot read private key file %1: No such file or directory; "
                 "still serving the previous certificate"_s.arg(dir.filePath(u"tls.key"_s)));
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);

        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_b.certificatePem));
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);
        QCOMPARE(leafOf(reloader.configuration()), m_bCertificate);
    }

    void reloadsPlainFilesRewrittenInPlace()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_a.certificatePem));
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        // Certificate first, key 50 ms later: within the debounce, so the half-written state (B's
        // certificate with A's key) is never loaded and never reported.
        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_b.certificatePem));
        QTest::qWait(50);
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);
        QCOMPARE(leafOf(reloader.configuration()), m_bCertificate);
        QCOMPARE(failed.size(), 0);

        // And again, through the watches renewed after the first change.
        QVERIFY(writeFile(dir.filePath(u"tls.crt"_s), m_a.certificatePem));
        QVERIFY(writeFile(dir.filePath(u"tls.key"_s), m_a.keyPem));
        QTRY_COMPARE(reloaded.size(), 2);
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);
        QCOMPARE(failed.size(), 0);
    }

    void staysQuietWhenTheContentIsTheSame()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(0);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem)); // a resync with the same content
        QTest::qWait(3 * CertificateReloader::DefaultDebounceMs);
        QCOMPARE(reloaded.size(), 0);
        QCOMPARE(failed.size(), 0);

        QVERIFY(volume.publish(m_b.certificatePem, m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);
    }

    void reportsTheSameProblemOnce()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        reloader.setPollIntervalMs(100); // the poll re-reads the bad pair again and again
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        QVERIFY(volume.publish(m_a.certificatePem, m_b.keyPem));
        QTRY_COMPARE(failed.size(), 1);
        QTest::qWait(500);
        QCOMPARE(failed.size(), 1);
    }

    void pollFindsADirectoryThatWasReplaced()
    {
        // Removing the watched directory itself drops every watch; only the poll can notice the new one.
        QTemporaryDir parent;
        const QString directory = parent.filePath(u"certs"_s);
        QVERIFY(QDir().mkpath(directory));
        SecretVolume volume(directory);
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(directory);
        reloader.setPollIntervalMs(800);
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QSignalSpy failed(&reloader, &CertificateReloader::reloadFailed);
        QVERIFY(reloader.start());

        QVERIFY(QDir(directory).removeRecursively());
        // The removal's own (debounced) event finds nothing to load; after that nothing watches.
        QTRY_COMPARE(failed.size(), 1);
        QTest::qWait(2 * CertificateReloader::DefaultDebounceMs);
        QVERIFY(QDir().mkpath(directory));
        SecretVolume replacement(directory);
        QVERIFY(replacement.publish(m_b.certificatePem, m_b.keyPem));
        QTRY_COMPARE(reloaded.size(), 1);
        QCOMPARE(leafOf(reloader.configuration()), m_bCertificate);

        // The watches are back as well: the next kubelet swap is seen without waiting for the poll.
        reloader.setPollIntervalMs(0);
        QVERIFY(replacement.publish(m_a.certificatePem, m_a.keyPem));
        QTRY_COMPARE(reloaded.size(), 2);
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);
    }

    void stopEndsWatching()
    {
        QTemporaryDir dir;
        SecretVolume volume(dir.path());
        QVERIFY(volume.publish(m_a.certificatePem, m_a.keyPem));
        CertificateReloader reloader(dir.path());
        QSignalSpy reloaded(&reloader, &CertificateReloader::reloaded);
        QVERIFY(reloader.start());
        reloader.stop();
        QVERIFY(volume.publish(m_b.certificatePem, m_b.keyPem));
        QTest::qWait(3 * CertificateReloader::DefaultDebounceMs);
        QCOMPARE(reloaded.size(), 0);
        QCOMPARE(leafOf(reloader.configuration()), m_aCertificate);
    }
};

QTEST_GUILESS_MAIN(CertificateReloaderTest)
#include "tst_certificatereloader.moc"
