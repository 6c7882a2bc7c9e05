#include "httpserver/certificatefilewaiter.h"
#include "testcertificates.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;
using locust::httpserver::CertificateFileWaiter;
using locust::httpserver::testing::writeFile;

class CertificateFileWaiterTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyAtOnceWhenTheFilesExist()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"tls.crt"_s);
        const QString key = dir.filePath(u"tls.key"_s);
        QVERIFY(writeFile(cert, "c") && writeFile(key, "k"));
        CertificateFileWaiter waiter(cert, key, 120'000);
        QSignalSpy waiting(&waiter, &CertificateFileWaiter::waiting);
        QSignalSpy stillWaiting(&waiter, &CertificateFileWaiter::stillWaiting);
        QSignalSpy ready(&waiter, &CertificateFileWaiter::ready);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        QElapsedTimer clock;
        clock.start();
        waiter.start();
        QCOMPARE(ready.size(), 0); // never from inside start()
        QVERIFY(waiter.isWaiting());
        QTRY_COMPARE(ready.size(), 1);
        QVERIFY2(clock.elapsed() < 900, "the first check does not wait for the poll interval");
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.at(0).at(0).toString(), cert);
        QCOMPARE(waiting.at(0).at(1).toString(), key);
        QCOMPARE(waiting.at(0).at(2).toLongLong(), 120'000);
        QCOMPARE(stillWaiting.size(), 0);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!waiter.isWaiting());
    }

    void waitsForFilesThatAppearLater()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"tls.crt"_s);
        const QString key = dir.filePath(u"tls.key"_s);
        CertificateFileWaiter waiter(cert, key, 10'000);
        QSignalSpy stillWaiting(&waiter, &CertificateFileWaiter::stillWaiting);
        QSignalSpy ready(&waiter, &CertificateFileWaiter::ready);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        QElapsedTimer clock;
        clock.start();
        waiter.start();
        // The certificate first, the key later: both are needed.
        QTimer::singleShot(500, [&] { QVERIFY(writeFile(cert, "c")); });
        QTimer::singleShot(1200, [&] { QVERIFY(writeFile(key, "k")); });
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 5000);
        // Polled once a second: seen at the 2 s check, not before the key existed.
        QVERIFY2(clock.elapsed() >= 1200 && clock.elapsed() < 3500, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(stillWaiting.size(), 1); // at the first check; the next is due only after 10 s
        QCOMPARE(stillWaiting.at(0).at(1).toLongLong(), 10'000);
    }

    void aDanglingSymlinkIsNotAFile()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"tls.crt"_s);
        const QString key = dir.filePath(u"tls.key"_s);
        // The kubelet's links exist before `..data` does when the Secret is optional and not there yet.
        QVERIFY(::symlink("..data/tls.crt", QFile::encodeName(cert).constData()) == 0);
        QVERIFY(::symlink("..data/tls.key", QFile::encodeName(key).constData()) == 0);
        CertificateFileWaiter waiter(cert, key, 10'000);
        waiter.setPollIntervalMs(50);
        QSignalSpy ready(&waiter, &CertificateFileWaiter::ready);
        waiter.start();
        QTest::qWait(300);
        QCOMPARE(ready.size(), 0);
        QVERIFY(QDir(dir.path()).mkdir(u"..2026_11_24_10_00_00.1"_s));
        QVERIFY(writeFile(dir.filePath(u"..2026_11_24_10_00_00.1/tls.crt"_s), "c"));
        QVERIFY(writeFile(dir.filePath(u"..2026_11_24_10_00_00.1/tls.key"_s), "k"));
        QVERIFY(::symlink("..2026_11_24_10_00_00.1", QFile::encodeName(dir.filePath(u"..data"_s)).constData()) == 0);
        QTRY_COMPARE(ready.size(), 1);
    }

    void failsAfterTheTimeout()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"tls.crt"_s);
        const QString key = dir.filePath(u"tls.key"_s);
        QVERIFY(writeFile(cert, "c")); // one of two is not enough
        CertificateFileWaiter waiter(cert, key, 1500);
        QSignalSpy ready(&waiter, &CertificateFileWaiter::ready);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        QElapsedTimer clock;
        clock.start();
        waiter.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QVERIFY2(clock.elapsed() >= 1500 && clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(failed.at(0).at(0).toString(),
                 u"webhook cert files (%1, %2) not present after 1.5s — is cert-manager installed and is the "
                 "Certificate resource Ready? Check `kubectl describe certificate -A` and "
                 "`kubectl -n cert-manager logs deploy/cert-manager`"_s.arg(cert, key));
        QCOMPARE(ready.size(), 0);
        QVERIFY(!waiter.isWaiting());
    }

    void zeroTimeoutWaitsForever()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"tls.crt"_s);
        const QString key = dir.filePath(u"tls.key"_s);
        CertificateFileWaiter waiter(cert, key, 0);
        waiter.setPollIntervalMs(100);
        QSignalSpy ready(&waiter, &CertificateFileWaiter::ready);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        waiter.start();
        QTest::qWait(700);
        QCOMPARE(failed.size(), 0);
        QVERIFY(waiter.isWaiting());
        QVERIFY(writeFile(cert, "c") && writeFile(key, "k"));
        QTRY_COMPARE(ready.size(), 1);
        QCOMPARE(failed.size(), 0);
    }

    void reportsProgressAtTheGivenInterval()
    {
        QTemporaryDir dir;
        CertificateFileWaiter waiter(dir.filePath(u"tls.crt"_s), dir.filePath(u"tls.key"_s), 1000);
        waiter.setPollIntervalMs(50);
        waiter.setProgressIntervalMs(300);
        QSignalSpy stillWaiting(&waiter, &CertificateFileWaiter::stillWaiting);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        waiter.start();
        QTRY_COMPARE(failed.size(), 1);
        // At about 0, 300, 600 and 900 ms: never closer together than the interval.
        QVERIFY2(stillWaiting.size() >= 3 && stillWaiting.size() <= 4, qPrintable(QString::number(stillWaiting.size())));
        qint64 previous = -300;
        for (const QList<QVariant> &arguments : std::as_const(stillWaiting)) {
            const qint64 elapsed = arguments.at(0).toLongLong();
            QVERIFY2(elapsed - previous >= 300, qPrintable(u"%1 after %2"_s.arg(elapsed).arg(previous)));
            QCOMPARE(arguments.at(1).toLongLong(), 1000);
            previous = elapsed;
        }
    }

    void cancelStopsWaiting()
    {
        QTemporaryDir dir;
        CertificateFileWaiter waiter(dir.filePath(u"tls.crt"_s), dir.filePath(u"tls.key"_s), 300);
        QSignalSpy failed(&waiter, &CertificateFileWaiter::failed);
        waiter.start();
        waiter.cancel();
        QTest::qWait(500);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!waiter.isWaiting());
    }

    void timeoutMessageNamesBothFiles()
    {
        QCOMPARE(CertificateFileWaiter::timeoutMessage(u"/tmp/k8s-webhook-server/serving-certs/tls.crt"_s,
                                                       u"/tmp/k8s-webhook-server/serving-certs/tls.key"_s, 120'000),
                 u"webhook cert files (/tmp/k8s-webhook-server/serving-certs/tls.crt, "
                 "/tmp/k8s-webhook-server/serving-certs/tls.key) not present after 2m0s — is cert-manager installed "
                 "and is the Certificate resource Ready? Check `kubectl describe certificate -A` and "
                 "`kubectl -n cert-manager logs deploy/cert-manager`"_s);
    }
};

QTEST_GUILESS_MAIN(CertificateFileWaiterTest)
#include "tst_certificatefilewaiter.moc"
